import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeCost, PriceBook } from '@aigw/core';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { AppStarter } from './proxy-suite.ts';
import type { SpawnedApp } from './spawn-app.ts';

const ADMIN = 'admin-token-security-0123456789';
const STORED_KEY = 'sk-stored-org-key-9f8e7d6c5b4a39281706';
const EMAIL = 'jane.doe@example.com';
const BUDGET_USD = 0.01;
/** Forced mock usage per request; its cost at gpt-4o prices is computed below, not assumed. */
const USAGE = { in: 1000, out: 150 };

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every byte of every file in `dir` (the database, its WAL and shared-memory files, the key file). */
function filesIn(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isFile() ? [{ name, bytes: readFileSync(path) }] : [];
  });
}

/**
 * Authenticated gateways, gateway tokens, stored provider keys, budgets shared by two processes,
 * and guardrails (issue 8), through real processes, the official OpenAI SDK and the mock provider.
 * `start` must honour the `AIGW_DB_URL` it is given (a `file:` URL): both processes share it.
 */
export function describeSecuritySuite(runtime: string, start: AppStarter) {
  describe(`${runtime}: authenticated gateways, stored keys, budgets and guardrails`, () => {
    let mock: MockProvider;
    let dir: string;
    let env: Record<string, string>;
    let app: SpawnedApp;
    let second: SpawnedApp | undefined;

    const admin = async (base: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as { success: boolean; result: any } };
    };
    const client = (base: string, gateway: string, headers: Record<string, string | null> = {}, apiKey = 'sk-client-own-key') =>
      new OpenAI({ baseURL: `${base}/v1/acct/${gateway}/openai`, apiKey, maxRetries: 0, defaultHeaders: headers });
    const newToken = async (gateway: string, body: object) => (await admin(app.url, 'POST', `/gateways/${gateway}/tokens`, body)).json.result as { id: string; token: string };
    const userMessage = (i: number) => JSON.parse(mock.requests[i]!.body).messages[0].content as string;

    beforeAll(async () => {
      mock = await startMockProvider();
      dir = mkdtempSync(join(tmpdir(), `aigw-${runtime}-security-`));
      env = {
        AIGW_DB_URL: `file:${join(dir, 'aigw.db')}`,
        AIGW_ADMIN_TOKEN: ADMIN,
        AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
        // No AIGW_SECRET_KEY: the server generates one in the data directory.
        AIGW_CONFIG_JSON: JSON.stringify({
          gateways: {
            secure: { authentication: true },
            budget: { budgets: [{ name: 'daily-cap', limit_usd: BUDGET_USD, window: 'day' }] },
            dlp: { guardrails: [{ name: 'pii', action: 'redact', detectors: ['email'] }] },
            'dlp-out': { guardrails: [{ name: 'pii-out', action: 'redact', detectors: ['email'], applies_to: 'response' }] },
            'dlp-block': { guardrails: [{ name: 'no-cards', action: 'block', detectors: ['credit_card'] }] },
          },
        }),
      };
      app = await start(env);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([app?.stop('SIGKILL'), second?.stop('SIGKILL')]);
      await mock?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(() => mock.reset());

    it('an authenticated gateway answers 401 (code 2009) without a valid token and 200 with one', async () => {
      const { token } = await newToken('secure', { name: 'app' });
      const refused = await client(app.url, 'secure').chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OpenAI.APIError);
      expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
      expect(JSON.stringify((refused as InstanceType<typeof OpenAI.APIError>).error)).toContain('2009');
      const wrong = await client(app.url, 'secure', { 'cf-aig-authorization': `Bearer ${token.slice(0, -1)}x` }).models.list().catch((e: unknown) => e);
      expect((wrong as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
      expect(mock.requests).toHaveLength(0);

      const answer = await client(app.url, 'secure', { 'cf-aig-authorization': `Bearer ${token}` }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBe('mock reply to: hi');
      expect(mock.requests).toHaveLength(1);
      expect(mock.requests[0]!.headers['cf-aig-authorization']).toBeUndefined();
    });

    it('a token limited to one model is refused the others (403, code 2130)', async () => {
      const { token } = await newToken('secure', { name: 'mini-only', allowed_models: ['gpt-4o-mini'] });
      const openai = client(app.url, 'secure', { 'cf-aig-authorization': `Bearer ${token}` });
      const other = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect((other as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
      expect(JSON.stringify((other as InstanceType<typeof OpenAI.APIError>).error)).toContain('2130');
      expect(mock.requests).toHaveLength(0);
      await expect(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).resolves.toBeTruthy();
    });

    it('a stored key is used when the client sends none, and no database file holds it in plaintext', async () => {
      const { token } = await newToken('secure', { name: 'byok' });
      const stored = await admin(app.url, 'POST', '/gateways/secure/provider-keys', { provider: 'openai', key: STORED_KEY });
      expect(stored.status).toBe(200);
      expect(JSON.stringify(stored.json)).not.toContain(STORED_KEY);
      // `Authorization: null`: the SDK sends no key at all.
      const openai = client(app.url, 'secure', { 'cf-aig-authorization': `Bearer ${token}`, Authorization: null }, 'unused');
      const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'with the org key' }] });
      expect(answer.choices[0]?.message.content).toBe('mock reply to: with the org key');
      expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);
      // A client's own key still wins.
      await client(app.url, 'secure', { 'cf-aig-authorization': `Bearer ${token}` }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'own' }] });
      expect(mock.requests[1]!.headers.authorization).toBe('Bearer sk-client-own-key');

      const listed = await admin(app.url, 'GET', '/gateways/secure/provider-keys');
      expect(listed.json.result[0]).toMatchObject({ provider: 'openai', alias: 'default', masked: 'sk-s…1706' });
      const keyFile = join(dir, 'secret.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const files = filesIn(dir);
      expect(files.map((f) => f.name)).toContain('aigw.db');
      for (const f of files) expect(f.bytes.includes(STORED_KEY), `${f.name} holds the key in plaintext`).toBe(false);
    });

    it(`a budget of $${BUDGET_USD} blocks once the mock's usage crosses it, shared by two processes on one database`, async () => {
      second = await start(env);
      const price = new PriceBook().lookup('openai', 'gpt-4o');
      const perRequest = computeCost({ usage: { tokensIn: USAGE.in, tokensOut: USAGE.out }, price, customCost: undefined, cached: false, status: 200 })!;
      expect(perRequest).toBeGreaterThan(0);
      const allowed = Math.ceil(BUDGET_USD / perRequest);
      const apps = [app, second];
      const headers = { 'x-mock-usage': JSON.stringify(USAGE) };
      const spent = async (base: string) => (await admin(base, 'GET', '/gateways/budget/budgets')).json.result.rules[0].spent_usd as number;
      for (let i = 0; i < allowed; i++) {
        const via = apps[i % 2]!;
        const answer = await client(via.url, 'budget').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `request ${i}` }] }, { headers });
        expect(answer.usage?.prompt_tokens).toBe(USAGE.in);
        // The spend is counted after the answer, in the background: wait until the OTHER process sees it.
        await waitFor(async () => ((await spent(apps[(i + 1) % 2]!.url)) >= (i + 1) * perRequest - 1e-9 ? true : undefined), `spend after request ${i}`);
      }
      for (const via of apps) {
        const refused = await client(via.url, 'budget').chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one more' }] }, { headers }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(OpenAI.APIError);
        expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
        const body = JSON.stringify((refused as InstanceType<typeof OpenAI.APIError>).error);
        expect(body).toContain('2041');
        expect(body).toContain('daily-cap');
      }
      expect(mock.requests).toHaveLength(allowed);
    }, 60_000);

    it('redact: the mock receives [EMAIL] instead of the address, in JSON and in a stream', async () => {
      const openai = client(app.url, 'dlp');
      const { data, response } = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `write to ${EMAIL} today` }] }).withResponse();
      expect(userMessage(0)).toBe('write to [EMAIL] today');
      expect(data.choices[0]?.message.content).toBe('mock reply to: write to [EMAIL] today');
      expect(JSON.parse(response.headers.get('cf-aig-dlp')!)).toMatchObject({ action: 'redact', findings: [{ rule: 'pii', detector: 'email', where: 'request', count: 1 }] });

      const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `stream to ${EMAIL}` }] }, { headers: { 'x-mock-chunk-chars': '4' } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(userMessage(1)).toBe('stream to [EMAIL]');
      expect(text).toBe('mock reply to: stream to [EMAIL]');
      for (const r of mock.requests) expect(r.body).not.toContain(EMAIL);
    });

    it('redact on responses: a stream that splits the address mid-way reaches the client redacted', async () => {
      const stream = await client(app.url, 'dlp-out').chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `my address is ${EMAIL}, ok?` }] },
        { headers: { 'x-mock-chunk-chars': '5' } },
      );
      const deltas: string[] = [];
      for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
      // Only responses are covered: the mock saw the address, and streamed it back in 5-character pieces.
      expect(userMessage(0)).toContain(EMAIL);
      expect(deltas.join('')).toBe('mock reply to: my address is [EMAIL], ok?');
      expect(deltas.join('')).not.toContain('@');
      // Streamed, not buffered: the answer still arrives in several chunks.
      expect(deltas.filter(Boolean).length).toBeGreaterThan(3);
    });

    it('block: the SPEC error envelope (400, code 2029), and nothing reaches the mock', async () => {
      const res = await fetch(`${app.url}/v1/acct/dlp-block/openai/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'pay with 4111 1111 1111 1111' }] }),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { success: boolean; error: { code: number; message: string }[] };
      expect(body.success).toBe(false);
      expect(body.error[0]?.code).toBe(2029);
      expect(body.error[0]?.message).not.toContain('4111');
      const viaSdk = await client(app.url, 'dlp-block').chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'card 5500-0000-0000-0004' }] }).catch((e: unknown) => e);
      expect((viaSdk as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
      expect(mock.requests).toHaveLength(0);
    });

    it('admin actions are on the audit trail, without secrets', async () => {
      const trail = await admin(app.url, 'GET', '/audit?limit=100');
      const text = JSON.stringify(trail.json.result);
      expect(trail.json.result.some((r: { method: string; path: string }) => r.method === 'POST' && r.path === '/gateways/secure/provider-keys')).toBe(true);
      expect(text).not.toContain(STORED_KEY);
      expect(text).not.toContain(ADMIN);
    });
  });
}
