import { describe, expect, it } from 'vitest';
import { bytesResponse, isBufferable, readWhole, responseBytes } from './bytes-response.ts';
import { observeResponse, type StreamOutcome } from './tap-stream.ts';

const encoder = new TextEncoder();
const streamOf = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(encoder.encode(p));
      c.close();
    },
  });

describe('bytes responses', () => {
  it('remembers the body of a bytesResponse only', async () => {
    const body = encoder.encode('{"a":1}');
    const res = bytesResponse(body, { status: 201, headers: { 'content-type': 'application/json' } });
    expect(responseBytes(res)).toBe(body);
    expect(await res.text()).toBe('{"a":1}');
    expect(responseBytes(new Response('{"a":1}'))).toBeUndefined();
  });

  it('reads JSON documents whole, not event streams, JSON lines or long declared bodies', () => {
    const h = (type: string, length?: number) => new Headers({ 'content-type': type, ...(length === undefined ? {} : { 'content-length': String(length) }) });
    expect(isBufferable(h('application/json; charset=utf-8'))).toBe(true);
    expect(isBufferable(h('application/problem+json', 300))).toBe(true);
    expect(isBufferable(h('text/event-stream'))).toBe(false);
    expect(isBufferable(h('application/x-ndjson'))).toBe(false);
    expect(isBufferable(h('application/json', 9 * 1024 * 1024))).toBe(false);
    expect(isBufferable(new Headers())).toBe(false);
  });

  it('readWhole joins the chunks, or past the limit streams all of them on', async () => {
    const whole = await readWhole(streamOf(['ab', 'cd']), 10);
    expect(new TextDecoder().decode(whole as Uint8Array)).toBe('abcd');
    const long = await readWhole(streamOf(['abcd', 'efgh', 'ijkl']), 6);
    expect(long).toBeInstanceOf(ReadableStream);
    expect(await new Response(long as ReadableStream).text()).toBe('abcdefghijkl');
  });

  it('observers see an in-memory body as one chunk and its end at once, and the response is not wrapped', () => {
    const chunks: string[] = [];
    const ends: StreamOutcome[] = [];
    const res = bytesResponse(encoder.encode('{"ok":true}'), { status: 200 });
    const observed = observeResponse(res, [{ onChunk: (c) => chunks.push(new TextDecoder().decode(c)), onEnd: (o) => ends.push(o) }]);
    expect(observed).toBe(res);
    expect(chunks).toEqual(['{"ok":true}']);
    expect(ends).toEqual(['complete']);
  });
});
