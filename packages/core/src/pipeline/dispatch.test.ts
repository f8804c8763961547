import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.ts';
import { testProxyContext } from './test-context.ts';
import { fetchUpstream } from './dispatch.ts';
import { responseBytes } from './bytes-response.ts';

const encoder = new TextEncoder();

const upstream = (parts: string[], type: string, fail = false) => async () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(encoder.encode(p));
        if (fail) c.error(new Error('socket reset'));
        else c.close();
      },
    }),
    { status: 200, headers: { 'content-type': type, 'content-encoding': 'gzip', 'content-length': '7' } },
  );

describe('fetchUpstream', () => {
  it('reads a JSON body whole into a bytesResponse with client-ready headers', async () => {
    const fetch = upstream(['{"a":', '1}'], 'application/json');
    const ctx = await testProxyContext(fetch);
    const res = await fetchUpstream(fetch, ctx);
    expect(new TextDecoder().decode(responseBytes(res))).toBe('{"a":1}');
    expect(res.headers.has('content-encoding')).toBe(false);
    expect(ctx.trace.attempts).toBe(1);
  });

  it('leaves an event stream streaming', async () => {
    const fetch = upstream(['data: 1\n\n'], 'text/event-stream');
    const res = await fetchUpstream(fetch, await testProxyContext(fetch));
    expect(responseBytes(res)).toBeUndefined();
    expect(await res.text()).toBe('data: 1\n\n');
  });

  it('turns a JSON body that breaks off into an upstream error the client can read', async () => {
    const fetch = upstream(['{"a":'], 'application/json', true);
    const error = await fetchUpstream(fetch, await testProxyContext(fetch)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe(2005);
  });
});
