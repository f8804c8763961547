import { field, isObject, num } from '../../providers/read.ts';
import type { FinishReason } from '../chat-types.ts';
import type { Tokens } from '../stream-events.ts';

/** Cohere v2 usage → tokens: the model's own counts (`tokens`), else the billed ones. */
export function cohereTokens(usage: unknown): Tokens | undefined {
  const counts = field(usage, 'tokens') ?? field(usage, 'billed_units');
  if (!isObject(counts)) return undefined;
  const tokens: Tokens = { input: num(counts.input_tokens) ?? 0, output: num(counts.output_tokens) ?? 0 };
  const cached = num(field(usage, 'cached_tokens'));
  if (cached !== undefined) tokens.cachedInput = cached;
  return tokens;
}

const FINISH: Record<string, FinishReason> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
};

/** Cohere `finish_reason` → OpenAI; `ERROR` and `TIMEOUT` are reported as errors by the callers. */
export const cohereFinish = (reason: unknown): FinishReason => (typeof reason === 'string' ? FINISH[reason] : undefined) ?? 'stop';
