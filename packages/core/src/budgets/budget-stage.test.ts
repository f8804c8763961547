import { describe, expect, it } from 'vitest';
import { chatBody, envelope, securityHarness } from '../auth/test-security.ts';

const cost = (usd: number) => ({ 'cf-aig-custom-cost': JSON.stringify({ total_cost: usd }) });
const ok = { authorization: 'Bearer sk-client' };

describe('budgets', () => {
  it('a gateway budget blocks with 429 code 2041 naming the rule once spend reaches it, until the window ends', async () => {
    const h = securityHarness({ gateways: { b: { budgets: [{ name: 'daily-cap', limit_usd: 0.01, window: 'day' }] } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await h.chat('b', chatBody(`n${i}`), { ...ok, ...cost(0.004) })).status);
      await h.settle();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await h.chat('b', chatBody('again'), { ...ok, ...cost(0.004) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const err = await envelope(refused);
    expect(err.code).toBe(2041);
    expect(err.message).toContain("'daily-cap'");
    expect(err.message).toContain('$0.012 spent of $0.01 per day');
    expect(h.sent).toHaveLength(3);
    h.clock.advance(24 * 3600_000);
    expect((await h.chat('b', chatBody('tomorrow'), ok)).status).toBe(200);
  });

  it('counts the cost computed from usage and prices', async () => {
    // gpt-4o answers with 1M prompt tokens: far more than $0.01.
    const h = securityHarness({ gateways: { b: { budgets: [{ name: 'cap', limit_usd: 0.01, window: 'hour' }] } } });
    h.respond.fn = () => Response.json({ choices: [], usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    expect((await h.chat('b', chatBody('big', 'gpt-4o'), ok)).status).toBe(200);
    await h.settle();
    expect((await h.chat('b', chatBody('more', 'gpt-4o'), ok)).status).toBe(429);
  });

  it('scoped to one model: other models are not counted or limited', async () => {
    const h = securityHarness({ gateways: { b: { budgets: [{ name: 'gpt4o', limit_usd: 0.005, window: 'day', scope: 'model', value: 'gpt-4o' }] } } });
    expect((await h.chat('b', chatBody('a', 'gpt-4o-mini'), { ...ok, ...cost(1) })).status).toBe(200);
    await h.settle();
    expect((await h.chat('b', chatBody('b', 'gpt-4o'), { ...ok, ...cost(0.006) })).status).toBe(200);
    await h.settle();
    expect((await h.chat('b', chatBody('c', 'gpt-4o'), ok)).status).toBe(429);
    expect((await h.chat('b', chatBody('d', 'gpt-4o-mini'), ok)).status).toBe(200);
  });

  it('split per metadata value: each user has their own budget', async () => {
    const h = securityHarness({ gateways: { b: { budgets: [{ name: 'per-user', limit_usd: 0.01, window: 'week', scope: 'metadata:user' }] } } });
    const as = (user: string) => ({ ...ok, 'cf-aig-metadata': JSON.stringify({ user }) });
    expect((await h.chat('b', chatBody('a'), { ...as('alice'), ...cost(0.02) })).status).toBe(200);
    await h.settle();
    expect((await h.chat('b', chatBody('a'), as('alice'))).status).toBe(429);
    expect((await h.chat('b', chatBody('b'), as('bob'))).status).toBe(200);
    const spent = await h.admin('GET', '/gateways/b/budgets?value=alice');
    expect(spent.json.result.rules[0]).toMatchObject({ name: 'per-user', spent_usd: 0.02 });
  });

  it('cache hits cost nothing and are not counted', async () => {
    const h = securityHarness({ gateways: { b: { cache_ttl: 600, budgets: [{ name: 'cap', limit_usd: 0.01, window: 'day' }] } } });
    expect((await h.chat('b', chatBody('same'), { ...ok, ...cost(0.006) })).status).toBe(200);
    await h.settle();
    for (let i = 0; i < 3; i++) {
      const hit = await h.chat('b', chatBody('same'), { ...ok, ...cost(0.006) });
      expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
      await hit.text();
      await h.settle();
    }
    expect((await h.chat('b', chatBody('other'), ok)).status).toBe(200);
  });

  it('a gateway token carries its own budget and request limit', async () => {
    const h = securityHarness({ gateways: { s: { authentication: true } } });
    const create = async (body: object) => ((await h.admin('POST', '/gateways/s/tokens', body)).json.result as { token: string }).token;
    const spender = await create({ name: 'spender', budget: { limit_usd: 0.01, window: 'month' } });
    const chatty = await create({ name: 'chatty', rate_limit: { limit: 2, interval: 60 } });
    const as = (token: string) => ({ ...ok, 'cf-aig-authorization': `Bearer ${token}` });
    expect((await h.chat('s', chatBody('a'), { ...as(spender), ...cost(0.02) })).status).toBe(200);
    await h.settle();
    const over = await h.chat('s', chatBody('b'), as(spender));
    expect(over.status).toBe(429);
    expect((await envelope(over)).message).toContain("'token:spender'");
    expect((await h.chat('s', chatBody('c'), as(chatty))).status).toBe(200);
    expect((await h.chat('s', chatBody('d'), as(chatty))).status).toBe(200);
    const limited = await h.chat('s', chatBody('e'), as(chatty));
    expect(limited.status).toBe(429);
    expect((await envelope(limited)).code).toBe(2003);
    const report = await h.admin('GET', '/gateways/s/budgets');
    expect(report.json.result.tokens).toEqual([expect.objectContaining({ token_name: 'spender', limit_usd: 0.01, spent_usd: 0.02 })]);
  });

  it('sliding windows keep counting the previous window, weighted', async () => {
    const h = securityHarness({ gateways: { b: { budgets: [{ name: 's', limit_usd: 0.01, window: 3600, technique: 'sliding' }] } } });
    h.clock.advance(90 * 60_000); // the harness starts at 12:00 UTC: now 13:30, half past the hour
    expect((await h.chat('b', chatBody('a'), { ...ok, ...cost(0.016) })).status).toBe(200);
    await h.settle();
    h.clock.advance(60 * 60_000); // next window, halfway: 0.5 × 0.016 = 0.008 < 0.01
    expect((await h.chat('b', chatBody('b'), { ...ok, ...cost(0.004) })).status).toBe(200);
    await h.settle();
    // 0.004 + 0.5 × 0.016 = 0.012 ≥ 0.01
    expect((await h.chat('b', chatBody('c'), ok)).status).toBe(429);
  });

  it('rules are validated: unknown fields, bad windows and duplicate names are refused', async () => {
    const h = securityHarness({ gateways: { b: {} } });
    for (const budgets of [[{ name: 'x', limit_usd: 1, window: 'fortnight' }], [{ name: 'x', limit_usd: 1, window: 'day', extra: 1 }], [{ name: 'x', limit_usd: 1, window: 'day' }, { name: 'x', limit_usd: 2, window: 'hour' }]]) {
      expect((await h.admin('PATCH', '/gateways/b', { budgets })).status).toBe(400);
    }
    expect((await h.admin('PATCH', '/gateways/b', { budgets: [{ name: 'ok', limit_usd: 5, window: 86400, scope: 'provider', value: 'openai' }] })).status).toBe(200);
  });
});
