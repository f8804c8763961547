import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../admin/audit-store.ts';
import type { GatewayTokenRecord } from '../auth/token-store.ts';
import type { ProviderKeyRecord } from '../keys/provider-key-store.ts';
import type { Storage } from '../storage/types.ts';

const token = (id: string, overrides: Partial<GatewayTokenRecord> = {}): GatewayTokenRecord => ({
  id,
  gateway: 'gw',
  name: `token ${id}`,
  token_hash: `hash-${id}`,
  prefix: 'aigw_gt_abcd',
  created_at: `2025-01-01T00:00:0${id.length % 10}.000Z`,
  expires_at: null,
  allowed_providers: null,
  allowed_models: null,
  rate_limit: null,
  budget: null,
  ...overrides,
});

const key = (id: string, overrides: Partial<ProviderKeyRecord> = {}): ProviderKeyRecord => ({
  id,
  gateway: 'gw',
  provider: 'openai',
  alias: 'default',
  ciphertext: `v1.abc.iv.${id}`,
  masked: 'sk-p…wxyz',
  created_at: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

const audit = (id: string, gateway: string | null = 'gw'): AuditRecord => ({
  id,
  at: '2025-01-01T00:00:00.000Z',
  actor: 'admin:0123456789ab',
  ip: '10.0.0.1',
  user_agent: 'curl/8',
  method: 'POST',
  path: `/gateways/${gateway ?? 'x'}/tokens`,
  status: 200,
  gateway,
});

/** The `GatewayTokenStore`, `ProviderKeyStore` and `AuditStore` contracts (issue 8). */
export function describeSecurityConformance(storage: () => Storage): void {
  describe('gateway tokens', () => {
    it('creates, finds by hash within its gateway only, lists oldest first', async () => {
      const full = token('t1', {
        expires_at: '2030-01-01T00:00:00.000Z',
        allowed_providers: ['openai'],
        allowed_models: ['gpt-4o-mini', 'claude-*'],
        rate_limit: { limit: 10, interval: 60, technique: 'sliding' },
        budget: { limit_usd: 0.01, window: 'day', technique: 'fixed' },
      });
      expect(await storage().tokens.createToken(full)).toBe(true);
      expect(await storage().tokens.createToken(token('t22', { created_at: '2025-01-02T00:00:00.000Z' }))).toBe(true);
      expect(await storage().tokens.createToken(token('t333', { gateway: 'other' }))).toBe(true);
      expect(await storage().tokens.getTokenByHash('gw', 'hash-t1')).toEqual(full);
      expect(await storage().tokens.getTokenByHash('other', 'hash-t1')).toBeUndefined();
      expect(await storage().tokens.getTokenByHash('gw', 'nope')).toBeUndefined();
      expect(await storage().tokens.getToken('gw', 't1')).toEqual(full);
      expect(await storage().tokens.getToken('other', 't1')).toBeUndefined();
      expect((await storage().tokens.listTokens('gw')).map((t) => t.id)).toEqual(['t1', 't22']);
    });

    it('refuses a duplicate id or hash', async () => {
      expect(await storage().tokens.createToken(token('a'))).toBe(true);
      expect(await storage().tokens.createToken(token('a', { token_hash: 'other' }))).toBe(false);
      expect(await storage().tokens.createToken(token('b', { token_hash: 'hash-a' }))).toBe(false);
    });

    it('patches fields, and deletes within the gateway', async () => {
      await storage().tokens.createToken(token('p'));
      const updated = await storage().tokens.updateToken('gw', 'p', { name: 'renamed', allowed_models: ['m'], budget: { limit_usd: 2, window: 3600 } });
      expect(updated).toEqual({ ...token('p'), name: 'renamed', allowed_models: ['m'], budget: { limit_usd: 2, window: 3600 } });
      expect(await storage().tokens.updateToken('gw', 'p', { budget: null })).toMatchObject({ budget: null, name: 'renamed' });
      expect(await storage().tokens.updateToken('other', 'p', { name: 'x' })).toBeUndefined();
      expect(await storage().tokens.deleteToken('other', 'p')).toBe(false);
      expect(await storage().tokens.deleteToken('gw', 'p')).toBe(true);
      expect(await storage().tokens.getTokenByHash('gw', 'hash-p')).toBeUndefined();
      expect(await storage().tokens.deleteToken('gw', 'p')).toBe(false);
    });
  });

  describe('provider keys', () => {
    it('finds by gateway, provider and alias (oldest first), lists, re-encrypts, deletes', async () => {
      const a = key('k1');
      const b = key('k2', { created_at: '2025-01-02T00:00:00.000Z' });
      const c = key('k3', { alias: 'team-b' });
      const d = key('k4', { gateway: 'other' });
      for (const r of [b, a, c, d]) expect(await storage().providerKeys.createProviderKey(r)).toBe(true);
      expect(await storage().providerKeys.createProviderKey(a)).toBe(false);
      expect(await storage().providerKeys.findProviderKeys('gw', 'openai', 'default')).toEqual([a, b]);
      expect(await storage().providerKeys.findProviderKeys('gw', 'openai', 'team-b')).toEqual([c]);
      expect(await storage().providerKeys.findProviderKeys('gw', 'anthropic', 'default')).toEqual([]);
      expect((await storage().providerKeys.listProviderKeys('gw')).map((k) => k.id).sort()).toEqual(['k1', 'k2', 'k3']);
      expect((await storage().providerKeys.listProviderKeys()).map((k) => k.id).sort()).toEqual(['k1', 'k2', 'k3', 'k4']);
      expect(await storage().providerKeys.updateProviderKeyCiphertext('k1', 'v1.new.iv.ct')).toBe(true);
      expect(await storage().providerKeys.updateProviderKeyCiphertext('missing', 'x')).toBe(false);
      expect((await storage().providerKeys.findProviderKeys('gw', 'openai', 'default'))[0]?.ciphertext).toBe('v1.new.iv.ct');
      expect(await storage().providerKeys.deleteProviderKey('other', 'k1')).toBe(false);
      expect(await storage().providerKeys.deleteProviderKey('gw', 'k1')).toBe(true);
      expect(await storage().providerKeys.findProviderKeys('gw', 'openai', 'default')).toEqual([b]);
    });
  });

  describe('audit', () => {
    it('appends and lists newest first, by page and by gateway', async () => {
      const ids = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002', '0190a000-0000-7000-8000-000000000003'];
      await storage().audit.appendAudit(audit(ids[0]!));
      await storage().audit.appendAudit(audit(ids[1]!, null));
      await storage().audit.appendAudit(audit(ids[2]!, 'other'));
      expect((await storage().audit.listAudit({ limit: 10 })).map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]]);
      const page = await storage().audit.listAudit({ limit: 2 });
      expect(page).toHaveLength(2);
      expect(page[1]).toEqual(audit(ids[1]!, null));
      expect((await storage().audit.listAudit({ limit: 10, before: page[1]!.id })).map((r) => r.id)).toEqual([ids[0]]);
      expect((await storage().audit.listAudit({ limit: 10, gateway: 'gw' })).map((r) => r.id)).toEqual([ids[0]]);
    });
  });
}
