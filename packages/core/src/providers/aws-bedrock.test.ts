import { describe, expect, it } from 'vitest';
import { awsBedrock } from './aws-bedrock.ts';
import { encodeEventStreamMessage } from './aws-event-stream.ts';
import { testGateway } from '../observability/test-upstream.ts';

/*
 * Response shapes follow the Bedrock API reference (Converse `TokenUsage`, ConverseStream
 * `metadata`), model-invocation logs (`usage` of Nova, Anthropic bodies) and the documented
 * InvokeModel bodies of Llama and Titan; InvokeModelWithResponseStream chunks carry the model's
 * own JSON in base64 `bytes`, the last with `amazon-bedrock-invocationMetrics`.
 */
const json = awsBedrock.usageFromJson!;

describe('aws-bedrock usage from JSON', () => {
  it('Converse: usage.inputTokens/outputTokens, with cache reads and writes added to the input', () => {
    const converse = {
      output: { message: { role: 'assistant', content: [{ text: "Why don't scientists trust atoms? Because they make up everything!" }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 22, outputTokens: 16, totalTokens: 38 },
      metrics: { latencyMs: 740 },
    };
    expect(json(converse)).toEqual({ tokensIn: 22, tokensOut: 16, cachedTokensIn: undefined });
    const cached = { ...converse, usage: { inputTokens: 30, outputTokens: 12, totalTokens: 1342, cacheReadInputTokens: 1200, cacheWriteInputTokens: 100 } };
    expect(json(cached)).toEqual({ tokensIn: 1330, tokensOut: 12, cachedTokensIn: 1200 });
  });

  it('InvokeModel with Claude: the Anthropic Messages body', () => {
    const body = {
      id: 'msg_bdrk_01XFDUDYJgAACzvnptvVoYEL', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'Hello!' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 6 },
    };
    expect(json(body)).toEqual({ tokensIn: 2060, tokensOut: 6, cachedTokensIn: 2048 });
  });

  it('InvokeModel with Nova, Llama, Titan and OpenAI-style models', () => {
    expect(json({ output: { message: { role: 'assistant', content: [{ text: 'hi' }] } }, stopReason: 'end_turn', usage: { inputTokens: 4, outputTokens: 38, totalTokens: 42, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 } }))
      .toEqual({ tokensIn: 4, tokensOut: 38, cachedTokensIn: 0 });
    expect(json({ generation: ' Paris.', prompt_token_count: 17, generation_token_count: 3, stop_reason: 'stop' })).toEqual({ tokensIn: 17, tokensOut: 3 });
    expect(json({ inputTextTokenCount: 9, results: [{ tokenCount: 21, outputText: 'Bonjour', completionReason: 'FINISH' }] })).toEqual({ tokensIn: 9, tokensOut: 21 });
    expect(json({ embedding: [0.1, 0.2], inputTextTokenCount: 6 })).toEqual({ tokensIn: 6, tokensOut: undefined });
    expect(json({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 11, completion_tokens: 5, total_tokens: 16 } })).toMatchObject({ tokensIn: 11, tokensOut: 5 });
    expect(json({ outputs: [{ text: 'no usage here', stop_reason: 'stop' }] })).toBeUndefined();
  });

  it('reads the model from the path, URL-encoded ARNs included', () => {
    expect(awsBedrock.model!({ path: 'model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/converse', body: {} })).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(awsBedrock.model!({ path: `model/${encodeURIComponent('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0')}/invoke`, body: {} }))
      .toBe('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0');
  });
});

