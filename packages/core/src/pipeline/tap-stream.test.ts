import { describe, expect, it } from 'vitest';
import { observeResponse, type ResponseObserver, type StreamOutcome } from './tap-stream.ts';

function recorder() {
  const seen: { chunks: string[]; ends: StreamOutcome[]; statuses: number[] } = { chunks: [], ends: [], statuses: [] };
  const observer: ResponseObserver = {
    onResponse: (r) => seen.statuses.push(r.status),
    onChunk: (c) => seen.chunks.push(new TextDecoder().decode(c)),
    onEnd: (o) => seen.ends.push(o),
  };
  return { seen, observer };
}

const streamOf = (parts: string[], fail = false) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(new TextEncoder().encode(p));
      if (fail) c.error(new Error('reset'));
      else c.close();
    },
  });

describe('observeResponse', () => {
  it('passes chunks through unchanged and reports them and the end once', async () => {
    const a = recorder();
    const b = recorder();
    const res = observeResponse(new Response(streamOf(['one', 'two']), { status: 201 }), [a.observer, b.observer]);
    expect(await res.text()).toBe('onetwo');
    for (const { seen } of [a, b]) expect(seen).toEqual({ chunks: ['one', 'two'], ends: ['complete'], statuses: [201] });
  });

  it('reports an upstream failure as error and a client cancel as cancelled', async () => {
    const failed = recorder();
    await expect(observeResponse(new Response(streamOf(['x'], true)), [failed.observer]).text()).rejects.toThrow();
    expect(failed.seen.ends).toEqual(['error']);

    const cancelled = recorder();
    const res = observeResponse(new Response(streamOf(['a', 'b'])), [cancelled.observer]);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled.seen.ends).toEqual(['cancelled']);
  });

  it('reports an empty body as complete at once, and leaves a response alone without observers', () => {
    const r = recorder();
    observeResponse(new Response(null, { status: 204 }), [r.observer]);
    expect(r.seen.ends).toEqual(['complete']);
    const plain = new Response('x');
    expect(observeResponse(plain, [])).toBe(plain);
  });

  it('rewrites the client body with filters after the observers, in one stream', async () => {
    const a = recorder();
    // Holds everything back until the end, then sends it upper-cased; the second drops "B".
    let held = '';
    const shout = { transform: (c: Uint8Array) => void (held += new TextDecoder().decode(c)), flush: () => new TextEncoder().encode(held.toUpperCase()) };
    const noB = { transform: (c: Uint8Array) => new TextEncoder().encode(new TextDecoder().decode(c).replace('B', '')), flush: () => undefined };
    const res = observeResponse(new Response(streamOf(['a', 'b', 'c']), { headers: { 'content-length': '3' } }), [a.observer], [shout, noB]);
    expect(res.headers.has('content-length')).toBe(false);
    expect(await res.text()).toBe('AC');
    expect(a.seen).toEqual({ chunks: ['a', 'b', 'c'], ends: ['complete'], statuses: [200] });
  });
});
