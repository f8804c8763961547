import type { ProxyContext } from '../pipeline/context.ts';
import { sha256Hex } from '../crypto.ts';
import { canonicalJson } from './canonical-json.ts';
import { cacheHash } from './sha256.ts';

/** What identifies a cached response for a request (before `cf-aig-cache-key` is considered). */
export interface CacheIdentity {
  /** The storage key. */
  key: string;
  /**
   * Provider + credential (+ the settings generation when `cache_invalidate_on_update` is on):
   * entries answer only requests with the same owner.
   */
  owner: string;
}

const SEP = '\u0000';

/**
 * The credential the request carries to the provider, as text to hash (never stored as is): every
 * header the provider module names as a credential (`authHeader`, `credentialHeaders`) and every
 * credential query parameter. Two callers with different keys get different text, so their
 * hashes (key and owner) differ and they never share an entry.
 */
export function credentialMaterial(ctx: Pick<ProxyContext, 'provider' | 'headers' | 'url'>): string {
  const { provider } = ctx;
  const names = new Set([provider.authHeader, ...(provider.credentialHeaders ?? [])].map((h) => h.toLowerCase()));
  const parts: string[] = [];
  for (const name of [...names].sort()) parts.push(`h:${name}=${ctx.headers.get(name) ?? ''}`);
  for (const name of [...(provider.credentialQuery ?? [])].sort()) parts.push(`q:${name}=${ctx.url.searchParams.getAll(name).join(',')}`);
  return parts.join(SEP);
}

/** Path and query as sent upstream, minus credential parameters, query sorted. */
export function requestTarget(ctx: Pick<ProxyContext, 'provider' | 'url'>): string {
  if (ctx.url.search === '') return ctx.url.pathname;
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
 * The cache identity of a request: the key is SHA-256 over provider, method, path (and query),
 * model, credential and canonical body; the owner is SHA-256 over provider, credential and
 * `generation` (the two hashes run side by side). A `cf-aig-cache-key` replaces the key; the entry
 * stays scoped to its gateway (by the store), provider and credential (by `owner`).
 *
 * @example
 * const { key, owner } = await cacheIdentity(ctx);
 * const entry = await store.get(ctx.gateway.id, key, now);
 */
export async function cacheIdentity(ctx: ProxyContext, generation = ''): Promise<CacheIdentity> {
  const credential = credentialMaterial(ctx);
  const owner = cacheHash(['owner', ctx.provider.id, credential, generation].join(SEP));
  if (ctx.options.cacheKey !== undefined) return { key: customCacheKey(ctx.options.cacheKey), owner: await owner };
  const material = [ctx.provider.id, ctx.method, requestTarget(ctx), ctx.model() ?? '', credential, await canonicalBody(ctx)].join(SEP);
  const [key, ownerHash] = await Promise.all([cacheHash(material), owner]);
  return { key, owner: ownerHash };
}

/** Storage key of a `cf-aig-cache-key` value: the value itself, prefixed so it never collides with a hash. */
export const customCacheKey = (value: string): string => `custom:${value}`;
