import { describe, expect, it } from 'vitest';
import { googleVertexAi } from './google-vertex-ai.ts';
import type { ProviderDefinition, Usage } from './types.ts';

/** Folds stream events (already parsed) the way the stream reader does. */
function fold(provider: ProviderDefinition, events: unknown[]): Usage {
  const usage: Usage = {};
  for (const e of events) provider.usageFromEvent!(e, usage);
  return usage;
}

describe('google-vertex-ai usage', () => {
  it('Gemini: usageMetadata, also as a streamed array', () => {
    const gemini = { candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 3, totalTokenCount: 11 }, modelVersion: 'gemini-2.5-flash' };
    expect(googleVertexAi.usageFromJson!(gemini)).toMatchObject({ tokensIn: 8, tokensOut: 3 });
    expect(googleVertexAi.usageFromJson!([{ candidates: [] }, gemini])).toMatchObject({ tokensIn: 8, tokensOut: 3 });
  });

  it('Claude on Vertex (rawPredict / streamRawPredict): Anthropic\'s shape', () => {
    const claude = { id: 'msg_vrtx_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 } };
    expect(googleVertexAi.usageFromJson!(claude)).toEqual({ tokensIn: 100, tokensOut: 5, cachedTokensIn: 90 });
    const events = [
      { type: 'message_start', message: { id: 'msg_vrtx_01', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 10, output_tokens: 1 } } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 17 } },
    ];
    expect(fold(googleVertexAi, events)).toMatchObject({ tokensIn: 10, tokensOut: 17 });
    expect(googleVertexAi.model!({ path: 'v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict', body: {} })).toBe('claude-sonnet-4-5@20250929');
  });

  it('the OpenAI-compatible endpoint', () => {
    expect(googleVertexAi.usageFromJson!({ object: 'chat.completion', choices: [], usage: { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 } })).toMatchObject({ tokensIn: 4, tokensOut: 6 });
  });
});
