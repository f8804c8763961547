import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import { freePort, spawnApp, type SpawnedApp } from '@aigw/testkit';
import { startSqld, type SqldServer } from '@aigw/libsql/testing';

const appDir = join(import.meta.dirname, '..');
const ADMIN = 'admin-token-multi-instance-0123456789';
const LIMIT = 20;
const INTERVAL_S = 3600;

const start = async (env: Record<string, string>) =>
  spawnApp({ command: process.execPath, args: ['dist/main.mjs'], cwd: appDir, port: await freePort(), env });

/** Waits while the current window ends within the next few seconds, so a burst stays in one window. */
async function awayFromWindowEdge(): Promise<void> {
  const left = INTERVAL_S * 1000 - (Date.now() % (INTERVAL_S * 1000));
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
}

interface Backend {
  name: string;
  /** A database URL both processes open, and how to dispose of it. */
  open(): Promise<{ url: string; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'one libSQL file',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aigw-multi-'));
      return { url: `file:${join(dir, 'aigw.db')}`, close: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'one sqld server',
    open: async () => {
      const sqld: SqldServer = await startSqld();
      return { url: sqld.url, close: () => sqld.close() };
    },
  },
];

for (const backend of backends) {
  describe(`node: two gateway processes on ${backend.name}`, () => {
    let mock: MockProvider;
    let db: { url: string; close(): Promise<void> };
    let apps: SpawnedApp[] = [];

    beforeAll(async () => {
      mock = await startMockProvider();
      db = await backend.open();
      const env = {
        AIGW_DB_URL: db.url,
        AIGW_ADMIN_TOKEN: ADMIN,
        AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
        AIGW_PROVIDER_ANTHROPIC_URL: mock.url,
        AIGW_CONFIG_JSON: JSON.stringify({
          gateways: {
            fixed: { rate_limiting_limit: LIMIT, rate_limiting_interval: INTERVAL_S, rate_limiting_technique: 'fixed' },
            sliding: { rate_limiting_limit: LIMIT, rate_limiting_interval: INTERVAL_S, rate_limiting_technique: 'sliding' },
            breaker: { cooldown_min_calls: 2, cooldown_failure_ratio: 0.5, cooldown_duration: 30 },
          },
        }),
      };
      // Started together: both migrate the fresh database at once.
      apps = await Promise.all([start(env), start(env)]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(apps.map((a) => a.stop('SIGKILL')));
      await mock?.close();
      await db?.close();
    });

    for (const gateway of ['fixed', 'sliding']) {
      it(`${gateway} window: ${LIMIT * 3} concurrent requests over both processes, exactly ${LIMIT} pass`, async () => {
        await awayFromWindowEdge();
        mock.reset();
        const results = await Promise.all(
          Array.from({ length: LIMIT * 3 }, (_, i) =>
            fetch(`${apps[i % 2]!.url}/v1/acct/${gateway}/openai/chat/completions`, {
              method: 'POST',
              headers: { authorization: 'Bearer sk-multi', 'content-type': 'application/json' },
              body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `n${i}` }] }),
            }).then(async (res) => ({ status: res.status, body: await res.text() })),
          ),
        );
        const passed = results.filter((r) => r.status === 200);
        const others = results.filter((r) => r.status !== 200 && r.status !== 429).map((r) => `${r.status} ${r.body}`);
        expect(others, others.join('\n')).toEqual([]);
        expect(passed).toHaveLength(LIMIT);
        expect(results.filter((r) => r.status === 429)).toHaveLength(LIMIT * 2);
        // Each process got half the burst, more than the limit: separate counters would have let
        // up to 2 × LIMIT through. Which process wins the shared budget depends on timing.
        expect(mock.requests).toHaveLength(LIMIT);
      });
    }

    it('a cooldown tripped through one process is honoured by the other', async () => {
      mock.reset();
      const chain = (app: SpawnedApp, failing: boolean) =>
        fetch(`${app.url}/v1/acct/breaker`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([
            { provider: 'openai', endpoint: 'chat/completions', headers: { authorization: 'Bearer sk-breaker', ...(failing ? { 'x-mock-status': '500' } : {}) }, query: { model: 'm', messages: [] } },
            { provider: 'anthropic', endpoint: 'v1/messages', headers: { 'x-api-key': 'sk-a' }, query: { model: 'claude', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] } },
          ]),
        });
      for (let i = 0; i < 2; i++) expect((await chain(apps[0]!, true)).headers.get('cf-aig-step')).toBe('1');
      // The other process caches breaker state for up to 1 s; the margin is for a loaded machine.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await chain(apps[1]!, false)).headers.get('cf-aig-step')).toBe('1');
      expect(mock.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);
      const listed = (await (await fetch(`${apps[1]!.url}/api/v1/cooldowns`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { result: { state: string }[] };
      expect(listed.result.map((r) => r.state)).toEqual(['open']);
    });
  });
}
