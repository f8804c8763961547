import type { GatewayDeps } from '../../gateway-deps.ts';
import type { ProxyContext } from '../../pipeline/context.ts';
import { cacheHash } from '../sha256.ts';
import type { CacheIdentity } from '../cache-key.ts';
import { requestTarget } from '../cache-key.ts';
import type { CacheEntry } from '../cache-store.ts';
import { DEFAULT_SEMANTIC_THRESHOLD, type SemanticCacheSettings } from '../semantic-settings.ts';
import type { Embedder } from './embedder.ts';
import { ngramEmbedder } from './ngram-embedder.ts';
import { providerEmbedder } from './provider-embedder.ts';
import { semanticRequest } from './semantic-request.ts';

/** How many of a scope's most recent entries a lookup compares. */
export const SEMANTIC_CANDIDATES = 1000;

export interface SemanticLookup {
  /** The scope and vector to store with this request's response. */
  index: { scope: string; vector: Float32Array };
  /** A stored response similar enough to answer this request. */
  match?: { entry: CacheEntry; score: number };
}

/**
 * Finds a cached response whose request meant the same: same provider, path, model, credential,
 * embedder and every non-message parameter (the scope, matched exactly), and a latest message
 * whose embedding is at least `threshold` similar. Resolves `undefined` for requests the semantic
 * cache does not handle (no conversation, embeddings endpoints).
 */
export function createSemanticLookup(deps: Pick<GatewayDeps, 'storage' | 'providers' | 'fetch' | 'env' | 'clock'>) {
  const providerEmbedders = new Map<string, Embedder>();
  const embedderFor = (settings: SemanticCacheSettings): Embedder => {
    const config = settings.embedder;
    if (config === undefined || config === 'ngram') return ngramEmbedder;
    const id = JSON.stringify(config);
    let embedder = providerEmbedders.get(id);
    if (!embedder) providerEmbedders.set(id, (embedder = providerEmbedder(config, deps)));
    return embedder;
  };

  return async (ctx: ProxyContext, settings: SemanticCacheSettings, identity: CacheIdentity, now: number): Promise<SemanticLookup | undefined> => {
    const request = semanticRequest(ctx.json(), ctx.url.pathname);
    if (!request) return undefined;
    const embedder = embedderFor(settings);
    const scope = await cacheHash(
      [ctx.provider.id, ctx.method, requestTarget(ctx), ctx.model() ?? '', identity.owner, embedder.id, request.material].join('\u0000'),
    );
    const vector = await embedder.embed(request.text, ctx);
    const index = { scope, vector };
    const best = await deps.storage.cache.nearest(ctx.gateway.id, scope, vector, now, SEMANTIC_CANDIDATES);
    if (!best || best.score < (settings.threshold ?? DEFAULT_SEMANTIC_THRESHOLD)) return { index };
    const entry = await deps.storage.cache.get(ctx.gateway.id, best.key, now);
    return entry && entry.owner === identity.owner ? { index, match: { entry, score: best.score } } : { index };
  };
}
