import type { GatewayDeps } from '../gateway-deps.ts';
import { resolveConfig } from '../config/config.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { createProviderRegistry } from '../providers/registry.ts';
import { GatewayResolver } from '../gateway-resolver.ts';
import { systemClock } from '../clock.ts';
import { uuidv7Ids } from '../ids.ts';
import { buildProxyContext } from '../proxy/passthrough.ts';
import type { ProxyContext } from './context.ts';

/** For tests: the context of `POST /v1/a/default/openai/chat/completions` (`{"model":"gpt-4o"}`), on memory storage. */
export function testProxyContext(fetch: typeof globalThis.fetch = globalThis.fetch): Promise<ProxyContext> {
  const config = resolveConfig({ env: { AIGW_PROVIDER_OPENAI_URL: 'http://openai.test/v1' } });
  const storage = createMemoryStorage();
  const deps = {
    config, env: {}, storage, clock: systemClock, ids: uuidv7Ids, fetch, logger: { info: () => {}, error: () => {} },
    providers: createProviderRegistry(config), gateways: new GatewayResolver(storage, systemClock, { ttlMs: 0, autoCreate: false }), waitUntil: () => {},
  } satisfies GatewayDeps;
  const request = new Request('http://gw/v1/a/default/openai/chat/completions', { method: 'POST', body: '{"model":"gpt-4o"}' });
  return buildProxyContext(deps, request, performance.now());
}
