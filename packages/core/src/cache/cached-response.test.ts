import { describe, expect, it } from 'vitest';
import { responseBytes } from '../pipeline/bytes-response.ts';
import { responseFromEntry } from './cached-response.ts';
import { readChunks } from './test-gateway.ts';

const enc = new TextEncoder();
const T0 = 1_750_000_000_000;

describe('responseFromEntry', () => {
  it('hands a JSON body over as one in-memory body, whatever chunks it was stored in', async () => {
    const res = responseFromEntry({ status: 200, headers: [['content-type', 'application/json']], chunks: [enc.encode('{"a":'), enc.encode('1}')], createdAt: T0 }, T0 + 2500);
    expect(new TextDecoder().decode(responseBytes(res))).toBe('{"a":1}');
    expect(res.headers.get('age')).toBe('2');
    expect(await res.text()).toBe('{"a":1}');
  });

  it('replays an event stream chunk by chunk, one per read', async () => {
    const frames = ['data: 1\n\n', 'data: 2\n\n', 'data: [DONE]\n\n'];
    const res = responseFromEntry({ status: 200, headers: [['content-type', 'text/event-stream; charset=utf-8']], chunks: frames.map((f) => enc.encode(f)), createdAt: T0 }, T0);
    expect(responseBytes(res)).toBeUndefined();
    expect(await readChunks(res)).toEqual(frames);
  });

  it('gives no body for a status that has none', () => {
    const res = responseFromEntry({ status: 204, headers: [], chunks: [], createdAt: T0 }, T0);
    expect(res.body).toBeNull();
  });
});
