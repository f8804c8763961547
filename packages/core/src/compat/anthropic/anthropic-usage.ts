import { isObject, num } from '../../providers/read.ts';
import type { FinishReason } from '../chat-types.ts';
import type { Tokens } from '../stream-events.ts';

/**
 * Anthropic usage → tokens. Anthropic counts cache reads and cache writes beside `input_tokens`;
 * OpenAI's `prompt_tokens` includes them, so they are added back.
 */
export function anthropicTokens(usage: unknown): Tokens | undefined {
  if (!isObject(usage)) return undefined;
  const read = num(usage.cache_read_input_tokens) ?? 0;
  const write = num(usage.cache_creation_input_tokens) ?? 0;
  const tokens: Tokens = { input: (num(usage.input_tokens) ?? 0) + read + write, output: num(usage.output_tokens) ?? 0 };
  if (usage.cache_read_input_tokens !== undefined) tokens.cachedInput = read;
  if (write > 0) tokens.cacheWrite = write;
  return tokens;
}

/** Tokens → Anthropic usage (the inverse of `anthropicTokens`). */
export function toAnthropicUsage(t: Partial<Tokens>): Record<string, number> {
  const cached = t.cachedInput ?? 0;
  const write = t.cacheWrite ?? 0;
  return {
    input_tokens: Math.max(0, (t.input ?? 0) - cached - write),
    output_tokens: t.output ?? 0,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: cached,
  };
}

const FINISH: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
export const anthropicFinish = (reason: unknown): FinishReason => (typeof reason === 'string' ? FINISH[reason] : undefined) ?? 'stop';

const STOP: Record<FinishReason, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' };

/** OpenAI `finish_reason` → Anthropic `stop_reason`; a matched stop sequence wins. */
export const toAnthropicStop = (reason: FinishReason | null | undefined, stopSequence?: string | null): string =>
  stopSequence ? 'stop_sequence' : STOP[reason ?? 'stop'];

const ERROR_TYPES: Record<string, string> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit_error: 'rate_limit_error',
  api_error: 'api_error',
  overloaded_error: 'api_error',
};

/** Anthropic error type → OpenAI error type. */
export const anthropicErrorType = (type: unknown): string => (typeof type === 'string' ? ERROR_TYPES[type] : undefined) ?? 'api_error';

const TO_ANTHROPIC_ERROR: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
  413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error',
};

/** HTTP status → Anthropic error type. */
export const anthropicErrorTypeForStatus = (status: number): string =>
  TO_ANTHROPIC_ERROR[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
