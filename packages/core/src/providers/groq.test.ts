import { describe, expect, it } from 'vitest';
import { groq } from './groq.ts';
import type { ProviderDefinition, Usage } from './types.ts';

/** Folds stream events (already parsed) the way the stream reader does. */
function fold(provider: ProviderDefinition, events: unknown[]): Usage {
  const usage: Usage = {};
  for (const e of events) provider.usageFromEvent!(e, usage);
  return usage;
}

describe('groq usage', () => {
  it('streams: x_groq.usage on the last chunk', () => {
    const events = [
      { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
      { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_01', usage: { queue_time: 0.01, prompt_tokens: 18, prompt_time: 0.002, completion_tokens: 7, completion_time: 0.01, total_tokens: 25, total_time: 0.012 } } },
    ];
    expect(fold(groq, events)).toMatchObject({ tokensIn: 18, tokensOut: 7 });
  });
});
