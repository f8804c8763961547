import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { expectedUsage, startMockProvider, type Format, type MockProvider } from '@aigw/mock-provider';
import { priceTable } from '@aigw/core';
import type { AppStarter } from './proxy-suite.ts';
import type { SpawnedApp } from './spawn-app.ts';
import { rawRequest } from './raw-request.ts';

const ADMIN = 'aigw-e2e-admin-token-9f8e7d6c5b4a';
const KEYS = {
  openai: 'sk-e2e-openai-key-1a2b3c4d5e6f',
  anthropic: 'sk-ant-e2e-anthropic-key-7a8b9c',
  google: 'AIza-e2e-google-key-0f1e2d3c4b',
  googleQuery: 'AIza-e2e-query-key-5a6b7c8d9e',
  gatewayToken: 'aigw-gw-e2e-token-3c4d5e6f7a8b',
};

interface Log {
  id: string;
  event_id: string | null;
  provider: string;
  model: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost: number | null;
  success: boolean;
  feedback: number | null;
  metadata: Record<string, unknown> | null;
}

export interface ObservabilitySuiteOptions {
  /** The runtime keeps its database in a libSQL file the suite chooses and reads (not D1). Default true. */
  databaseFile?: boolean;
  /** The app flushes on SIGTERM and can be restarted on the same database. Default true. */
  gracefulShutdown?: boolean;
}

/**
 * Logs, usage, cost, the logs and analytics API, /metrics, shutdown flushing and the secrets scan,
 * through a real process driven by the official SDKs, the mock provider upstream. The suite owns
 * `AIGW_DB_URL` (a fresh file) so it can restart the app on it and scan its bytes.
 */
