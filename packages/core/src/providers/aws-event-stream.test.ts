import { describe, expect, it } from 'vitest';
import { encodeEventStreamMessage, EventStreamReader, type EventStreamMessage } from './aws-event-stream.ts';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let i = 0;
  for (const p of parts) (out.set(p, i), (i += p.byteLength));
  return out;
};

function read(bytes: Uint8Array, pieceSize: number): EventStreamMessage[] {
  const seen: EventStreamMessage[] = [];
  const reader = new EventStreamReader((m) => seen.push({ headers: m.headers, payload: m.payload.slice() }));
  for (let i = 0; i < bytes.length; i += pieceSize) reader.push(bytes.subarray(i, i + pieceSize));
  return seen;
}

describe('EventStreamReader', () => {
  const messages = [
    encodeEventStreamMessage({ ':event-type': 'messageStart', ':content-type': 'application/json', ':message-type': 'event' }, '{"role":"assistant"}'),
    encodeEventStreamMessage({ ':event-type': 'contentBlockDelta', ':message-type': 'event' }, '{"contentBlockIndex":0,"delta":{"text":"Héllo"}}'),
    encodeEventStreamMessage({ ':event-type': 'metadata', ':message-type': 'event' }, '{"usage":{"inputTokens":4,"outputTokens":38,"totalTokens":42},"metrics":{"latencyMs":302}}'),
  ];
  const stream = concat(messages);

  it('decodes every message whatever the chunk boundaries', () => {
    for (const size of [1, 3, 7, 16, 64, stream.length]) {
      const seen = read(stream, size);
      expect(seen.map((m) => m.headers[':event-type']), `pieces of ${size}`).toEqual(['messageStart', 'contentBlockDelta', 'metadata']);
      expect(new TextDecoder().decode(seen[1]!.payload)).toBe('{"contentBlockIndex":0,"delta":{"text":"Héllo"}}');
      expect(seen[0]!.headers[':content-type']).toBe('application/json');
    }
  });

  it('skips non-string header values and keeps going', () => {
    // One header of type 4 (int32) before a string header, built by hand.
    const name = new TextEncoder().encode('n');
    const str = new TextEncoder().encode(':event-type');
    const value = new TextEncoder().encode('chunk');
    const headers = concat([
      Uint8Array.of(name.length), name, Uint8Array.of(4, 0, 0, 0, 7),
      Uint8Array.of(str.length), str, Uint8Array.of(7, 0, value.length), value,
    ]);
    const payload = new TextEncoder().encode('{}');
    const total = 12 + headers.length + payload.length + 4;
    const msg = new Uint8Array(total);
    new DataView(msg.buffer).setUint32(0, total);
    new DataView(msg.buffer).setUint32(4, headers.length);
    msg.set(headers, 12);
    msg.set(payload, 12 + headers.length);
    const seen = read(concat([msg, messages[2]!]), 5);
    expect(seen.map((m) => m.headers)).toEqual([{ ':event-type': 'chunk' }, { ':event-type': 'metadata', ':message-type': 'event' }]);
  });

  it('stops on bytes that are not an event stream instead of buffering them', () => {
    const text = new TextEncoder().encode('data: {"usage":{"prompt_tokens":1}}\n\n'.repeat(4));
    expect(read(text, 10)).toEqual([]);
    expect(read(concat([messages[0]!, new Uint8Array(16).fill(0xff), messages[2]!]), 8).map((m) => m.headers[':event-type'])).toEqual(['messageStart']);
  });
});
