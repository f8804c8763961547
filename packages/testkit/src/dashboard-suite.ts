import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { AppStarter } from './proxy-suite.ts';
import type { SpawnedApp } from './spawn-app.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';

const ADMIN_TOKEN = 'aigw-admin-e2e-5f2c9d81b7a04e6f';
const PROVIDER_KEY = 'sk-dashboard-e2e-0123456789abcdef';

interface Log {
  id: string;
  model: string | null;
  tokens_in: number | null;
  feedback: number | null;
}

/** Polls `read` until `done` holds for its value or the time is up (the error shows the last value). */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The dashboard in real headless Chromium against a real app process: sign in, charts drawn from
 * requests made through the gateway with the openai SDK, log filters, a log's bodies, feedback,
 * and a gateway setting changed in the page taking effect on the proxy. Every runtime can call it.
 */
export function describeDashboardSuite(runtime: string, start: AppStarter) {
  const suite = chromiumAvailable() ? describe : describe.skip;
  suite(`${runtime}: dashboard in Chromium`, () => {
    let mock: MockProvider;
    let app: SpawnedApp;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    const admin = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status, path).toBe(200);
      return ((await res.json()) as { result: T }).result;
    };
    const totals = async (gateway: string) => (await admin<{ totals: { requests: number } }>(`/gateways/${gateway}/analytics`)).totals;
    const client = (gateway = 'default') => new OpenAI({ apiKey: PROVIDER_KEY, baseURL: `${app.url}/v1/acct-e2e/${gateway}/openai`, maxRetries: 0 });
    const ask = (model: string, content: string, headers: Record<string, string> = {}) =>
      client().chat.completions.create({ model, messages: [{ role: 'user', content }] }, { headers });

    beforeAll(async () => {
      mock = await startMockProvider();
      app = await start({ AIGW_ADMIN_TOKEN: ADMIN_TOKEN, AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1` });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop('SIGKILL');
      await mock?.close();
    });

    // A test, not a hook: a missing or broken browser then counts as a failed test (under CI).
    it('starts headless Chromium', async () => {
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(10_000);
      // CSP violations and script errors show up here; the last test asserts there were none.
      // (The wrong-token sign-in is a 401 Chromium reports as a failed resource: expected.)
      page.on('console', (m) => (m.type() === 'error' && !/status of 401/.test(m.text()) ? problems.push(m.text()) : undefined));
      page.on('pageerror', (e) => problems.push(String(e)));
    }, 60_000);

    it('refuses a wrong token with a clear error, then signs in without putting the token in the page', async () => {
      await page.goto(`${app.url}/dashboard`);
      await page.getByLabel('Admin token').fill('not-the-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong admin token');

      await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(await page.content()).not.toContain(ADMIN_TOKEN);
      expect(await page.evaluate(() => [sessionStorage.getItem('aigw.adminToken'), localStorage.length])).toEqual([ADMIN_TOKEN, 0]);
    });

    it('draws the overview from real requests made through the gateway', async () => {
      await ask('gpt-4o-mini', 'first question');
      await ask('gpt-4o-mini', 'second question');
      await ask('gpt-4o-mini', 'third question');
      const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream please' }], stream: true });
      for await (const _ of stream);
      await ask('gpt-4o', 'question for alice', { 'cf-aig-metadata': '{"user":"alice"}', 'cf-aig-event-id': 'ev-alice-1' });
      await ask('gpt-4o', 'another for alice', { 'cf-aig-metadata': '{"user":"alice"}' });
      await expect(ask('gpt-4o-mini', 'this one fails', { 'x-mock-status': '500' })).rejects.toThrow();
      const made = 7;

      const logs = await waitFor('7 logs', () => admin<Log[]>('/gateways/default/logs?per_page=50'), (list) => list.length === made);
      await waitFor('analytics of 7 requests', () => totals('default'), (t) => t.requests === made);

      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Refresh' }).click();
      const stat = (key: string) => page.locator(`[data-stat="${key}"]`).textContent();
      await expect.poll(() => stat('requests')).toBe(String(made));
      expect(await stat('errors')).toMatch(/^1 \(14\.3%\)$/);
      const tokensIn = logs.reduce((sum, l) => sum + (l.tokens_in ?? 0), 0);
      expect(tokensIn).toBeGreaterThan(0);
      expect(await stat('tokens_in')).toBe(String(tokensIn));

      // Seven uPlot charts, each drawn on a canvas with a size, from the same data.
      await expect.poll(() => page.locator('figure.chart .uplot canvas').count()).toBe(7);
      const sizes = await page.locator('figure.chart canvas').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height));
      expect(sizes.every((s) => s > 0)).toBe(true);
      const label = (title: string) => page.getByRole('img', { name: new RegExp(`^${title} over time`) }).getAttribute('aria-label');
      expect(await label('Requests and errors')).toContain(`requests total ${made}, errors total 1`);
      expect(await label('Requests by model')).toContain('gpt-4o-mini total 5, gpt-4o total 2');

      const byModel = page.getByRole('table').filter({ has: page.getByRole('caption').getByText('By model') });
      expect(await byModel.getByRole('row', { name: /^gpt-4o-mini / }).getByRole('cell').first().textContent()).toBe('5');
    });

    it('filters logs by model and metadata, and opens one with its bodies', async () => {
      await page.getByRole('link', { name: 'Logs' }).click();
      await page.getByLabel('Model').fill('gpt-4o');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const modelCells = () => page.locator('table.logs tbody tr td:nth-child(3)').allTextContents();
      await expect.poll(modelCells).toEqual(['gpt-4o', 'gpt-4o']);

      await page.getByLabel('Model').fill('');
      await page.getByLabel('Success').selectOption('false');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => page.locator('table.logs tbody tr td:nth-child(4)').allTextContents()).toEqual(['500']);

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByLabel('Metadata').fill('user=alice');
      await page.getByLabel('Event ID').fill('ev-alice-1');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => page.locator('table.logs tbody tr').count()).toBe(1);

      await page.locator('table.logs tbody tr a').first().click();
      const response = page.locator('pre[data-body="response"]');
      await response.waitFor();
      expect(await response.textContent()).toContain('mock reply to: question for alice');
      // Pretty-printed JSON, shown as text.
      expect(await page.locator('pre[data-body="request"]').textContent()).toContain('"content": "question for alice"');
      expect(await page.locator('main').textContent()).not.toContain(PROVIDER_KEY);
    });

    it('saves feedback with the 👍 button', async () => {
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
      expect((await admin<Log>(`/gateways/default/logs/${id}`)).feedback).toBeNull();
      const good = page.getByRole('button', { name: /Good/ });
      await good.click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Feedback' }).textContent()).toBe('Feedback saved.');
      expect(await good.getAttribute('aria-pressed')).toBe('true');
      expect((await admin<Log>(`/gateways/default/logs/${id}`)).feedback).toBe(1);
    });

    it('creates a gateway and changes its settings in the page; the proxy follows them', async () => {
      await page.getByRole('link', { name: 'Gateways' }).click();
      await page.getByLabel('Gateway ID').fill('e2e-team');
      await page.getByRole('button', { name: 'Create gateway' }).click();
      await page.getByRole('heading', { name: 'Gateway e2e-team' }).waitFor();
      await page.getByLabel('Collect logs').uncheck();
      await page.getByLabel('Cache TTL (seconds)').fill('120');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
      expect(await admin('/gateways/e2e-team')).toMatchObject({ collect_logs: false, cache_ttl: 120 });
      expect(await page.getByRole('combobox', { name: /^Gateway/ }).inputValue()).toBe('e2e-team');

      const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'cache me' }] };
      const first = await client('e2e-team').chat.completions.create(body).withResponse();
      const second = await client('e2e-team').chat.completions.create(body).withResponse();
      expect(first.response.headers.get('cf-aig-cache-status')).toBe('MISS');
      expect(second.response.headers.get('cf-aig-cache-status')).toBe('HIT');
      // Analytics count every request, logged or not: once they show both, the batch was written.
      await waitFor('analytics of e2e-team', () => totals('e2e-team'), (t) => t.requests === 2);
      expect(await admin<Log[]>('/gateways/e2e-team/logs')).toEqual([]);
    });

    it('signs out, forgets the token, and had no script or CSP error', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Admin token').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('aigw.adminToken'))).toBeNull();
      await page.reload();
      await page.getByLabel('Admin token').waitFor();
      expect(problems).toEqual([]);

      // The CSP is in force: a script injected into the page does not run.
      const ran = await page.evaluate(async () => {
        const s = document.createElement('script');
        s.textContent = 'document.body.dataset.injected = "yes"';
        document.body.append(s);
        await new Promise((r) => setTimeout(r, 50));
        return document.body.dataset.injected ?? 'no';
      });
      expect(ran).toBe('no');
      expect(problems.some((p) => p.includes('Content Security Policy'))).toBe(true);
    });
  });
}
