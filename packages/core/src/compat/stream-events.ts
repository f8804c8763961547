import type { ChatCompletion, ChatUsage, FinishReason } from './chat-types.ts';

/** Token counts in one neutral shape. `input` includes cached and cache-write tokens (OpenAI's `prompt_tokens`). */
export interface Tokens {
  input: number;
  output: number;
  /** Input tokens read from the provider's prompt cache. */
  cachedInput?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic). */
  cacheWrite?: number;
  /** Output tokens spent on hidden reasoning (part of `output`). */
  reasoning?: number;
}

/** An upstream error in neutral form; each front end renders it in its own error shape. */
export interface MappedError {
  status: number;
  message: string;
  /** OpenAI-style error type (`invalid_request_error`, `rate_limit_error`, …). */
  type: string;
  code?: string | number | null;
  param?: string | null;
}

/**
 * What a provider stream means, independent of its wire format. Native stream mappers produce
 * these; the OpenAI and Anthropic stream encoders turn them into bytes. `choice` is the OpenAI
 * choice index (0 unless `n` > 1); tool `index` is stable per choice, counting from 0.
 */
export type StreamEvent =
  | { type: 'start'; id?: string; model?: string; tokens?: Partial<Tokens> }
  | { type: 'text'; choice: number; text: string }
  | { type: 'tool_start'; choice: number; index: number; id: string; name: string }
  | { type: 'tool_args'; choice: number; index: number; args: string }
  | { type: 'finish'; choice: number; reason: FinishReason; stopSequence?: string | null }
  | { type: 'usage'; tokens: Tokens }
  | { type: 'error'; error: MappedError };

/** Turns one provider stream (parsed SSE events) into neutral events. */
export interface NativeStreamMapper {
  /** `event` is the SSE `event:` name, `data` the parsed JSON (or the raw string when not JSON). */
  map(event: string | undefined, data: unknown): StreamEvent[];
  /** Called once the provider's stream has ended. */
  end(): StreamEvent[];
}

/** Renders neutral events as one client-facing SSE dialect. */
export interface StreamEncoder {
  encode(event: StreamEvent): string;
  /** Text to send after the last event (usage chunk, `[DONE]`, `message_stop`, …). */
  end(): string;
}

/** Tokens → OpenAI usage. */
export function toChatUsage(t: Tokens): ChatUsage {
  const usage: ChatUsage = { prompt_tokens: t.input, completion_tokens: t.output, total_tokens: t.input + t.output };
  if (t.cachedInput !== undefined) usage.prompt_tokens_details = { cached_tokens: t.cachedInput };
  if (t.reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: t.reasoning };
  return usage;
}

/** OpenAI usage → tokens. */
export function fromChatUsage(u: ChatUsage): Tokens {
  const t: Tokens = { input: u.prompt_tokens ?? 0, output: u.completion_tokens ?? 0 };
  const cached = u.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') t.cachedInput = cached;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') t.reasoning = reasoning;
  return t;
}

/**
 * The events a complete response stands for: lets a JSON answer (a provider that ignored
 * `stream`, or a cached reply) be sent to a client that asked for a stream.
 */
export function completionToEvents(completion: ChatCompletion): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: completion.id, model: completion.model }];
  for (const choice of completion.choices) {
    const c = choice.index;
    if (choice.message.content) events.push({ type: 'text', choice: c, text: choice.message.content });
    (choice.message.tool_calls ?? []).forEach((call, index) => {
      events.push({ type: 'tool_start', choice: c, index, id: call.id, name: call.function.name });
      if (call.function.arguments) events.push({ type: 'tool_args', choice: c, index, args: call.function.arguments });
    });
    events.push({ type: 'finish', choice: c, reason: choice.finish_reason ?? 'stop' });
  }
  if (completion.usage) events.push({ type: 'usage', tokens: fromChatUsage(completion.usage) });
  return events;
}
