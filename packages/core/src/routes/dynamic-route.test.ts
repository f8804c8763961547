import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import { createMemoryStorage } from '../storage/memory.ts';

const quiet = { info: () => {}, error: () => {} };
const ADMIN = 'admin-token';

const openaiChat = (model: string) =>
  Response.json({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: `from ${model}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 } });

/** A gateway whose upstream answers per model: `fail` lists models that answer 503. */
function setup(routes: unknown[], fail: string[] = [], settings: object = {}, storage = createMemoryStorage()) {
  const calls: string[] = [];
  const gateway = createGateway({
    logger: quiet,
    storage,
    env: {
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_PROVIDER_OPENAI_URL: 'https://openai.test/v1',
      AIGW_PROVIDER_GROQ_URL: 'https://groq.test/openai/v1',
      AIGW_CONFIG_JSON: JSON.stringify({ gateways: { default: { routes, ...settings } } }),
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const { model } = (await new Request('http://x', { method: 'POST', body: init?.body }).json()) as { model: string };
      calls.push(model);
      return fail.includes(model) ? Response.json({ error: { message: 'overloaded' } }, { status: 503 }) : openaiChat(model);
    }) as typeof fetch,
  });
  const chat = (route: string, metadata?: object) =>
    gateway.request('/v1/acct/default/compat/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json', ...(metadata ? { 'cf-aig-metadata': JSON.stringify(metadata) } : {}) },
      body: JSON.stringify({ model: `dynamic/${route}`, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const admin = (method: string, path: string, body?: unknown) =>
    gateway.request(`/api/v1/gateways/default/routes${path}`, { method, headers: { authorization: `Bearer ${ADMIN}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { gateway, calls, chat, admin };
}

const start = (next: string) => ({ id: 'start', type: 'start', outputs: { next: { elementId: next } } });
const end = { id: 'end', type: 'end', outputs: {} };
const model = (id: string, name: string, fallback?: string) => ({
  id, type: 'model', properties: { provider: 'openai', model: name }, outputs: { success: { elementId: 'end' }, ...(fallback ? { fallback: { elementId: fallback } } : {}) },
});

const tiered = {
  name: 'support',
  elements: [
    start('plan'),
    { id: 'plan', type: 'conditional', properties: { conditions: { 'metadata.plan': { $in: ['pro', 'team'] } } }, outputs: { true: { elementId: 'big' }, false: { elementId: 'quota' } } },
    { id: 'quota', type: 'rate', properties: { key: 'metadata.user', limit: 2, limitType: 'count', window: 3600 }, outputs: { success: { elementId: 'small' }, fallback: { elementId: 'end' } } },
    model('big', 'gpt-big', 'small'),
    model('small', 'gpt-small'),
    end,
  ],
};

async function answer(res: Response) {
  return { status: res.status, step: res.headers.get('cf-aig-step'), model: res.headers.get('cf-aig-model'), body: (await res.json()) as { choices?: { message: { content: string } }[]; error?: { code: number; message: string }[] } };
}

describe('dynamic routes (model: "dynamic/{route}")', () => {
  it('picks the model by condition and says which one answered', async () => {
    const { chat, calls } = setup([tiered]);
    const pro = await answer(await chat('support', { plan: 'pro', user: 'u1' }));
    expect(pro).toMatchObject({ status: 200, step: '0', model: 'gpt-big' });
    expect(pro.body.choices?.[0]?.message.content).toBe('from gpt-big');
    const free = await answer(await chat('support', { plan: 'free', user: 'u1' }));
    expect(free).toMatchObject({ status: 200, step: '0', model: 'gpt-small' });
    expect(calls).toEqual(['gpt-big', 'gpt-small']);
  });

  it('falls back when a model fails, and answers the last failure when none is left', async () => {
    const down = setup([tiered], ['gpt-big']);
    expect(await answer(await down.chat('support', { plan: 'pro' }))).toMatchObject({ status: 200, step: '1', model: 'gpt-small' });
    expect(down.calls).toEqual(['gpt-big', 'gpt-small']);
    const allDown = setup([tiered], ['gpt-big', 'gpt-small']);
    const res = await answer(await allDown.chat('support', { plan: 'pro' }));
    expect(res.status).toBe(503);
    expect(res.model).toBe('gpt-small');
  });

  it("skips a model whose provider target is cooling down, as fallback chains do", async () => {
    // Breakers are per provider and credential: the first model on groq, its fallback on openai.
    const route = { name: 'r', elements: [start('big'), { ...model('big', 'llama-big', 'small'), properties: { provider: 'groq', model: 'llama-big' } }, model('small', 'gpt-small'), end] };
    const { chat, calls } = setup([route], ['llama-big'], { cooldown_min_calls: 1, cooldown_failure_ratio: 0.5, cooldown_duration: 60 });
    expect(await answer(await chat('r'))).toMatchObject({ status: 200, step: '1', model: 'gpt-small' });
    // The failure opened groq's breaker: the next request goes straight to the fallback.
    expect(await answer(await chat('r'))).toMatchObject({ status: 200, step: '1', model: 'gpt-small' });
    expect(calls).toEqual(['llama-big', 'gpt-small', 'gpt-small']);
  });

  it('counts requests per key value in a rate element and turns the rest away at the end', async () => {
    const { chat, calls } = setup([tiered]);
    for (let i = 0; i < 2; i++) expect((await chat('support', { plan: 'free', user: 'a' })).status).toBe(200);
    const third = await answer(await chat('support', { plan: 'free', user: 'a' }));
    expect(third.status).toBe(429);
    expect(third.body.error?.[0]?.code).toBe(2003);
    expect(third.body.error?.[0]?.message).toMatch(/dynamic route 'support': 2 requests per 3600 s/);
    // Another user has a window of their own.
    expect((await chat('support', { plan: 'free', user: 'b' })).status).toBe(200);
    expect(calls).toEqual(['gpt-small', 'gpt-small', 'gpt-small']);
  });

  it('refuses (503, code 2120) when a rate element cannot reach the counter store', async () => {
    const storage = createMemoryStorage();
    storage.counters.incrementCounter = () => Promise.reject(new Error('database is down'));
    const { chat, calls } = setup([tiered], [], {}, storage);
    const res = await answer(await chat('support', { plan: 'free', user: 'a' }));
    expect(res.status).toBe(503);
    expect(res.body.error?.[0]?.code).toBe(2120);
    expect(calls).toEqual([]);
  });

  it('stops sending to a cost-limited branch once its spend reaches the limit', async () => {
    const budget = {
      name: 'budget',
      elements: [
        start('spend'),
        // gpt-4o-mini: 1000 + 1000 tokens cost $0.00075 a request (the price table's 0.15 / 0.6 per million).
        { id: 'spend', type: 'rate', properties: { key: 'metadata.team', limit: 0.001, limitType: 'cost', window: 86400 }, outputs: { success: { elementId: 'paid' }, fallback: { elementId: 'cheap' } } },
        model('paid', 'gpt-4o-mini'),
        model('cheap', 'gpt-cheap'),
        end,
      ],
    };
    const { chat, calls } = setup([budget]);
    for (let i = 0; i < 3; i++) await (await chat('budget', { team: 't' })).arrayBuffer();
    // The first two fit under $0.001 when they start ($0 and $0.00075 spent); the third does not.
    expect(calls).toEqual(['gpt-4o-mini', 'gpt-4o-mini', 'gpt-cheap']);
  });

  it('splits by percentage', async () => {
    const split = { name: 'ab', elements: [start('s'), { id: 's', type: 'percentage', outputs: { '100%': { elementId: 'b' }, else: { elementId: 'a' } } }, model('a', 'gpt-a'), model('b', 'gpt-b'), end] };
    const { chat, calls } = setup([split]);
    for (let i = 0; i < 5; i++) expect((await chat('ab')).status).toBe(200);
    expect(calls).toEqual(Array(5).fill('gpt-b'));
  });

  it('answers an unknown route with 400 code 2008', async () => {
    const res = await answer(await setup([tiered]).chat('nope'));
    expect(res.status).toBe(400);
    expect(res.body.error?.[0]).toMatchObject({ code: 2008, message: expect.stringMatching(/no dynamic route 'nope'/) });
  });

  it('creates, reads, replaces and deletes routes through the admin API, and serves them at once', async () => {
    const { chat, admin } = setup([]);
    expect((await chat('support', { plan: 'pro' })).status).toBe(400);
    const created = await admin('POST', '', tiered);
    expect(created.status).toBe(201);
    const { result } = (await created.json()) as { result: { id: string; name: string } };
    expect(result).toMatchObject({ id: expect.any(String), name: 'support' });
    expect((await admin('POST', '', tiered)).status).toBe(409);
    expect(await answer(await chat('support', { plan: 'pro' }))).toMatchObject({ status: 200, model: 'gpt-big' });

    const list = (await (await admin('GET', '')).json()) as { result: { id: string }[]; result_info: { count: number } };
    expect(list.result_info.count).toBe(1);
    expect(((await (await admin('GET', `/${result.id}`)).json()) as { result: { name: string } }).result.name).toBe('support');

    const onlySmall = { name: 'support', elements: [start('small'), model('small', 'gpt-small'), end] };
    expect((await admin('PUT', '/support', onlySmall)).status).toBe(200);
    expect(await answer(await chat('support', { plan: 'pro' }))).toMatchObject({ status: 200, model: 'gpt-small' });

    const bad = await admin('POST', '', { name: 'x', elements: [start('m'), { ...model('m', 'm'), properties: { provider: 'nowhere', model: 'm' } }, end] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string }[] }).error[0]!.message).toMatch(/'nowhere' is not a provider the unified API reaches/);
    expect((await admin('POST', '', { name: 'x', elements: [start('end'), end, end] })).status).toBe(400);

    expect((await admin('DELETE', `/${result.id}`)).status).toBe(200);
    expect((await admin('GET', `/${result.id}`)).status).toBe(404);
    expect((await chat('support', { plan: 'pro' })).status).toBe(400);
  });
});
