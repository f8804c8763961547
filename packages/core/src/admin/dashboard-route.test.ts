import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';
import { dashboardCsp } from './dashboard-route.ts';

const quiet = { info: () => {}, error: () => {} };
const SCRIPT = 'document.body.dataset.ok="1"';
const STYLE = 'body{color:red}';
const html = `<!doctype html><html><head><style>${STYLE}</style></head><body><script>${SCRIPT}</script></body></html>`;
const assets = { html, etag: '"abc123"' };
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const withDashboard = () => createGateway({ env: { AIGW_ADMIN_TOKEN: 't' }, logger: quiet, dashboard: assets });

describe('GET /dashboard', () => {
  it('serves the page without a token, with a CSP allowing exactly its inline script and style', async () => {
    const res = await withDashboard().request('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe(html);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src ${hash(SCRIPT)};`);
    expect(csp).toContain(`style-src ${hash(STYLE)};`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toBe('"abc123"');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers every client-side route with the same page', async () => {
    const gateway = withDashboard();
    for (const path of ['/dashboard/', '/dashboard/logs', '/dashboard/logs/0192-abc?gateway=prod', '/dashboard/gateways/prod']) {
      const res = await gateway.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(html);
    }
    expect((await gateway.request('/dashboardx')).status).toBe(404);
  });

  it('answers 304 when the ETag matches, also in a list or weak', async () => {
    const gateway = withDashboard();
    for (const inm of ['"abc123"', 'W/"abc123"', '"old", "abc123"', '*']) {
      const res = await gateway.request('/dashboard/logs', { headers: { 'if-none-match': inm } });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe('"abc123"');
    }
    expect((await gateway.request('/dashboard', { headers: { 'if-none-match': '"old"' } })).status).toBe(200);
  });

  it('answers HEAD without a body', async () => {
    const res = await withDashboard().request('/dashboard', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('is absent (404) when no dashboard is given', async () => {
    const res = await createGateway({ logger: quiet, env: { AIGW_ADMIN_TOKEN: 't' } }).request('/dashboard');
    expect(res.status).toBe(404);
  });
});

describe('dashboardCsp', () => {
  it("hashes every inline block and says 'none' when there is none", async () => {
    const csp = await dashboardCsp('<script>a</script><script type="module">b</script>');
    expect(csp).toContain(`script-src ${hash('a')} ${hash('b')};`);
    expect(csp).toContain("style-src 'none'");
  });
});
