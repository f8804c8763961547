import type { StreamUsageCounter, Usage } from './types.ts';
import { anthropicUsage, foldAnthropicEvent } from './anthropic.ts';
import { EventStreamReader, type EventStreamMessage } from './aws-event-stream.ts';
import { openAiUsage } from './openai-compatible.ts';
import { field, isObject, mergeUsage, num } from './read.ts';

const sum = (...counts: (number | undefined)[]): number | undefined =>
  counts.every((c) => c === undefined) ? undefined : counts.reduce<number>((a, c) => a + (c ?? 0), 0);

/**
 * Bedrock's own counts (Converse `usage`, ConverseStream `metadata`, Nova's InvokeModel body):
 * `inputTokens` excludes the cache reads and writes reported beside it, so they are added, as for
 * Anthropic. Nova's InvokeModel names them `…TokenCount`.
 */
function converseUsage(u: Record<string, unknown>): Usage {
  const cacheRead = num(u.cacheReadInputTokens) ?? num(u.cacheReadInputTokenCount);
  const cacheWrite = num(u.cacheWriteInputTokens) ?? num(u.cacheWriteInputTokenCount);
  const input = num(u.inputTokens);
  return { tokensIn: input === undefined ? undefined : sum(input, cacheRead, cacheWrite), tokensOut: num(u.outputTokens), cachedTokensIn: cacheRead };
}

/** `amazon-bedrock-invocationMetrics`, which Bedrock appends to the last chunk of every InvokeModel stream. */
function invocationMetricsUsage(body: unknown): Usage | undefined {
  const m = field(body, 'amazon-bedrock-invocationMetrics');
  if (!isObject(m)) return undefined;
  const cacheRead = num(m.cacheReadInputTokenCount);
  const input = num(m.inputTokenCount);
  return {
    tokensIn: input === undefined ? undefined : sum(input, cacheRead, num(m.cacheWriteInputTokenCount)),
    tokensOut: num(m.outputTokenCount),
    cachedTokensIn: cacheRead,
  };
}

/**
 * Usage of a Bedrock JSON response: Converse (`usage.inputTokens`), InvokeModel bodies in the
 * model's own shape (Anthropic `usage.input_tokens`, Nova `usage.inputTokens`, OpenAI-style
 * `usage.prompt_tokens`, Llama `prompt_token_count`/`generation_token_count`, Titan
 * `inputTextTokenCount` and `results[].tokenCount`), or a stream event's payload.
 */
export function bedrockUsage(body: unknown): Usage | undefined {
  const usage = field(body, 'usage') ?? field(body, 'metadata', 'usage');
  if (isObject(usage)) {
    if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) return converseUsage(usage);
    if (usage.input_tokens !== undefined || usage.output_tokens !== undefined) return anthropicUsage(usage);
    return openAiUsage({ usage });
  }
  const metrics = invocationMetricsUsage(body);
  if (metrics) return metrics;
  if (!isObject(body)) return undefined;
  if (body.prompt_token_count !== undefined || body.generation_token_count !== undefined) {
    return { tokensIn: num(body.prompt_token_count), tokensOut: num(body.generation_token_count) };
  }
  if (body.inputTextTokenCount !== undefined) {
    const results = Array.isArray(body.results) ? body.results : [];
    return { tokensIn: num(body.inputTextTokenCount), tokensOut: sum(...results.map((r) => num(field(r, 'tokenCount')))) };
  }
  return undefined;
}

/** Folds one decoded stream event: Anthropic's own events, then Bedrock's metrics for what is still missing. */
export function foldBedrockEvent(event: unknown, usage: Usage): void {
  const type = field(event, 'type');
  if (typeof type === 'string' && type.startsWith('message_')) foldAnthropicEvent(event, usage);
  const metrics = invocationMetricsUsage(event);
  if (metrics) {
    // The final output count wins (Claude's message_start says `output_tokens: 1`); for the input
    // the model's own count is kept when there is one, as it splits out the cache.
    if (metrics.tokensOut !== undefined) usage.tokensOut = metrics.tokensOut;
    usage.tokensIn ??= metrics.tokensIn;
    usage.cachedTokensIn ??= metrics.cachedTokensIn;
    return;
  }
  if (typeof type === 'string' && type.startsWith('message_')) return;
  const u = bedrockUsage(event);
  if (u) mergeUsage(usage, u);
}

const MARKERS = ['usage', 'invocationMetrics'];
const BYTES_FIELD = /"bytes"\s*:\s*"([A-Za-z0-9+/=]*)"/;
const textDecoder = new TextDecoder();

/**
 * Usage of a Bedrock event stream (`application/vnd.amazon.eventstream`): ConverseStream's
 * `metadata` event, or InvokeModelWithResponseStream's `chunk` events (base64 model JSON; the
 * last one carries `amazon-bedrock-invocationMetrics`). Like the SSE reader, only the first and
 * last events that mention usage are kept, and parsed once the stream has ended.
 */
export class BedrockStreamUsage implements StreamUsageCounter {
  private first: string | undefined;
  private last: string | undefined;
  private readonly reader = new EventStreamReader((m) => this.onMessage(m));

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  end(): Usage | undefined {
    const usage: Usage = {};
    for (const text of [this.first, this.last]) {
      if (text === undefined) continue;
      try {
        foldBedrockEvent(JSON.parse(text), usage);
      } catch {
        // not JSON: an event that merely mentions usage
      }
    }
    return usage.tokensIn !== undefined || usage.tokensOut !== undefined ? usage : undefined;
  }

  private onMessage({ headers, payload }: EventStreamMessage): void {
    if (headers[':message-type'] !== undefined && headers[':message-type'] !== 'event') return;
    const type = headers[':event-type'];
    let text: string | undefined;
    if (type === 'metadata') text = textDecoder.decode(payload);
    else if (type === 'chunk') {
      const b64 = BYTES_FIELD.exec(textDecoder.decode(payload))?.[1];
      if (!b64) return;
      let binary: string;
      try {
        binary = atob(b64);
      } catch {
        return;
      }
      // Markers are ASCII, so the binary string can be searched before UTF-8 decoding.
      if (!MARKERS.some((m) => binary.includes(m))) return;
      text = textDecoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    }
    if (text === undefined || !MARKERS.some((m) => text.includes(m))) return;
    if (this.first === undefined) this.first = text;
    else this.last = text;
  }
}
