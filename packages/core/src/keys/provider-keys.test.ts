import { describe, expect, it } from 'vitest';
import { chatBody, envelope, securityHarness, SECRET } from '../auth/test-security.ts';
import { reencryptProviderKeys } from './reencrypt.ts';
import { SecretBox } from './secret-box.ts';

const gateways = { secure: { authentication: true }, open: {} };
const KEY_A = 'sk-stored-aaaaaaaaaaaaaaaaaaaaaaaa';
const KEY_B = 'sk-stored-bbbbbbbbbbbbbbbbbbbbbbbb';

async function setup(extra: Parameters<typeof securityHarness>[0] = {}) {
  const h = securityHarness({ gateways, ...extra });
  const { token } = (await h.admin('POST', '/gateways/secure/tokens', { name: 'app' })).json.result as { token: string };
  return { h, auth: { 'cf-aig-authorization': `Bearer ${token}` } };
}

describe('stored provider keys', () => {
  it('are write-only: the admin API shows them masked, storage holds ciphertext only', async () => {
    const { h } = await setup();
    const added = await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    expect(added.status).toBe(200);
    expect(added.json.result).toMatchObject({ provider: 'openai', alias: 'default', masked: 'sk-s…aaaa' });
    const list = await h.admin('GET', '/gateways/secure/provider-keys');
    expect(JSON.stringify(list.json)).not.toContain(KEY_A);
    expect(JSON.stringify(list.json)).not.toContain('ciphertext');
    const stored = await h.storage.providerKeys.listProviderKeys();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.ciphertext).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(JSON.stringify(stored)).not.toContain('stored-aaaa');
  });

  it('are injected on an authenticated gateway when the client sends no key; a client key wins', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    expect((await h.chat('secure', chatBody('hi'), auth)).status).toBe(200);
    expect(h.sent[0]!.headers.get('authorization')).toBe(`Bearer ${KEY_A}`);
    // An SDK that must send something sends an empty bearer: still "no key".
    expect((await h.chat('secure', chatBody('hi'), { ...auth, authorization: 'Bearer ' })).status).toBe(200);
    expect(h.sent[1]!.headers.get('authorization')).toBe(`Bearer ${KEY_A}`);
    expect((await h.chat('secure', chatBody('hi'), { ...auth, authorization: 'Bearer sk-own' })).status).toBe(200);
    expect(h.sent[2]!.headers.get('authorization')).toBe('Bearer sk-own');
  });

  it('use the provider module’s own header (x-api-key for Anthropic)', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'anthropic', key: KEY_B });
    const res = await h.gateway.request('/v1/acct/secure/anthropic/v1/messages', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(h.sent[0]!.headers.get('x-api-key')).toBe(KEY_B);
    expect(h.sent[0]!.headers.get('authorization')).toBeNull();
  });

  it('are never used on a gateway without authentication', async () => {
    const { h } = await setup();
    await h.admin('POST', '/gateways/open/provider-keys', { provider: 'openai', key: KEY_A });
    expect((await h.chat('open', chatBody('hi'))).status).toBe(200);
    expect(h.sent[0]!.headers.get('authorization')).toBeNull();
    const aliased = await h.chat('open', chatBody('hi'), { 'cf-aig-byok-alias': 'default' });
    expect(aliased.status).toBe(400);
    expect((await envelope(aliased)).code).toBe(2040);
  });

  it('cf-aig-byok-alias picks the alias; an unknown alias is 400 code 2040', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', alias: 'team-b', key: KEY_B });
    await h.chat('secure', chatBody('hi'), { ...auth, 'cf-aig-byok-alias': 'team-b' });
    expect(h.sent[0]!.headers.get('authorization')).toBe(`Bearer ${KEY_B}`);
    const res = await h.chat('secure', chatBody('hi'), { ...auth, 'cf-aig-byok-alias': 'nope' });
    expect(res.status).toBe(400);
    const err = await envelope(res);
    expect(err.code).toBe(2040);
    expect(err.message).toContain("'nope'");
    expect(h.sent).toHaveLength(1);
  });

  it('rotate round-robin; a key answered with 429 or 401 rests while the others serve', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    h.clock.advance(1000);
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_B });
    const used = async () => {
      await h.chat('secure', chatBody('hi'), auth);
      return h.sent.at(-1)!.headers.get('authorization');
    };
    expect([await used(), await used(), await used(), await used()]).toEqual([`Bearer ${KEY_A}`, `Bearer ${KEY_B}`, `Bearer ${KEY_A}`, `Bearer ${KEY_B}`]);
    h.respond.fn = (req) =>
      req.headers.get('authorization') === `Bearer ${KEY_A}` ? Response.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '30' } }) : Response.json({ ok: true });
    expect(await used()).toBe(`Bearer ${KEY_A}`);
    expect([await used(), await used(), await used()]).toEqual([`Bearer ${KEY_B}`, `Bearer ${KEY_B}`, `Bearer ${KEY_B}`]);
    h.clock.advance(31_000);
    const after = [await used(), await used()];
    expect(after).toContain(`Bearer ${KEY_A}`);
  });

  it('deleting a key stops its use', async () => {
    const { h, auth } = await setup();
    const { id } = (await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A })).json.result as { id: string };
    expect((await h.admin('DELETE', `/gateways/secure/provider-keys/${id}`)).status).toBe(200);
    await h.chat('secure', chatBody('hi'), auth);
    expect(h.sent[0]!.headers.get('authorization')).toBeNull();
  });

  it('without AIGW_SECRET_KEY keys cannot be stored (503 code 2131); unknown providers are 400', async () => {
    const { h } = await setup({ env: { AIGW_SECRET_KEY: '' } });
    const res = await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    expect(res.status).toBe(503);
    expect(res.json.error?.[0]?.code).toBe(2131);
    expect((await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'nope', key: KEY_A })).status).toBe(400);
  });

  it('a key stored under another secret gives a clear 503, not a crash; the startup check says so', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    const errors: string[] = [];
    const { gateway } = securityHarness({ gateways, storage: h.storage, env: { AIGW_SECRET_KEY: 'another-secret-0123456789abcdef' }, logger: { info: () => {}, error: (m) => errors.push(m) } });
    await gateway.ready;
    expect(errors.join('\n')).toContain('encrypted with another AIGW_SECRET_KEY');
    const res = await gateway.request('/v1/acct/secure/openai/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(chatBody('hi')) });
    expect(res.status).toBe(503);
    expect((await envelope(res)).code).toBe(2131);
  });
});

