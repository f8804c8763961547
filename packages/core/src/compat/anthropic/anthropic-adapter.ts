import { field, str } from '../../providers/read.ts';
import { errorMessage, errorTypeForStatus, type ChatAdapter } from '../adapter.ts';
import { anthropicRequest } from './anthropic-request.ts';
import { anthropicResponse } from './anthropic-response.ts';
import { anthropicStream } from './anthropic-stream.ts';
import { anthropicErrorType } from './anthropic-usage.ts';

/** Anthropic Messages API (`format: 'anthropic'`). */
export const anthropicAdapter: ChatAdapter = {
  request: anthropicRequest,
  response: anthropicResponse,
  stream: anthropicStream,
  error: (status, body) => {
    const type = field(body, 'error', 'type');
    return {
      status,
      message: errorMessage(body, `upstream error ${status}`),
      type: type === undefined ? errorTypeForStatus(status) : anthropicErrorType(type),
      code: str(type) ?? null,
    };
  },
};
