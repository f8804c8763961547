import { describe, expect, it } from 'vitest';
import { testGateway } from '../cache/test-gateway.ts';

const TOKEN = 'admin-token-for-tests-0123456789';
const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

function setup() {
  return testGateway({
    env: { AIGW_ADMIN_TOKEN: TOKEN },
    config: { providerUrls: { openai: 'http://upstream.test/v1' }, customProviders: [], gateways: { c: { cache_ttl: 600 }, other: { cache_ttl: 600 } }, autoCreateGateways: false, maxBodyBytes: 1 << 20 },
  });
}

async function fill(t: ReturnType<typeof setup>, gateway: string, content: string, headers: Record<string, string> = {}) {
  await (await t.chat(chat(content), headers, gateway)).text();
  await t.settle();
}

const status = async (t: ReturnType<typeof setup>, gateway: string, content: string, headers: Record<string, string> = {}) =>
  (await t.chat(chat(content), headers, gateway)).headers.get('cf-aig-cache-status');

const purge = (t: ReturnType<typeof setup>, path: string, body?: unknown) =>
  t.gateway.request(`/api/v1/gateways/${path}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('DELETE /api/v1/gateways/{id}/cache', () => {
  it("purges every entry of the gateway and leaves other gateways' entries", async () => {
    const t = setup();
    await fill(t, 'c', 'one');
    await fill(t, 'c', 'two');
    await fill(t, 'other', 'one');
    const res = await purge(t, 'c/cache');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, result: { id: 'c', purged: 2 } });
    expect(await status(t, 'c', 'one')).toBe('MISS');
    expect(await status(t, 'c', 'two')).toBe('MISS');
    expect(await status(t, 'other', 'one')).toBe('HIT');
  });

  it('purges one entry named by ?key= or by a JSON body (the cf-aig-cache-key value)', async () => {
    const t = setup();
    await fill(t, 'c', 'one', { 'cf-aig-cache-key': 'k1' });
    await fill(t, 'c', 'two', { 'cf-aig-cache-key': 'k2' });
    await fill(t, 'c', 'three', { 'cf-aig-cache-key': 'k3' });
    expect(await (await purge(t, 'c/cache?key=k1')).json()).toEqual({ success: true, result: { id: 'c', key: 'k1', purged: 1 } });
    expect(await (await purge(t, 'c/cache', { key: 'k2' })).json()).toEqual({ success: true, result: { id: 'c', key: 'k2', purged: 1 } });
    expect(await (await purge(t, 'c/cache?key=nope')).json()).toEqual({ success: true, result: { id: 'c', key: 'nope', purged: 0 } });
    expect(await status(t, 'c', 'one', { 'cf-aig-cache-key': 'k1' })).toBe('MISS');
    expect(await status(t, 'c', 'two', { 'cf-aig-cache-key': 'k2' })).toBe('MISS');
    expect(await status(t, 'c', 'three', { 'cf-aig-cache-key': 'k3' })).toBe('HIT');
  });

  it('answers an unknown gateway, a bad body and a missing token with the envelope', async () => {
    const t = setup();
    expect((await purge(t, 'nope/cache')).status).toBe(404);
    expect((await purge(t, 'c/cache', { key: 5 })).status).toBe(400);
    const bad = await t.gateway.request('/api/v1/gateways/c/cache', { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` }, body: '{oops' });
    expect(bad.status).toBe(400);
    expect((await t.gateway.request('/api/v1/gateways/c/cache', { method: 'DELETE' })).status).toBe(401);
    expect((await purge(t, 'default/cache')).status).toBe(200);
  });
});
