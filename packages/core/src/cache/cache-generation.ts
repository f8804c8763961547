import type { GatewayDeps } from '../gateway-deps.ts';
import type { GatewaySettings } from '../config/settings.ts';
import { sha256Hex } from '../crypto.ts';
import { canonicalJson } from './canonical-json.ts';

// Per settings object: the gateway resolver hands out the same object until the record changes.
const generations = new WeakMap<object, Promise<string>>();

/**
 * The cache generation of a gateway, part of every entry's owner: `''` normally; with
 * `cache_invalidate_on_update`, a hash of all its settings. An update of the settings then makes
 * every earlier entry unreadable on each instance as soon as that instance sees the new settings,
 * including entries written late by a request that started under the old settings.
 *
 * @example
 * const identity = await cacheIdentity(ctx, await cacheGeneration(ctx.gateway.settings));
 */
export function cacheGeneration(settings: GatewaySettings): string | Promise<string> {
  if (!settings.cache_invalidate_on_update) return '';
  let generation = generations.get(settings);
  if (!generation) generations.set(settings, (generation = sha256Hex(canonicalJson(settings))));
  return generation;
}

/**
 * Called by the admin API after it updated a gateway's settings: with `cache_invalidate_on_update`
 * on (in the new settings), deletes the gateway's cached responses, so storage is freed and even
 * an update that changed nothing starts a fresh cache. A failed purge is logged, not thrown: the
 * update is already saved, and the new generation keeps old entries unreadable anyway.
 *
 * @example
 * await invalidateCacheOnUpdate(deps, id, next);
 */
export async function invalidateCacheOnUpdate(deps: Pick<GatewayDeps, 'storage' | 'logger'>, gateway: string, settings: GatewaySettings): Promise<void> {
  if (!settings.cache_invalidate_on_update) return;
  try {
    await deps.storage.cache.deleteGateway(gateway);
  } catch (err) {
    deps.logger.error(`[aigw] [cache] purging the cache of gateway '${gateway}' after its update failed`, err);
  }
}
