import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { cacheIdentity, type CacheIdentity } from './cache-key.ts';
import { cacheGeneration } from './cache-generation.ts';
import { cachePolicy, MAX_CACHEABLE_BYTES, type CachePolicy } from './cache-policy.ts';
import { cacheMaxBytes, createPruner } from './cache-pruner.ts';
import type { CacheEntry } from './cache-store.ts';
import { responseFromEntry, storedHeaders } from './cached-response.ts';
import { Flight, type FlightHead } from './flight.ts';
import { createSemanticLookup, type SemanticLookup } from './semantic/semantic-lookup.ts';
import { cosine } from './cosine.ts';
import { DEFAULT_SEMANTIC_THRESHOLD } from './semantic-settings.ts';

const STATUS = 'cf-aig-cache-status';
const MATCH = 'aigw-cache-match';

/** `semantic; score=0.97`, rounded down so it never shows more than was measured. */
const matchHeader = (score: number) => `semantic; score=${(Math.floor(score * 100) / 100).toFixed(2)}`;

function markHit(ctx: ProxyContext, semanticScore?: number): void {
  ctx.trace.cached = semanticScore === undefined ? 'exact' : 'semantic';
  ctx.responseHeaders.set(STATUS, 'HIT');
  if (semanticScore !== undefined) ctx.responseHeaders.set(MATCH, matchHeader(semanticScore));
}

/**
 * The response cache (SPEC §5): exact matches by key, semantic matches by meaning, streams stored
 * chunk by chunk as they pass and replayed as streams, and concurrent identical requests coalesced
 * into one upstream call. Sits after auth (a hit is still authorized) and before rate limits and
 * budgets (a hit costs nothing).
 *
 * @example
 * const stages: Stage[] = [logging, auth, createCacheStage(deps), rateLimit];
 */
