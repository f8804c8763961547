import type { ProxyContext } from '../pipeline/context.ts';
import { sha256Hex } from '../crypto.ts';
import { canonicalJson } from './canonical-json.ts';

/** What identifies a cached response for a request (before `cf-aig-cache-key` is considered). */
export interface CacheIdentity {
  /** The storage key. */
  key: string;
  /** Provider + credential: entries answer only requests with the same owner. */
  owner: string;
  /** Hash of the provider credential (every header and query parameter that may carry it). */
  credential: string;
}

const SEP = '\u0000';

/**
 * The credential the request carries to the provider, hashed: every header the provider module
 * names as a credential (`authHeader`, `credentialHeaders`) and every credential query parameter.
 * Two callers with different keys get different hashes, so they never share an entry.
 */
export async function credentialHash(ctx: Pick<ProxyContext, 'provider' | 'headers' | 'url'>): Promise<string> {
  const { provider } = ctx;
  const names = new Set([provider.authHeader, ...(provider.credentialHeaders ?? [])].map((h) => h.toLowerCase()));
  const parts: string[] = [];
  for (const name of [...names].sort()) parts.push(`h:${name}=${ctx.headers.get(name) ?? ''}`);
  for (const name of [...(provider.credentialQuery ?? [])].sort()) parts.push(`q:${name}=${ctx.url.searchParams.getAll(name).join(',')}`);
  return sha256Hex(parts.join(SEP));
}

/** Path and query as sent upstream, minus credential parameters, query sorted. */
export function requestTarget(ctx: Pick<ProxyContext, 'provider' | 'url'>): string {
  const secret = new Set(ctx.provider.credentialQuery ?? []);
  const query = [...ctx.url.searchParams].filter(([name]) => !secret.has(name)).sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  return query.length === 0 ? ctx.url.pathname : `${ctx.url.pathname}?${new URLSearchParams(query).toString()}`;
}

/** The body in canonical form: sorted-key JSON when it parses, else a hash of its raw bytes. */
export async function canonicalBody(ctx: Pick<ProxyContext, 'body' | 'json'>): Promise<string> {
  if (!ctx.body || ctx.body.byteLength === 0) return 'empty';
  const json = ctx.json();
  if (json !== undefined) return `json:${canonicalJson(json)}`;
  return `raw:${await sha256Hex(ctx.body)}`;
}

/**
 * The cache identity of a request: SHA-256 over provider, method, path (and query), model,
 * credential hash and canonical body. A `cf-aig-cache-key` replaces path, model and body; the
 * entry stays scoped to its gateway (by the store), provider and credential (by `owner`).
 *
 * @example
 * const { key, owner } = await cacheIdentity(ctx);
 * const entry = await store.get(ctx.gateway.id, key, now);
 */
export async function cacheIdentity(ctx: ProxyContext): Promise<CacheIdentity> {
  const credential = await credentialHash(ctx);
  const owner = await sha256Hex([ctx.provider.id, credential].join(SEP));
  if (ctx.options.cacheKey !== undefined) return { key: customCacheKey(ctx.options.cacheKey), owner, credential };
  const material = [ctx.provider.id, ctx.method, requestTarget(ctx), ctx.model() ?? '', credential, await canonicalBody(ctx)].join(SEP);
  return { key: await sha256Hex(material), owner, credential };
}

/** Storage key of a `cf-aig-cache-key` value: the value itself, prefixed so it never collides with a hash. */
export const customCacheKey = (value: string): string => `custom:${value}`;
