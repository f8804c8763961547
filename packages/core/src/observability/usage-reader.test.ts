import { describe, expect, it } from 'vitest';
import { anthropic } from '../providers/anthropic.ts';
import { cohere } from '../providers/cohere.ts';
import { googleAiStudio } from '../providers/google-ai-studio.ts';
import { openai } from '../providers/openai.ts';
import type { ProviderDefinition } from '../providers/types.ts';
import { StreamUsageReader, usageFromBody } from './usage-reader.ts';

const enc = new TextEncoder();
const sse = (events: unknown[]) => events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');

function streamUsage(provider: ProviderDefinition, text: string, pieces = 7) {
  const reader = new StreamUsageReader(provider);
  const bytes = enc.encode(text);
  const size = Math.ceil(bytes.length / pieces);
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  return reader.end();
}

describe('usage from streams', () => {
  it('OpenAI chat: the usage chunk; Responses API: response.completed', () => {
    const chat = sse([{ choices: [{ delta: { content: 'the usage of words' } }] }, { choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 3 } } }, '[DONE]']);
    expect(streamUsage(openai, chat)).toEqual({ tokensIn: 11, tokensOut: 7, cachedTokensIn: 3 });
    const responses = sse([{ type: 'response.output_text.delta', delta: 'hi' }, { type: 'response.completed', response: { usage: { input_tokens: 5, output_tokens: 2, input_tokens_details: { cached_tokens: 0 } } } }]);
    expect(streamUsage(openai, responses)).toEqual({ tokensIn: 5, tokensOut: 2, cachedTokensIn: 0 });
    expect(streamUsage(openai, sse([{ choices: [{ delta: { content: 'x' } }] }, '[DONE]']))).toBeUndefined();
  });

  it('Anthropic: input from message_start, output from the last message_delta, even if text mentions usage', () => {
    const text = sse([
      { type: 'message_start', message: { usage: { input_tokens: 20, cache_read_input_tokens: 5, cache_creation_input_tokens: 1, output_tokens: 1 } } },
      { type: 'content_block_delta', delta: { type: 'text_delta', text: 'usage' } },
      { type: 'message_delta', usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]);
    expect(streamUsage(anthropic, text)).toEqual({ tokensIn: 26, tokensOut: 9, cachedTokensIn: 5 });
  });

  it('Google: the last usageMetadata wins; Cohere v1: billed_units in stream-end', () => {
    const google = sse([1, 2, 3].map((n) => ({ candidates: [], usageMetadata: { promptTokenCount: 4, candidatesTokenCount: n, thoughtsTokenCount: 1 } })));
    expect(streamUsage(googleAiStudio, google)).toEqual({ tokensIn: 4, tokensOut: 4, cachedTokensIn: undefined });
    const v1 = sse([{ event_type: 'text-generation', text: 'hi' }, { event_type: 'stream-end', response: { meta: { billed_units: { input_tokens: 8, output_tokens: 3 } } } }]);
    expect(streamUsage(cohere, v1)).toEqual({ tokensIn: 8, tokensOut: 3 });
  });
});

describe('usage from JSON bodies', () => {
  const body = (text: string, truncated = false) => ({ text, truncated, tail: () => text.slice(-200) });
  it('parses a whole body, a Google array, and finds usage in the tail of a cut body', () => {
    expect(usageFromBody(openai, body('{"usage":{"prompt_tokens":1,"completion_tokens":2}}'))).toEqual({ tokensIn: 1, tokensOut: 2, cachedTokensIn: undefined });
    expect(usageFromBody(googleAiStudio, body('[{"usageMetadata":{"promptTokenCount":1}},{"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4}}]'))).toMatchObject({ tokensIn: 3, tokensOut: 4 });
    const big = `{"data":[${'0.1,'.repeat(5000)}0.2],"model":"x","usage":{"prompt_tokens":42,"total_tokens":42,"note":"a \\"}\\" b"}}`;
    expect(usageFromBody(openai, { text: big.slice(0, 1000), truncated: true, tail: () => big.slice(-300) })).toMatchObject({ tokensIn: 42 });
    expect(usageFromBody(openai, body('not json'))).toBeUndefined();
    expect(usageFromBody(openai, body('{"choices":[]}'))).toBeUndefined();
  });
});
