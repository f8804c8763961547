import { errorMessage, errorTypeForStatus, type ChatAdapter } from '../adapter.ts';
import { cohereRequest } from './cohere-request.ts';
import { cohereResponse } from './cohere-response.ts';
import { cohereStream } from './cohere-stream.ts';

/** Cohere v2 chat (`format: 'cohere'`). Its errors are `{"id", "message"}`. */
export const cohereAdapter: ChatAdapter = {
  request: cohereRequest,
  response: cohereResponse,
  stream: cohereStream,
  error: (status, body) => ({ status, message: errorMessage(body, `upstream error ${status}`), type: errorTypeForStatus(status), code: null }),
};
