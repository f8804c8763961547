import { describe, expect, it } from 'vitest';
import { chatStreamEncoder } from './chat-stream-encoder.ts';
import { messagesStreamEncoder } from './messages/messages-stream-encoder.ts';
import type { StreamEvent } from './stream-events.ts';

const encodeAll = (encoder: { encode(e: StreamEvent): string; end(): string }, events: StreamEvent[]) => events.map((e) => encoder.encode(e)).join('') + encoder.end();
const frames = (text: string) => text.split('\n\n').filter(Boolean);

describe('chat stream encoder', () => {
  const options = { id: 'chatcmpl-x', model: 'm', created: 1, includeUsage: false };

  it('sends usage only when asked, and never a usage: null field otherwise', () => {
    const events: StreamEvent[] = [{ type: 'text', choice: 0, text: 'hi' }, { type: 'finish', choice: 0, reason: 'stop' }, { type: 'usage', tokens: { input: 3, output: 1 } }];
    const without = encodeAll(chatStreamEncoder(options), events);
    expect(without).not.toContain('usage');
    const withUsage = frames(encodeAll(chatStreamEncoder({ ...options, includeUsage: true }), events));
    expect(withUsage.at(-2)).toBe('data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}');
    expect(withUsage.at(-1)).toBe('data: [DONE]');
  });

  it('reports one finish per choice, and an error for a stream that never finished', () => {
    const twice = encodeAll(chatStreamEncoder(options), [{ type: 'finish', choice: 0, reason: 'stop' }, { type: 'finish', choice: 0, reason: 'length' }]);
    expect(twice.match(/finish_reason":"/g)).toHaveLength(1);
    const unfinished = encodeAll(chatStreamEncoder(options), [{ type: 'text', choice: 0, text: 'cut' }]);
    expect(unfinished).toContain('"error":{"message":"[aigw] [compat] the provider stream ended before it finished"');
    expect(unfinished).not.toContain('[DONE]');
  });

  it('renders a provider error as a data line carrying `error`, then stops', () => {
    const out = encodeAll(chatStreamEncoder(options), [{ type: 'error', error: { status: 529, message: 'Overloaded', type: 'api_error' } }, { type: 'text', choice: 0, text: 'late' }]);
    expect(out).toBe('data: {"error":{"message":"Overloaded","type":"api_error","param":null,"code":null}}\n\n');
  });
});

describe('messages stream encoder', () => {
  it('opens a new block whenever the kind changes and closes it before the next', () => {
    const out = encodeAll(messagesStreamEncoder({ id: 'msg_1', model: 'm' }), [
      { type: 'start', id: 'abc', model: 'served', tokens: { input: 10 } },
      { type: 'text', choice: 0, text: 'a' },
      { type: 'tool_start', choice: 0, index: 0, id: 't1', name: 'f' },
      { type: 'tool_args', choice: 0, index: 0, args: '{}' },
      { type: 'text', choice: 1, text: 'other choice, dropped' },
      { type: 'text', choice: 0, text: 'b' },
      { type: 'finish', choice: 0, reason: 'stop', stopSequence: 'END' },
      { type: 'usage', tokens: { input: 10, output: 5, cachedInput: 4 } },
    ]);
    const types = frames(out).map((f) => /^event: (\S+)/.exec(f)![1]);
    expect(types).toEqual([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta',
      'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    expect(out).toContain('"id":"msg_abc"');
    expect(out).toContain('"model":"served"');
    expect(out).not.toContain('dropped');
    expect(out).toContain('{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"input_tokens":6,"output_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":4}}');
  });

  it('sends message_start before an error that comes first, and nothing after it', () => {
    const out = encodeAll(messagesStreamEncoder({ id: 'msg_1', model: 'm' }), [{ type: 'error', error: { status: 429, message: 'slow', type: 'rate_limit_error' } }]);
    expect(frames(out).map((f) => /^event: (\S+)/.exec(f)![1])).toEqual(['message_start', 'error']);
    expect(out).toContain('{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}');
  });
});