const enc = new TextEncoder();
const event = (type: string, payload: unknown) => encodeEventStreamMessage({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
const chunk = (modelEvent: unknown) => {
  const bytes = enc.encode(JSON.stringify(modelEvent));
  return event('chunk', { bytes: btoa(String.fromCharCode(...bytes)), p: 'abcdefghij' });
};

function streamUsage(messages: Uint8Array[], pieceSize: number) {
  const all = new Uint8Array(messages.reduce((n, m) => n + m.byteLength, 0));
  let at = 0;
  for (const m of messages) (all.set(m, at), (at += m.byteLength));
  const reader = awsBedrock.binaryStreamUsage!.create();
  for (let i = 0; i < all.length; i += pieceSize) reader.push(all.subarray(i, i + pieceSize));
  return reader.end();
}

describe('aws-bedrock usage from event streams', () => {
  it('declares the event-stream content type', () => {
    expect(awsBedrock.binaryStreamUsage!.contentType).toBe('application/vnd.amazon.eventstream');
  });

  it('ConverseStream: the metadata event', () => {
    const messages = [
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'usage is mentioned in this text' } }),
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage: { inputTokens: 25, outputTokens: 160, totalTokens: 1185, cacheReadInputTokens: 1000 }, metrics: { latencyMs: 1850 } }),
    ];
    for (const size of [1, 13, 4096]) expect(streamUsage(messages, size)).toEqual({ tokensIn: 1025, tokensOut: 160, cachedTokensIn: 1000 });
  });

  it('InvokeModelWithResponseStream with Claude: message_start, message_delta and the invocation metrics', () => {
    const messages = [
      chunk({ type: 'message_start', message: { id: 'msg_bdrk_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], usage: { input_tokens: 15, cache_read_input_tokens: 500, cache_creation_input_tokens: 0, output_tokens: 1 } } }),
      chunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }),
      chunk({ type: 'content_block_stop', index: 0 }),
      chunk({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 42 } }),
      chunk({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 15, outputTokenCount: 42, invocationLatency: 1320, firstByteLatency: 410 } }),
    ];
    for (const size of [7, 100, 100000]) expect(streamUsage(messages, size)).toEqual({ tokensIn: 515, tokensOut: 42, cachedTokensIn: 500 });
  });

  it('InvokeModelWithResponseStream with Llama: only the final invocation metrics', () => {
    const messages = [
      chunk({ generation: 'The', prompt_token_count: 18, generation_token_count: 1, stop_reason: null }),
      chunk({ generation: ' sky', prompt_token_count: null, generation_token_count: 2, stop_reason: null }),
      chunk({ generation: '.', prompt_token_count: null, generation_token_count: 3, stop_reason: 'stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 18, outputTokenCount: 3, invocationLatency: 300, firstByteLatency: 90 } }),
    ];
    expect(streamUsage(messages, 9)).toEqual({ tokensIn: 18, tokensOut: 3, cachedTokensIn: undefined });
  });

  it('has no usage for streams without it, exceptions, or bytes that are not an event stream', () => {
    expect(streamUsage([event('messageStart', { role: 'assistant' }), event('messageStop', { stopReason: 'end_turn' })], 5)).toBeUndefined();
    const exception = encodeEventStreamMessage({ ':exception-type': 'throttlingException', ':message-type': 'exception' }, '{"message":"usage limit"}');
    expect(streamUsage([exception], 3)).toBeUndefined();
    expect(streamUsage([enc.encode('data: {"usage":{"inputTokens":1}}\n\n')], 4)).toBeUndefined();
  });
});

describe('aws-bedrock streams through the gateway', () => {
  it('pass byte for byte, and their log has the tokens and cost of the metadata event', async () => {
    const messages = [
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' } }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage: { inputTokens: 2000, outputTokens: 400, totalTokens: 2400 }, metrics: { latencyMs: 300 } }),
    ];
    const sent = new Uint8Array(await new Blob(messages.map((m) => m.slice())).arrayBuffer());
    const t = testGateway({}, async () => new Response(sent, { headers: { 'content-type': 'application/vnd.amazon.eventstream' } }));
    const model = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const res = await t.gateway.request(`/v1/a/default/aws-bedrock/bedrock-runtime/us-east-1/model/${model}/converse-stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(sent);
    await t.logs(1);
    const log = await t.storage.logs.getLog('default', res.headers.get('cf-aig-log-id')!);
    // claude-haiku-4-5: $1 in, $5 out per million tokens.
    expect(log).toMatchObject({ provider: 'aws-bedrock', model, tokens_in: 2000, tokens_out: 400 });
    expect(log!.cost).toBeCloseTo(2000 * 1e-6 + 400 * 5e-6, 12);
    await t.gateway.close();
  });
});
