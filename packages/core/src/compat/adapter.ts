import type { Json } from '../providers/read.ts';
import type { ProviderCompat } from '../providers/types.ts';
import type { ChatCompletion, ChatRequest } from './chat-types.ts';
import type { MappedError, NativeStreamMapper } from './stream-events.ts';

/** What a mapper knows about the call it translates. */
export interface MapContext {
  /** Provider id, for error messages. */
  provider: string;
  /** The model sent upstream (the client's `provider/` prefix removed). */
  model: string;
  compat: ProviderCompat;
  /** Unix seconds, for `created`. */
  created: number;
  /** A fresh id with this prefix (tool-call ids for providers that do not send them). */
  newId(prefix: string): string;
}

/**
 * The three mappers of one native chat format (plus its error reader). They translate between
 * the OpenAI chat pivot and the provider's wire format; the core picks them by
 * `provider.compat.format`, never by provider id.
 */
export interface ChatAdapter {
  /** OpenAI chat request → native request body. Throws 400 for anything the format cannot express. */
  request(req: ChatRequest, ctx: MapContext): Json;
  /** Native JSON response → OpenAI chat completion. */
  response(body: unknown, ctx: MapContext): ChatCompletion;
  /** A fresh mapper for one native stream. */
  stream(ctx: MapContext): NativeStreamMapper;
  /** Native error body (parsed JSON, or the raw text) → neutral error. */
  error(status: number, body: unknown): MappedError;
}

/** OpenAI's error `type` for a status, used when a provider's own type does not map. */
export function errorTypeForStatus(status: number): string {
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

/** The message of an error body whatever its shape: `error.message`, `message`, or the text itself. */
export function errorMessage(body: unknown, fallback: string): string {
  if (typeof body === 'string') return body.slice(0, 2000) || fallback;
  if (typeof body === 'object' && body !== null) {
    const b = body as { error?: unknown; message?: unknown };
    if (typeof b.error === 'object' && b.error !== null && typeof (b.error as { message?: unknown }).message === 'string') return (b.error as { message: string }).message;
    if (typeof b.error === 'string') return b.error;
    if (typeof b.message === 'string') return b.message;
  }
  return fallback;
}
