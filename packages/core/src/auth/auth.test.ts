import { describe, expect, it } from 'vitest';
import { chatBody, envelope, securityHarness } from './test-security.ts';

const gateways = { secure: { authentication: true }, open: {} };

async function newToken(h: ReturnType<typeof securityHarness>, body: object, gateway = 'secure') {
  const res = await h.admin('POST', `/gateways/${gateway}/tokens`, body);
  expect(res.status).toBe(200);
  return res.json.result as { id: string; token: string; prefix: string };
}

describe('authenticated gateways', () => {
  it('401 code 2009 without a token or with a wrong one; 200 with a valid one, never forwarded', async () => {
    const h = securityHarness({ gateways });
    const { token } = await newToken(h, { name: 'app' });
    expect(token).toMatch(/^aigw_gt_[A-Za-z0-9_-]{43}$/);

    const missing = await h.chat('secure', chatBody('hi'), { authorization: 'Bearer sk-client' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect((await envelope(missing)).code).toBe(2009);

    const wrong = await h.chat('secure', chatBody('hi'), { authorization: 'Bearer sk-client', 'cf-aig-authorization': `Bearer ${token}x` });
    expect(wrong.status).toBe(401);
    expect((await envelope(wrong)).code).toBe(2009);
    expect(h.sent).toHaveLength(0);

    const ok = await h.chat('secure', chatBody('hi'), { authorization: 'Bearer sk-client', 'cf-aig-authorization': `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.headers.get('cf-aig-authorization')).toBeNull();
    expect(h.sent[0]!.headers.get('authorization')).toBe('Bearer sk-client');
  });

  it('a token of another gateway is refused', async () => {
    const h = securityHarness({ gateways: { ...gateways, other: { authentication: true } } });
    const { token } = await newToken(h, { name: 'elsewhere' }, 'other');
    const res = await h.chat('secure', chatBody('hi'), { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('gateways without authentication need no token', async () => {
    const h = securityHarness({ gateways });
    expect((await h.chat('open', chatBody('hi'), { authorization: 'Bearer k' })).status).toBe(200);
  });

  it('an expired token is refused', async () => {
    const h = securityHarness({ gateways });
    const { token } = await newToken(h, { name: 'short', expires_in: 60 });
    const headers = { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${token}` };
    expect((await h.chat('secure', chatBody('hi'), headers)).status).toBe(200);
    h.clock.advance(61_000);
    const res = await h.chat('secure', chatBody('hi'), headers);
    expect(res.status).toBe(401);
    expect((await envelope(res)).message).toContain('expired');
  });

  it('allowed models and providers: others get 403 code 2130', async () => {
    const h = securityHarness({ gateways });
    const { token } = await newToken(h, { name: 'mini-only', allowed_models: ['gpt-4o-mini'], allowed_providers: ['openai'] });
    const headers = { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${token}` };
    expect((await h.chat('secure', chatBody('hi', 'gpt-4o-mini'), headers)).status).toBe(200);
    const other = await h.chat('secure', chatBody('hi', 'gpt-4o'), headers);
    expect(other.status).toBe(403);
    const err = await envelope(other);
    expect(err.code).toBe(2130);
    expect(err.message).toContain("model 'gpt-4o'");
    const anthropic = await h.chat('secure', chatBody('hi', 'gpt-4o-mini'), { ...headers, 'x-api-key': 'a' }, 'anthropic');
    expect(anthropic.status).toBe(403);
    expect(h.sent).toHaveLength(1);
  });

  it('model patterns ending in * allow a family', async () => {
    const h = securityHarness({ gateways });
    const { token } = await newToken(h, { name: 'family', allowed_models: ['gpt-4o*'] });
    const headers = { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${token}` };
    expect((await h.chat('secure', chatBody('hi', 'gpt-4o-mini'), headers)).status).toBe(200);
    expect((await h.chat('secure', chatBody('hi', 'gpt-4.1'), headers)).status).toBe(403);
  });

  it('the admin API shows a token once: lists carry no token and no hash; deleting revokes it', async () => {
    const h = securityHarness({ gateways });
    const created = await newToken(h, { name: 'ci', allowed_models: ['a'], rate_limit: { limit: 5, interval: 60 }, budget: { limit_usd: 1, window: 'day' } });
    const list = await h.admin('GET', '/gateways/secure/tokens');
    expect(list.json.result).toHaveLength(1);
    const shown = JSON.stringify(list.json.result);
    expect(shown).not.toContain(created.token);
    expect(shown).not.toContain('token_hash');
    expect(list.json.result[0]).toMatchObject({ id: created.id, name: 'ci', prefix: created.token.slice(0, 12), rate_limit: { limit: 5, interval: 60, technique: 'fixed' } });
    const stored = await h.storage.tokens.listTokens('secure');
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const headers = { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${created.token}` };
    expect((await h.chat('secure', chatBody('hi', 'a'), headers)).status).toBe(200);
    expect((await h.admin('DELETE', `/gateways/secure/tokens/${created.id}`)).status).toBe(200);
    expect((await h.chat('secure', chatBody('hi', 'a'), headers)).status).toBe(401);
    expect((await h.admin('DELETE', `/gateways/secure/tokens/${created.id}`)).status).toBe(404);
  });

  it('PATCH changes limits; bad input is a 400; unknown gateways a 404', async () => {
    const h = securityHarness({ gateways });
    const { id, token } = await newToken(h, { name: 'p' });
    const headers = { authorization: 'Bearer k', 'cf-aig-authorization': `Bearer ${token}` };
    expect((await h.chat('secure', chatBody('hi', 'gpt-4o'), headers)).status).toBe(200);
    expect((await h.admin('PATCH', `/gateways/secure/tokens/${id}`, { allowed_models: ['gpt-4o-mini'] })).status).toBe(200);
    expect((await h.chat('secure', chatBody('hi', 'gpt-4o'), headers)).status).toBe(403);
    expect((await h.admin('POST', '/gateways/secure/tokens', {})).status).toBe(400);
    expect((await h.admin('POST', '/gateways/secure/tokens', { name: 'x', budget: { limit_usd: -1, window: 'day' } })).status).toBe(400);
    expect((await h.admin('POST', '/gateways/nope/tokens', { name: 'x' })).status).toBe(404);
  });
});