export function describeObservabilitySuite(runtime: string, start: AppStarter, options: ObservabilitySuiteOptions = {}) {
  describe(`${runtime}: observability`, () => {
    let mock: MockProvider;
    let app: SpawnedApp;
    const dir = mkdtempSync(join(tmpdir(), `aigw-obs-${runtime}-`));
    const env = (extra: Record<string, string> = {}) => ({
      ...(options.databaseFile !== false ? { AIGW_DB_URL: `file:${join(dir, 'aigw.db')}` } : {}),
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_LOG_FLUSH_MS: '100',
      AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
      AIGW_PROVIDER_ANTHROPIC_URL: mock.url,
      AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: mock.url,
      ...extra,
    });
    const base = (provider: string) => `${app.url}/v1/acct-e2e/default/${provider}`;
    const admin = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${app.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });
      return { status: res.status, body: (await res.json()) as { result: unknown; result_info?: Record<string, unknown> } };
    };
    const logs = async (query = '') => (await admin(`/gateways/default/logs${query}`)).body as { result: Log[]; result_info: { cursor: string | null; total_count?: number } };
    const waitForLogs = async (n: number) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const total = (await logs('?per_page=1')).result_info.total_count ?? 0;
        if (total >= n) return total;
        if (Date.now() > deadline) throw new Error(`only ${total} of ${n} logs were written`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    /** Sequential SDK calls, each tagged with an event id, and the format the mock answered in. */
    const calls: { event: string; format: Format; model: string; mockIndex: number }[] = [];
    /** Metadata echoes the call's own key: a client mistake the log must not keep. */
    const tag = (event: string, format: Format, model: string, key: string) => {
      calls.push({ event, format, model, mockIndex: mock.requests.length });
      return { 'cf-aig-event-id': event, 'cf-aig-metadata': JSON.stringify({ suite: runtime, format, secret: key }), 'cf-aig-authorization': `Bearer ${KEYS.gatewayToken}` };
    };

    beforeAll(async () => {
      mock = await startMockProvider();
      app = await start(env());
    }, 120_000);

    afterAll(async () => {
      await app?.stop('SIGKILL');
      await mock?.close();
    });

    it('logs every SDK request, JSON and stream, with the mock’s exact tokens and the expected cost', async () => {
      const openai = (event: string) => new OpenAI({ apiKey: KEYS.openai, baseURL: base('openai'), defaultHeaders: tag(event, 'openai', 'gpt-4o-mini', KEYS.openai) });
      const messages = [{ role: 'user' as const, content: `say hi; my key is ${KEYS.openai}` }];
      await openai('oa-json').chat.completions.create({ model: 'gpt-4o-mini', messages });
      let usageSeen = false;
      for await (const chunk of await openai('oa-stream').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true })) usageSeen ||= Boolean(chunk.usage);
      expect(usageSeen).toBe(false);
      for await (const chunk of await openai('oa-stream-usage').chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })) usageSeen ||= Boolean(chunk.usage);
      expect(usageSeen).toBe(true);

      const anthropic = (event: string) => new Anthropic({ apiKey: KEYS.anthropic, baseURL: base('anthropic'), defaultHeaders: tag(event, 'anthropic', 'claude-sonnet-4-5', KEYS.anthropic) });
      await anthropic('an-json').messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi claude' }] });
      await anthropic('an-stream').messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'stream claude' }] }).finalMessage();

      const google = (event: string) => new GoogleGenAI({ apiKey: KEYS.google, httpOptions: { baseUrl: base('google-ai-studio'), headers: tag(event, 'google', 'gemini-2.5-flash', KEYS.google) } });
      await google('go-json').models.generateContent({ model: 'gemini-2.5-flash', contents: 'hello gemini' });
      for await (const chunk of await google('go-stream').models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'stream gemini' })) void chunk;

      await waitForLogs(calls.length);
      const all = (await logs('?per_page=100')).result;
      expect(all).toHaveLength(calls.length);
      for (const call of calls) {
        const log = all.find((l) => l.event_id === call.event);
        expect(log, call.event).toBeDefined();
        const usage = expectedUsage(call.format, JSON.parse(mock.requests[call.mockIndex]!.body));
        const providerId = call.format === 'google' ? 'google-ai-studio' : call.format;
        const [input, output] = priceTable.providers[providerId]!.models[call.model]!;
        expect(log, call.event).toMatchObject({ provider: providerId, model: call.model, tokens_in: usage.tokensIn, tokens_out: usage.tokensOut, success: true });
        expect(log!.cost, call.event).toBeCloseTo((usage.tokensIn * input + usage.tokensOut * output) / 1e6, 12);
      }
      // Apps on a database file write logs on a worker thread; it must not have fallen back.
      expect(app.output()).not.toContain('log writer thread stopped');
    });

    it('filters, pages, takes feedback and deletes through the logs API', async () => {
      const byFormat = (await logs('?metadata.format=anthropic')).result.map((l) => l.event_id);
      expect(byFormat).toEqual(['an-stream', 'an-json']);
      const filters = encodeURIComponent(JSON.stringify([{ key: 'provider', operator: 'neq', value: ['openai'] }, { key: 'tokens_out', operator: 'gt', value: [0] }]));
      expect((await logs(`?filters=${filters}`)).result.map((l) => l.event_id)).toEqual(['go-stream', 'go-json', 'an-stream', 'an-json']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { result: Log[]; result_info: { cursor: string | null } } = await logs(`?per_page=3&order_by_direction=asc${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.result.map((l) => l.event_id ?? ''));
        cursor = page.result_info.cursor;
      } while (cursor);
      expect(seen).toEqual(calls.map((c) => c.event));

      const target = (await logs('?event_id=go-json')).result[0]!;
      const patched = await admin(`/gateways/default/logs/${target.id}`, { method: 'PATCH', body: JSON.stringify({ feedback: -1, score: 12 }) });
      expect(patched, JSON.stringify(patched)).toMatchObject({ status: 200, body: { result: { feedback: -1, score: 12 } } });
      expect((await logs('?feedback=-1')).result.map((l) => l.event_id)).toEqual(['go-json']);
      const request = await fetch(`${app.url}/api/v1/gateways/default/logs/${target.id}/request`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(await request.text()).toContain('hello gemini');
    });

    it('analytics totals equal the sum of the logs; /metrics counts the same requests', async () => {
      const all = (await logs('?per_page=100')).result;
      const { body } = await admin('/gateways/default/analytics?group_by=provider');
      const result = body.result as { totals: { requests: number; tokens_in: number; tokens_out: number; cost: number; errors: number }; groups: { group: string; requests: number }[] };
      expect(result.totals.requests).toBe(all.length);
      expect(result.totals.errors).toBe(0);
      expect(result.totals.tokens_in).toBe(all.reduce((a, l) => a + (l.tokens_in ?? 0), 0));
      expect(result.totals.tokens_out).toBe(all.reduce((a, l) => a + (l.tokens_out ?? 0), 0));
      expect(result.totals.cost).toBeCloseTo(all.reduce((a, l) => a + (l.cost ?? 0), 0), 12);
      expect(Object.fromEntries(result.groups.map((g) => [g.group, g.requests]))).toEqual({ openai: 3, anthropic: 2, 'google-ai-studio': 2 });

      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      expect(metrics).toContain('aigw_requests_total{gateway="default",provider="openai",model="gpt-4o-mini",status_class="2xx"} 3');
      expect(metrics).toMatch(/aigw_log_queue_depth \d+/);
    });

    it('deletes logs by filter', async () => {
      const before = (await logs('?per_page=100')).result.length;
      const { body } = await admin('/gateways/default/logs?provider=google-ai-studio', { method: 'DELETE' });
      expect(body.result).toEqual({ deleted: 2 });
      expect((await logs('?per_page=100')).result).toHaveLength(before - 2);
    });

    if (options.gracefulShutdown !== false) {
      it('loses no log when SIGTERM comes right after a burst', async () => {
        const written = await waitForLogs(0);
        // A long flush interval: only the shutdown flush can write this burst.
        await app.stop('SIGTERM');
        app = await start(env({ AIGW_LOG_FLUSH_MS: '600000' }));
        const burst = 40;
        const client = new OpenAI({ apiKey: KEYS.openai, baseURL: base('openai'), maxRetries: 0 });
        await Promise.all(
          Array.from({ length: burst }, (_, i) =>
            client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `burst ${i}` }] }, { headers: { 'cf-aig-event-id': `burst-${i}` } }),
          ),
        );
        expect(await app.stop('SIGTERM')).toBe(0);
        app = await start(env());
        expect(await waitForLogs(written + burst)).toBe(written + burst);
        const events = new Set((await logs('?per_page=100&filters=' + encodeURIComponent(JSON.stringify([{ key: 'event_id', operator: 'contains', value: ['burst-'] }])))).result.map((l) => l.event_id));
        expect(events.size).toBe(burst);
      }, 60_000);
    }

    if (options.databaseFile !== false) {
      it('never writes a credential to the database file', async () => {
        // A key in the query string, too (Google's `?key=`).
        const res = await rawRequest(app.url, `/v1/acct-e2e/default/google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent?key=${KEYS.googleQuery}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-aig-event-id': 'query-key' },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: `the key ${KEYS.googleQuery} again` }] }] }),
        });
        expect(res.status).toBe(200);
        await waitForLogs((await logs('?per_page=1')).result_info.total_count ?? 0);
        await new Promise((r) => setTimeout(r, 300));
        expect(await app.stop('SIGTERM')).toBe(0);
        const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)));
        const found = (needle: string) => bytes.some((b) => b.includes(Buffer.from(needle)));
        // The scan works: text the requests carried is in the file…
        expect(found('query-key')).toBe(true);
        expect(found('say hi; my key is [REDACTED]')).toBe(true);
        // …and no secret is.
        for (const secret of [...Object.values(KEYS), ADMIN]) expect(found(secret), secret).toBe(false);
        app = await start(env());
      });
    }
  });
}
