import type { ProxyContext } from '../pipeline/context.ts';
import type { SemanticCacheSettings } from './semantic-settings.ts';

/** Requests and responses larger than this pass through uncached. */
export const MAX_CACHEABLE_BYTES = 25 * 1024 * 1024;
/** TTL when caching is turned on by `cf-aig-cache-key` or `semantic_cache` alone. */
export const DEFAULT_CACHE_TTL_SECONDS = 300;
const CACHEABLE_METHODS = new Set(['GET', 'POST']);

/** How the cache treats one request. */
export interface CachePolicy {
  ttlSeconds: number;
  /** Present when the gateway's semantic cache is on. */
  semantic?: SemanticCacheSettings;
}

/**
 * Whether the cache applies to a request, and with which TTL. `cf-aig-skip-cache` turns it off;
 * otherwise `cf-aig-cache-ttl` wins over the gateway's `cache_ttl`; `cf-aig-cache-key` or an
 * enabled `semantic_cache` turn it on with the default TTL when neither gives one.
 */
export function cachePolicy(ctx: Pick<ProxyContext, 'options' | 'gateway' | 'method' | 'body'>): CachePolicy | undefined {
  const { options, gateway } = ctx;
  if (options.skipCache || !CACHEABLE_METHODS.has(ctx.method)) return undefined;
  if ((ctx.body?.byteLength ?? 0) > MAX_CACHEABLE_BYTES) return undefined;
  const semantic = gateway.settings.semantic_cache?.enabled ? gateway.settings.semantic_cache : undefined;
  const configured = gateway.settings.cache_ttl > 0 ? gateway.settings.cache_ttl : undefined;
  const optIn = options.cacheKey !== undefined || semantic !== undefined;
  const ttlSeconds = options.cacheTtl ?? configured ?? (optIn ? DEFAULT_CACHE_TTL_SECONDS : 0);
  if (ttlSeconds <= 0) return undefined;
  return semantic ? { ttlSeconds, semantic } : { ttlSeconds };
}
