import { Hono, type Context } from 'hono';

/** The dashboard page as an app passes it (`@aigw/dashboard`'s `dashboardAssets`). */
export interface DashboardAssets {
  /** A self-contained HTML page: script and style inline, nothing loaded from elsewhere. */
  html: string;
  /** Strong ETag of `html`. */
  etag: string;
}

const encoder = new TextEncoder();

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** CSP hash sources for every inline block of one tag (`script` or `style`). */
async function inlineHashes(html: string, tag: 'script' | 'style'): Promise<string> {
  const blocks = [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => m[1] ?? '');
  const hashes = await Promise.all(blocks.map(async (b) => `'sha256-${await sha256Base64(b)}'`));
  return hashes.length ? hashes.join(' ') : "'none'";
}

/**
 * A strict Content-Security-Policy for the page: only its own inline script and style (allowed by
 * hash, so nothing injected could run), API calls to the same origin, no frames, no forms posting
 * anywhere, no plugins, no base-URL tricks.
 */
export async function dashboardCsp(html: string): Promise<string> {
  return [
    "default-src 'none'",
    `script-src ${await inlineHashes(html, 'script')}`,
    `style-src ${await inlineHashes(html, 'style')}`,
    'img-src data:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Whether an `If-None-Match` header names this ETag (weak comparison, as RFC 9110 says for it). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/**
 * `GET /dashboard` and `/dashboard/*` (client-side routes): the dashboard page, the same for every
 * path. The page holds no data and is public; every data call it makes goes to the admin API with
 * the admin token. Revalidated on each load (`no-cache` + ETag), so an upgrade shows at once.
 */
export function dashboardRoutes(assets: DashboardAssets) {
  const app = new Hono();
  let csp: Promise<string> | undefined;
  const serve = async (c: Context) => {
    const headers: Record<string, string> = {
      'cache-control': 'no-cache',
      etag: assets.etag,
      'content-security-policy': await (csp ??= dashboardCsp(assets.html)),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    };
    if (matches(c.req.header('if-none-match'), assets.etag)) return new Response(null, { status: 304, headers });
    return new Response(c.req.method === 'HEAD' ? null : assets.html, { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
  };
  app.get('/', serve);
  app.get('/*', serve);
  return app;
}
