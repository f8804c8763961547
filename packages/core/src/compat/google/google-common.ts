import { isObject, num } from '../../providers/read.ts';
import type { FinishReason } from '../chat-types.ts';
import type { Tokens } from '../stream-events.ts';

/** Gemini `usageMetadata` → tokens; thinking tokens count as output, as Google bills them. */
export function googleTokens(meta: unknown): Tokens | undefined {
  if (!isObject(meta)) return undefined;
  const thoughts = num(meta.thoughtsTokenCount);
  const tokens: Tokens = { input: num(meta.promptTokenCount) ?? 0, output: (num(meta.candidatesTokenCount) ?? 0) + (thoughts ?? 0) };
  const cached = num(meta.cachedContentTokenCount);
  if (cached !== undefined) tokens.cachedInput = cached;
  if (thoughts !== undefined) tokens.reasoning = thoughts;
  return tokens;
}

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);

/** Gemini `finishReason` → OpenAI `finish_reason`. A turn that called functions finishes with `tool_calls`. */
export function googleFinish(reason: unknown, calledTools: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (typeof reason === 'string' && FILTERED.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop';
}

const ERROR_TYPES: Record<string, string> = {
  INVALID_ARGUMENT: 'invalid_request_error',
  FAILED_PRECONDITION: 'invalid_request_error',
  OUT_OF_RANGE: 'invalid_request_error',
  NOT_FOUND: 'invalid_request_error',
  UNAUTHENTICATED: 'authentication_error',
  PERMISSION_DENIED: 'permission_error',
  RESOURCE_EXHAUSTED: 'rate_limit_error',
};

/** Google RPC status → OpenAI error type. */
export const googleErrorType = (status: unknown, httpStatus: number): string =>
  (typeof status === 'string' ? ERROR_TYPES[status] : undefined) ?? (httpStatus >= 500 ? 'api_error' : 'invalid_request_error');
