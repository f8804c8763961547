import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { chatBody, securityHarness } from '../auth/test-security.ts';

const TOKEN = 'admin-secret-token';
const quiet = { info: () => {}, error: () => {} };

function setup() {
  const gateway = createGateway({ env: { AIGW_ADMIN_TOKEN: TOKEN }, logger: quiet, fetch: async () => Response.json({ upstream: true }) });
  const call = (method: string, path: string, body?: unknown, token = TOKEN) =>
    gateway.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { gateway, call };
}

describe('admin API: gateways', () => {
  it('refuses a missing or wrong token with 401 / 2009', async () => {
    const { gateway, call } = setup();
    for (const res of [await gateway.request('/api/v1/gateways'), await call('GET', '/gateways', undefined, 'wrong')]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ success: false, error: [{ code: 2009, message: expect.any(String) }] });
    }
  });

  it('creates, lists, reads, patches and deletes gateways; changes take effect on the proxy at once', async () => {
    const { gateway, call } = setup();
    expect((await gateway.request('/v1/a/team/openai/models')).status).toBe(404);

    const created = await call('POST', '/gateways', { id: 'team', cache_ttl: 60, collect_logs: false });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ success: true, result: { id: 'team', cache_ttl: 60, collect_logs: false } });
    expect((await gateway.request('/v1/a/team/openai/models')).status).toBe(200);

    expect((await call('POST', '/gateways', { id: 'team' })).status).toBe(409);
    const list = (await (await call('GET', '/gateways')).json()) as { result: { id: string }[]; result_info: { count: number } };
    expect(list.result.map((g) => g.id)).toEqual(['default', 'team']);
    expect(list.result_info.count).toBe(2);

    const patched = await call('PATCH', '/gateways/team', { cache_ttl: 120 });
    expect(((await patched.json()) as { result: unknown }).result).toMatchObject({ id: 'team', cache_ttl: 120, collect_logs: false });

    expect((await call('DELETE', '/gateways/team')).status).toBe(200);
    expect((await call('GET', '/gateways/team')).status).toBe(404);
    expect((await gateway.request('/v1/a/team/openai/models')).status).toBe(404);
  });

  it('deleting a gateway removes its tokens, stored provider keys and cache: one created again under its id starts clean', async () => {
    const h = securityHarness();
    const settings = { id: 'team', authentication: true, cache_ttl: 60 };
    expect((await h.admin('POST', '/gateways', settings)).status).toBe(200);
    const { token } = (await h.admin('POST', '/gateways/team/tokens', { name: 'app' })).json.result as { token: string };
    expect((await h.admin('POST', '/gateways/team/provider-keys', { provider: 'openai', key: 'sk-stored-0123456789abcdef' })).status).toBe(200);
    const chat = () => h.chat('team', chatBody('same question'), { 'cf-aig-authorization': `Bearer ${token}` });
    expect((await chat()).status).toBe(200);
    expect((await chat()).headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(h.sent).toHaveLength(1);

    expect((await h.admin('DELETE', '/gateways/team')).status).toBe(200);
    expect((await h.admin('DELETE', '/gateways/team')).status).toBe(404);
    expect((await h.admin('POST', '/gateways', settings)).status).toBe(200);
    expect((await h.admin('GET', '/gateways/team/tokens')).json.result).toEqual([]);
    expect((await h.admin('GET', '/gateways/team/provider-keys')).json.result).toEqual([]);
    expect((await chat()).status).toBe(401);
    // The same stored key again: the same cache key as before the delete, yet a MISS.
    const { token: fresh } = (await h.admin('POST', '/gateways/team/tokens', { name: 'app' })).json.result as { token: string };
    expect((await h.admin('POST', '/gateways/team/provider-keys', { provider: 'openai', key: 'sk-stored-0123456789abcdef' })).status).toBe(200);
    const again = await h.chat('team', chatBody('same question'), { 'cf-aig-authorization': `Bearer ${fresh}` });
    expect(again.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(h.sent).toHaveLength(2);
  });

  it('validates ids, settings and JSON', async () => {
    const { call } = setup();
    const bad = async (res: Response, code: number, status = 400) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: number }[] }).error[0]!.code).toBe(code);
    };
    await bad(await call('POST', '/gateways', '{oops'), 2100);
    await bad(await call('POST', '/gateways', { id: 'bad id' }), 2105);
    await bad(await call('POST', '/gateways', { id: 'g', cache_tll: 5 }), 2105);
    await bad(await call('POST', '/gateways', { id: 'g', rate_limiting_technique: 'leaky' }), 2105);
    await bad(await call('PATCH', '/gateways/missing', { cache_ttl: 5 }), 2001, 404);
  });
});

describe('admin token', () => {
  it('is generated once when unset, printed once, and only its hash is stored', async () => {
    const lines: string[] = [];
    const storage = createMemoryStorage();
    const logger = { info: (m: string) => lines.push(m), error: () => {} };
    const first = createGateway({ storage, logger });
    await first.ready;
    const printed = lines.join('\n').match(/aigw_admin_[A-Za-z0-9_-]+/)?.[0];
    expect(printed).toBeDefined();
    expect(await storage.meta.getMeta('admin_token_sha256')).toMatch(/^[0-9a-f]{64}$/);
    expect(await storage.meta.getMeta('admin_token_sha256')).not.toContain(printed!);

    const second = createGateway({ storage, logger });
    await second.ready;
    expect(lines.join('\n').match(/aigw_admin_/g)).toHaveLength(1);
    const res = await second.request('/api/v1/gateways', { headers: { authorization: `Bearer ${printed}` } });
    expect(res.status).toBe(200);
  });
});
