import { field, num, str } from '../../providers/read.ts';
import { errorMessage, type ChatAdapter } from '../adapter.ts';
import { googleErrorType } from './google-common.ts';
import { googleRequest } from './google-request.ts';
import { googleResponse } from './google-response.ts';
import { googleStream } from './google-stream.ts';

/** Google Gemini API (`format: 'google'`): generateContent / streamGenerateContent. */
export const googleAdapter: ChatAdapter = {
  request: googleRequest,
  response: googleResponse,
  stream: googleStream,
  error: (status, body) => {
    const rpc = field(body, 'error', 'status');
    return { status, message: errorMessage(body, `upstream error ${status}`), type: googleErrorType(rpc, status), code: str(rpc) ?? num(field(body, 'error', 'code')) ?? null };
  },
};
