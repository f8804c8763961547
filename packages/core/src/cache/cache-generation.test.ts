import { describe, expect, it, vi } from 'vitest';
import { createGateway } from '../gateway.ts';
import { createMemoryCacheStore } from '../storage/memory-cache.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { withHotCache } from './hot-cache.ts';
import { fakeClock, fakeUpstream, testGateway, type TestGateway } from './test-gateway.ts';

const ADMIN = 'admin-token-for-cache-tests';
const body = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
const config = {
  providerUrls: { openai: 'http://upstream.test/v1' },
  customProviders: [],
  gateways: { inv: { cache_ttl: 600, cache_invalidate_on_update: true }, keep: { cache_ttl: 600 } },
  autoCreateGateways: false,
  maxBodyBytes: 30 * 1024 * 1024,
};

const patch = (t: Pick<TestGateway, 'gateway'>, id: string, settings: Record<string, unknown>, method = 'PATCH') =>
  Promise.resolve(
    t.gateway.request(`/api/v1/gateways/${id}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    }),
  );

async function status(t: TestGateway, content: string, gateway: string): Promise<string | null> {
  const res = await t.chat(body(content), {}, gateway);
  await res.text();
  await t.settle();
  return res.headers.get('cf-aig-cache-status');
}

describe('cache_invalidate_on_update', () => {
  it('an update of the gateway (PATCH or PUT) invalidates its cached responses; without the setting they stay', async () => {
    const t = testGateway({ config, env: { AIGW_ADMIN_TOKEN: ADMIN } });
    for (const gw of ['inv', 'keep']) {
      expect(await status(t, 'q', gw)).toBe('MISS');
      expect(await status(t, 'q', gw)).toBe('HIT');
    }
    expect((await patch(t, 'inv', { collect_logs: true })).status).toBe(200);
    expect((await patch(t, 'keep', { collect_logs: true })).status).toBe(200);
    expect(await status(t, 'q', 'inv')).toBe('MISS');
    expect(await status(t, 'q', 'inv')).toBe('HIT');
    expect(await status(t, 'q', 'keep')).toBe('HIT');

    // An update that changes nothing still starts a fresh cache (the purge).
    expect((await patch(t, 'inv', { cache_ttl: 600, cache_invalidate_on_update: true }, 'PUT')).status).toBe(200);
    expect(await status(t, 'q', 'inv')).toBe('MISS');
    expect(t.upstream.calls).toHaveLength(4);
  });

  it('an update purges the stored entries of that gateway only', async () => {
    const storage = createMemoryStorage();
    const t = testGateway({ config, storage, env: { AIGW_ADMIN_TOKEN: ADMIN } });
    await status(t, 'a', 'inv');
    await status(t, 'b', 'inv');
    await status(t, 'a', 'keep');
    await patch(t, 'inv', { collect_logs: false });
    expect(await storage.cache.deleteGateway('inv')).toBe(0);
    expect(await storage.cache.deleteGateway('keep')).toBe(1);
  });

  it('a response that started under the old settings and ends after the update is not served under the new ones', async () => {
    const t = testGateway({ config, env: { AIGW_ADMIN_TOKEN: ADMIN } });
    let release!: () => void;
    t.upstream.state.gate = new Promise((resolve) => (release = resolve));
    const slow = t.chat(body('late'), {}, 'inv');
    await vi.waitFor(() => expect(t.upstream.calls).toHaveLength(1));
    expect((await patch(t, 'inv', { retry_max_attempts: 2 })).status).toBe(200);
    release();
    await (await slow).text();
    await t.settle();
    t.upstream.state.gate = undefined;
    expect(await status(t, 'late', 'inv')).toBe('MISS');
    expect(await status(t, 'late', 'inv')).toBe('HIT');
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('another instance (own in-process layer, shared store) stops serving old entries once it sees the new settings', async () => {
    const shared = createMemoryStorage();
    const clock = fakeClock();
    const instance = (): TestGateway & { storage: Storage } => {
      const upstream = fakeUpstream();
      const storage: Storage = { ...shared, cache: withHotCache(shared.cache) };
      const pending = new Set<Promise<unknown>>();
      const gateway = createGateway({
        config,
        storage,
        clock,
        env: { AIGW_ADMIN_TOKEN: ADMIN },
        fetch: upstream.fetch,
        gatewayCacheMs: 1000,
        logger: { info: () => {}, error: () => {} },
        waitUntil: (p) => void pending.add(p),
      });
      return {
        gateway,
        clock,
        upstream,
        errors: [],
        storage,
        chat: (b, headers = {}, gw = 'default') =>
          Promise.resolve(
            gateway.request(`/v1/acct/${gw}/openai/chat/completions`, {
              method: 'POST',
              headers: { authorization: 'Bearer sk-one', 'content-type': 'application/json', ...headers },
              body: JSON.stringify(b),
            }),
          ),
        // Log queues may wait on the fake clock: bound the wait, as testGateway does.
        settle: async () => void (await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 25))])),
      };
    };
    const a = instance();
    const b = instance();
    expect(await status(a, 'shared', 'inv')).toBe('MISS');
    expect(await status(b, 'shared', 'inv')).toBe('HIT'); // now in b's in-process layer
    await patch(a, 'inv', { collect_logs: false });
    expect(await status(a, 'shared', 'inv')).toBe('MISS');
    clock.advance(1000); // b's gateway record and in-process entries are refreshed after 1 s
    expect(await status(b, 'shared', 'inv')).toBe('HIT'); // a's new entry, under the new generation
    expect(b.upstream.calls).toHaveLength(0);
    expect(a.upstream.calls).toHaveLength(2);
  });
});
