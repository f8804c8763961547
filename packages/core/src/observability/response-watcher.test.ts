import { describe, expect, it } from 'vitest';
import { observeResponse } from '../pipeline/tap-stream.ts';
import { ResponseWatcher } from './response-watcher.ts';
import { PriceBook } from './cost.ts';
import { buildProxyContext } from '../proxy/passthrough.ts';
import type { GatewayDeps } from '../gateway-deps.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { createProviderRegistry } from '../providers/registry.ts';
import { resolveConfig } from '../config/config.ts';
import { GatewayResolver } from '../gateway-resolver.ts';
import { systemClock } from '../clock.ts';
import { uuidv7Ids } from '../ids.ts';

describe('ResponseWatcher', () => {
  it('puts usage and cost on the trace before later observers see the end', async () => {
    const config = resolveConfig({ env: { AIGW_PROVIDER_OPENAI_URL: 'http://openai.test/v1' } });
    const storage = createMemoryStorage();
    const deps = {
      config, env: {}, storage, clock: systemClock, ids: uuidv7Ids, fetch, logger: { info: () => {}, error: () => {} },
      providers: createProviderRegistry(config), gateways: new GatewayResolver(storage, systemClock, { ttlMs: 0, autoCreate: false }), waitUntil: () => {},
    } satisfies GatewayDeps;
    const request = new Request('http://gw/v1/a/default/openai/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' });
    const ctx = await buildProxyContext(deps, request, performance.now());
    let done: unknown;
    const watcher = new ResponseWatcher(ctx, new PriceBook(), false, (r) => (done = r));
    let seen: unknown;
    const later = { onEnd: () => (seen = { usage: ctx.trace.usage, cost: ctx.trace.cost }) };
    const upstream = Response.json({ usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    await observeResponse(upstream, [watcher, later]).text();
    expect(seen).toEqual({ usage: { tokensIn: 1_000_000, tokensOut: 0, cachedTokensIn: undefined }, cost: 2.5 });
    await Promise.resolve();
    expect(done).toMatchObject({ status: 200, cost: 2.5, errorCode: null });
  });
});
