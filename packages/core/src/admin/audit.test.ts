import { describe, expect, it } from 'vitest';
import { securityHarness } from '../auth/test-security.ts';

describe('admin audit trail', () => {
  it('records who did what and when for every change, never the secrets in bodies', async () => {
    const h = securityHarness({ gateways: { g: { authentication: true } } });
    const created = await h.admin('POST', '/gateways/g/tokens', { name: 'ci' });
    const token = created.json.result.token as string;
    await h.admin('POST', '/gateways/g/provider-keys', { provider: 'openai', key: 'sk-very-secret-provider-key-123456' });
    await h.admin('PATCH', '/gateways/g', { cache_ttl: 60 });
    await h.admin('POST', '/gateways/nope/tokens', { name: 'x' });
    await h.admin('GET', '/gateways/g/tokens');
    const refused = await h.gateway.request('/api/v1/gateways/g/tokens', { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);

    const trail = await h.admin('GET', '/audit');
    const records = trail.json.result as { method: string; path: string; status: number; gateway: string | null; actor: string; user_agent: string }[];
    expect(records.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/gateways/nope/tokens', 404],
      ['PATCH', '/gateways/g', 200],
      ['POST', '/gateways/g/provider-keys', 200],
      ['POST', '/gateways/g/tokens', 200],
    ]);
    expect(records[3]).toMatchObject({ gateway: 'g', user_agent: 'harness/1' });
    expect(records[3]!.actor).toMatch(/^admin:[0-9a-f]{12}$/);
    const text = JSON.stringify(trail.json);
    expect(text).not.toContain(token);
    expect(text).not.toContain('sk-very-secret');
    const page = await h.admin('GET', '/audit?limit=2');
    expect(page.json.result).toHaveLength(2);
    const rest = await h.admin('GET', `/audit?limit=2&before=${page.json.result[1].id}`);
    expect(rest.json.result.map((r: { path: string }) => r.path)).toEqual(['/gateways/g/provider-keys', '/gateways/g/tokens']);
    expect((await h.admin('GET', '/audit?gateway=nope')).json.result).toHaveLength(1);
  });
});
