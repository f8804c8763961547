import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { customCacheKey } from '../cache/cache-key.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { ok } from './respond.ts';

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);

/** The key named by `?key=` or a JSON body `{"key": "…"}`; undefined when neither names one. */
async function keyFrom(request: Request, query: string | undefined): Promise<string | undefined> {
  if (query !== undefined) return query;
  const text = await request.text();
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError(ErrorCode.invalidJson, 400, '[aigw] [admin] request body is not valid JSON');
  }
  const key = (body as { key?: unknown } | null)?.key;
  if (key === undefined) return undefined;
  if (typeof key !== 'string') throw invalid('key must be a string');
  return key;
}

/**
 * `DELETE /api/v1/gateways/{id}/cache` purges every cached response of a gateway. With `?key=K`
 * or a body `{"key": "K"}` it purges one: K is the `cf-aig-cache-key` the response was stored
 * under (or a stored key as is).
 */
export function cacheRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.delete('/:id/cache', async (c) => {
    const id = c.req.param('id');
    if (id !== 'default' && !(await deps.storage.gateways.getGateway(id))) throw unknownGateway(id);
    const key = await keyFrom(c.req.raw, c.req.query('key'));
    if (key === undefined) return ok({ id, purged: await deps.storage.cache.deleteGateway(id) });
    if (key === '') throw invalid('key must not be empty');
    const [custom, stored] = await Promise.all([deps.storage.cache.delete(id, customCacheKey(key)), deps.storage.cache.delete(id, key)]);
    return ok({ id, key, purged: Number(custom) + Number(stored) });
  });
  return app;
}