describe('SecretBox and re-encryption', () => {
  it('binds a value to its row and refuses tampering', async () => {
    const box = await SecretBox.create(SECRET);
    const sealed = await box.seal('sk-x', 'gw\u0000openai\u0000default\u0000id1');
    expect(await box.open(sealed, 'gw\u0000openai\u0000default\u0000id1')).toBe('sk-x');
    await expect(box.open(sealed, 'gw\u0000openai\u0000default\u0000id2')).rejects.toThrow(/authentication/);
    const parts = sealed.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
    await expect(box.open(parts.join('.'), 'gw\u0000openai\u0000default\u0000id1')).rejects.toThrow();
    expect(sealed).not.toContain('sk-x');
    await expect(SecretBox.create('short')).rejects.toThrow(/at least 16/);
  });

  it('rotates AIGW_SECRET_KEY: previous secrets still decrypt, re-encryption moves every key to the new one', async () => {
    const { h, auth } = await setup();
    await h.admin('POST', '/gateways/secure/provider-keys', { provider: 'openai', key: KEY_A });
    const NEW = 'the-new-secret-key-0123456789abcdef';
    const rotated = securityHarness({ gateways, storage: h.storage, env: { AIGW_SECRET_KEY: NEW, AIGW_SECRET_KEY_PREVIOUS: SECRET } });
    const call = () => rotated.gateway.request('/v1/acct/secure/openai/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(chatBody('hi')) });
    expect((await call()).status).toBe(200);
    expect(rotated.sent[0]!.headers.get('authorization')).toBe(`Bearer ${KEY_A}`);

    expect(await reencryptProviderKeys(h.storage, { secret: NEW, previous: [SECRET] })).toEqual({ reencrypted: 1, unchanged: 0, failed: [] });
    expect(await reencryptProviderKeys(h.storage, { secret: NEW, previous: [SECRET] })).toEqual({ reencrypted: 0, unchanged: 1, failed: [] });
    const onlyNew = securityHarness({ gateways, storage: h.storage, env: { AIGW_SECRET_KEY: NEW } });
    const res = await onlyNew.gateway.request('/v1/acct/secure/openai/chat/completions', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(chatBody('hi')) });
    expect(res.status).toBe(200);
    expect(onlyNew.sent[0]!.headers.get('authorization')).toBe(`Bearer ${KEY_A}`);
  });
});
