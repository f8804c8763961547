import { describe, expect, it } from 'vitest';
import { workersAi } from './workers-ai.ts';
import type { ProviderDefinition, Usage } from './types.ts';

/** Folds stream events (already parsed) the way the stream reader does. */
function fold(provider: ProviderDefinition, events: unknown[]): Usage {
  const usage: Usage = {};
  for (const e of events) provider.usageFromEvent!(e, usage);
  return usage;
}

describe('workers-ai usage', () => {
  it('native run: the usage inside Cloudflare\'s result envelope', () => {
    const body = { result: { response: 'Hello! How can I help?', usage: { prompt_tokens: 31, completion_tokens: 9, total_tokens: 40 } }, success: true, errors: [], messages: [] };
    expect(workersAi.usageFromJson!(body)).toEqual({ tokensIn: 31, tokensOut: 9, cachedTokensIn: undefined });
    expect(workersAi.usageFromJson!({ result: { response: 'no usage' }, success: true, errors: [], messages: [] })).toBeUndefined();
  });

  it('OpenAI-compatible route and native streams', () => {
    expect(workersAi.usageFromJson!({ id: 'id-1', object: 'chat.completion', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })).toMatchObject({ tokensIn: 5, tokensOut: 2 });
    expect(fold(workersAi, [{ response: 'Hel', p: 'abc' }, { response: 'lo' }, { response: '', usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 } }])).toMatchObject({ tokensIn: 12, tokensOut: 4 });
  });
});
