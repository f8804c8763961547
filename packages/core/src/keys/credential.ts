import type { ProxyContext } from '../pipeline/context.ts';

/** A header value that carries no key: empty, or a scheme with nothing after it (`Bearer `). */
const isBlank = (value: string | null) => value === null || /^\s*(?:[A-Za-z]+\s*)?$/.test(value);

/**
 * Whether the upstream request already carries a provider credential, in any header or query
 * parameter the provider module names (`authHeader`, `credentialHeaders`, `credentialQuery`).
 * A client's own key always wins over a stored one.
 */
export function hasCredential(ctx: Pick<ProxyContext, 'provider' | 'headers' | 'url'>): boolean {
  const { provider } = ctx;
  for (const name of new Set([provider.authHeader, ...(provider.credentialHeaders ?? [])])) {
    if (!isBlank(ctx.headers.get(name))) return true;
  }
  for (const name of provider.credentialQuery ?? []) {
    if (ctx.url.searchParams.getAll(name).some((v) => v.trim() !== '')) return true;
  }
  return false;
}

/**
 * Puts `key` where the provider expects it: its `authHeader` (`Bearer <key>` for `authorization`,
 * the bare key otherwise). Blank credential headers and query parameters the client left are
 * removed first so the provider sees one credential.
 */
export function injectCredential(ctx: Pick<ProxyContext, 'provider' | 'headers' | 'url'>, key: string): void {
  const { provider } = ctx;
  for (const name of new Set([provider.authHeader, ...(provider.credentialHeaders ?? [])])) ctx.headers.delete(name);
  // Only touch the query when needed: rewriting it re-encodes every parameter.
  for (const name of provider.credentialQuery ?? []) if (ctx.url.searchParams.has(name)) ctx.url.searchParams.delete(name);
  ctx.headers.set(provider.authHeader, provider.authHeader === 'authorization' ? `Bearer ${key}` : key);
}
