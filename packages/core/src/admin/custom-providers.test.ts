import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import { ManualClock } from '../testing/manual-clock.ts';

const ADMIN = 'admin-token';
const quiet = { info: () => {}, error: () => {} };

/** Two instances on one database, each recording the upstream URLs it called. */
function setup() {
  const storage = createMemoryStorage();
  const clock = new ManualClock();
  const instance = () => {
    const urls: string[] = [];
    const gateway = createGateway({
      storage,
      clock,
      logger: quiet,
      env: { AIGW_ADMIN_TOKEN: ADMIN, AIGW_CONFIG_JSON: JSON.stringify({ customProviders: [{ slug: 'filed', baseUrl: 'https://filed.test/v1' }] }) },
      fetch: (async (input: RequestInfo | URL) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return Response.json({ ok: true });
      }) as typeof fetch,
    });
    const admin = (method: string, path = '', body?: unknown) =>
      gateway.request(`/api/v1/custom-providers${path}`, { method, headers: { authorization: `Bearer ${ADMIN}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const call = (provider: string) => gateway.request(`/v1/acct/default/${provider}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-1' }, body: '{}' });
    return { urls, admin, call };
  };
  return { clock, a: instance(), b: instance() };
}

const result = async <T>(res: Response) => ((await res.json()) as { result: T }).result;

describe('custom providers through the admin API', () => {
  it('adds, lists, replaces and removes providers that every instance serves', async () => {
    const { clock, a, b } = setup();
    expect((await b.call('custom-local')).status).toBe(400); // unknown provider, 2008

    const created = await a.admin('POST', '', { slug: 'local', baseUrl: 'https://local.test/v1', authHeader: 'X-Key' });
    expect(created.status).toBe(201);
    expect(await result(created)).toEqual({ slug: 'local', baseUrl: 'https://local.test/v1', authHeader: 'x-key', provider: 'custom-local', source: 'admin' });
    expect((await a.call('custom-local')).status).toBe(200);
    expect(a.urls).toEqual(['https://local.test/v1/chat/completions']);

    // The other instance reads the change once its copy is a second old.
    await clock.advance(1001);
    expect((await b.call('custom-local')).status).toBe(200);
    expect(b.urls).toEqual(['https://local.test/v1/chat/completions']);

    const list = await result<{ slug: string; source: string }[]>(await b.admin('GET'));
    expect(list.map((p) => [p.slug, p.source])).toEqual([['filed', 'config'], ['local', 'admin']]);

    expect((await a.admin('PUT', '/local', { baseUrl: 'https://moved.test/v1' })).status).toBe(200);
    await a.call('custom-local');
    expect(a.urls.at(-1)).toBe('https://moved.test/v1/chat/completions');

    expect((await a.admin('DELETE', '/local')).status).toBe(200);
    expect((await a.call('custom-local')).status).toBe(400);
    await clock.advance(1001);
    expect((await b.call('custom-local')).status).toBe(400);
    expect((await b.call('custom-filed')).status).toBe(200);
  });

  it('refuses duplicates, config-file providers, plain http without allowInsecure and bad input', async () => {
    const { a } = setup();
    const post = (body: unknown) => a.admin('POST', '', body);
    expect((await post({ slug: 'filed', baseUrl: 'https://x.test' })).status).toBe(409);
    expect((await a.admin('DELETE', '/filed')).status).toBe(409);
    expect((await a.admin('PUT', '/filed', { baseUrl: 'https://x.test' })).status).toBe(409);
    expect((await a.admin('DELETE', '/nope')).status).toBe(404);
    const insecure = await post({ slug: 'lan', baseUrl: 'http://10.0.0.5:8000/v1' });
    expect(insecure.status).toBe(400);
    expect(((await insecure.json()) as { error: { message: string }[] }).error[0]!.message).toMatch(/must use an https:\/\/ baseUrl/);
    expect((await post({ slug: 'lan', baseUrl: 'http://10.0.0.5:8000/v1', allowInsecure: true })).status).toBe(201);
    expect((await post({ slug: 'Bad Slug', baseUrl: 'https://x.test' })).status).toBe(400);
    expect((await post({ slug: 'nourl' })).status).toBe(400);
    expect(await result(await a.admin('GET', '/lan'))).toMatchObject({ slug: 'lan', allowInsecure: true, source: 'admin' });
  });
});