export function createCacheStage(deps: GatewayDeps): Stage {
  const store = deps.storage.cache;
  const flights = new Map<string, Flight>();
  const prune = createPruner(deps, cacheMaxBytes(deps.env));
  const semanticLookup = createSemanticLookup(deps);
  /**
   * Semantic entries on their way into the store. The store write runs after the response (and
   * may wait for the log writer's lock), so a paraphrase sent right after the original could miss
   * it; lookups also compare these, so this instance always finds what it has answered.
   */
  const storing = new Set<{ gateway: string; index: SemanticLookup['index']; entry: CacheEntry }>();
  const nearestStoring = (gateway: string, index: SemanticLookup['index'], owner: string) => {
    let best: { entry: CacheEntry; score: number } | undefined;
    for (const s of storing) {
      if (s.gateway !== gateway || s.index.scope !== index.scope || s.entry.owner !== owner) continue;
      const score = cosine(s.index.vector, index.vector);
      if (!best || score > best.score) best = { entry: s.entry, score };
    }
    return best;
  };

  const read = async (ctx: ProxyContext, key: string, now: number): Promise<CacheEntry | undefined> => {
    try {
      return await store.get(ctx.gateway.id, key, now);
    } catch (err) {
      deps.logger.error('[aigw] [cache] read failed; serving uncached', err);
      return undefined;
    }
  };

  /** Calls upstream and, when the response is cacheable, records it as it reaches the client. */
  async function forward(
    ctx: ProxyContext,
    next: () => Promise<Response>,
    job: { policy: CachePolicy; identity: CacheIdentity; flight?: Flight; flightKey: string; index?: SemanticLookup['index'] },
  ): Promise<Response> {
    const { flight, flightKey } = job;
    const leave = () => {
      if (flight && flights.get(flightKey) === flight) flights.delete(flightKey);
    };
    let response: Response;
    try {
      response = await next();
    } catch (err) {
      flight?.abandon();
      leave();
      throw err;
    }
    if (response.status < 200 || response.status > 299) {
      flight?.abandon();
      leave();
      return response;
    }
    const head: FlightHead = { status: response.status, statusText: response.statusText, headers: storedHeaders(response.headers) };
    flight?.start(head);
    const chunks = flight?.chunks ?? [];
    let size = 0;
    let storable = true;
    ctx.observers.push({
      onChunk(chunk) {
        size += chunk.byteLength;
        if (storable && size > MAX_CACHEABLE_BYTES) {
          storable = false;
          leave();
          if (!flight) chunks.length = 0;
          else if (!flight.release()) return;
        }
        if (flight) flight.push(chunk);
        else if (storable) chunks.push(chunk.slice());
      },
      onEnd(outcome, error) {
        if (outcome !== 'complete') {
          flight?.end(error ?? new Error(`[aigw] [cache] response ${outcome}`));
          leave();
          return;
        }
        flight?.end();
        if (!storable) return leave();
        const now = deps.clock.now();
        const entry: CacheEntry = {
          status: head.status,
          headers: head.headers,
          chunks,
          owner: job.identity.owner,
          createdAt: now,
          expiresAt: now + job.policy.ttlSeconds * 1000,
          ...(job.index ? { semantic: job.index } : {}),
        };
        // The flight keeps answering newcomers until the entry is readable from the store.
        const semantic = job.index && { gateway: ctx.gateway.id, index: job.index, entry };
        if (semantic) storing.add(semantic);
        deps.waitUntil(
          Promise.resolve(store.put(ctx.gateway.id, job.identity.key, entry))
            .finally(() => {
              leave();
              if (semantic) storing.delete(semantic);
            })
            .then(prune),
        );
      },
    });
    return response;
  }

  return async (ctx, next) => {
    const policy = cachePolicy(ctx);
    if (!policy) return next();
    const identity = await cacheIdentity(ctx, await cacheGeneration(ctx.gateway.settings));
    const now = deps.clock.now();

    // The flight first: it leaves only once its entry is stored, so a request that finds no flight
    // and then reads the store cannot fall between the two (and become a second leader).
    const flightKey = `${ctx.gateway.id}\n${identity.key}\n${identity.owner}`;
    let running = flights.get(flightKey);
    if (!running) {
      const entry = await read(ctx, identity.key, now);
      if (entry && entry.owner === identity.owner) {
        markHit(ctx);
        return responseFromEntry(entry, now);
      }
      running = flights.get(flightKey);
    }
    if (running) {
      const shared = await running.follow();
      if (shared) {
        markHit(ctx, shared.head.semanticScore);
        const headers = new Headers(shared.head.headers);
        headers.set('age', '0');
        return new Response(shared.body, { status: shared.head.status, statusText: shared.head.statusText, headers });
      }
      // The leader got no cacheable response: call upstream alone rather than queue behind another.
      ctx.responseHeaders.set(STATUS, 'MISS');
      return forward(ctx, next, { policy, identity, flightKey });
    }

    const flight = new Flight();
    flights.set(flightKey, flight);
    let index: SemanticLookup['index'] | undefined;
    if (policy.semantic && ctx.options.cacheKey === undefined) {
      try {
        const found = await semanticLookup(ctx, policy.semantic, identity, now);
        index = found?.index;
        const pending = index && nearestStoring(ctx.gateway.id, index, identity.owner);
        const threshold = policy.semantic.threshold ?? DEFAULT_SEMANTIC_THRESHOLD;
        const match = pending && pending.score >= threshold && pending.score > (found?.match?.score ?? -1) ? pending : found?.match;
        if (match) {
          const { entry: hit, score } = match;
          flight.start({ status: hit.status, statusText: '', headers: hit.headers, semanticScore: score });
          for (const chunk of hit.chunks) flight.push(chunk);
          flight.end();
          flights.delete(flightKey);
          markHit(ctx, score);
          return responseFromEntry(hit, now);
        }
      } catch (err) {
        deps.logger.error('[aigw] [cache] semantic lookup failed; using the exact cache only', err);
      }
    }
    ctx.responseHeaders.set(STATUS, 'MISS');
    return forward(ctx, next, { policy, identity, flight, flightKey, ...(index ? { index } : {}) });
  };
}
