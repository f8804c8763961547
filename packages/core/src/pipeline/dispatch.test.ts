import { describe, expect, it } from 'vitest';
import type { GatewayDeps } from '../gateway-deps.ts';
import { resolveConfig } from '../config/config.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { createProviderRegistry } from '../providers/registry.ts';
import { GatewayResolver } from '../gateway-resolver.ts';
import { systemClock } from '../clock.ts';
import { uuidv7Ids } from '../ids.ts';
import { GatewayError } from '../errors.ts';
import { buildProxyContext } from '../proxy/passthrough.ts';
import { fetchUpstream } from './dispatch.ts';
import { responseBytes } from './bytes-response.ts';

const encoder = new TextEncoder();

async function contextFor(fetch: typeof globalThis.fetch) {
  const config = resolveConfig({ env: { AIGW_PROVIDER_OPENAI_URL: 'http://openai.test/v1' } });
  const storage = createMemoryStorage();
  const deps = {
    config, env: {}, storage, clock: systemClock, ids: uuidv7Ids, fetch, logger: { info: () => {}, error: () => {} },
    providers: createProviderRegistry(config), gateways: new GatewayResolver(storage, systemClock, { ttlMs: 0, autoCreate: false }), waitUntil: () => {},
  } satisfies GatewayDeps;
  const request = new Request('http://gw/v1/a/default/openai/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' });
  return buildProxyContext(deps, request, performance.now());
}

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
    const ctx = await contextFor(fetch);
    const res = await fetchUpstream(fetch, ctx);
    expect(new TextDecoder().decode(responseBytes(res))).toBe('{"a":1}');
    expect(res.headers.has('content-encoding')).toBe(false);
    expect(ctx.trace.attempts).toBe(1);
  });

  it('leaves an event stream streaming', async () => {
    const fetch = upstream(['data: 1\n\n'], 'text/event-stream');
    const res = await fetchUpstream(fetch, await contextFor(fetch));
    expect(responseBytes(res)).toBeUndefined();
    expect(await res.text()).toBe('data: 1\n\n');
  });

  it('turns a JSON body that breaks off into an upstream error the client can read', async () => {
    const fetch = upstream(['{"a":'], 'application/json', true);
    const error = await fetchUpstream(fetch, await contextFor(fetch)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe(2005);
  });
});
