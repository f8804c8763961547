import { Hono } from 'hono';
import * as v from 'valibot';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { GatewayRecord } from '../storage/types.ts';
import { GatewaySettingsSchema, parseSettings } from '../config/settings.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { ok, readJson } from './respond.ts';
import { invalidateCacheOnUpdate } from '../cache/cache-generation.ts';
import { securityOf } from '../auth/security.ts';

const GATEWAY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A gateway as the admin API shows it: id, settings at the top level (Cloudflare's shape), timestamps. */
const view = (r: GatewayRecord) => ({ id: r.id, ...r.settings, created_at: r.created_at, modified_at: r.modified_at });

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);

function settingsFrom(body: unknown, where: string) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('expected a JSON object');
  const { id: _id, created_at: _c, modified_at: _m, ...settings } = body as Record<string, unknown>;
  try {
    return parseSettings(settings, where);
  } catch (err) {
    throw invalid((err as Error).message.replace('[aigw] [config] ', ''));
  }
}

/** `/api/v1/gateways`: list, create, read, change settings, delete. */
export function gatewayRoutes(deps: GatewayDeps) {
  const app = new Hono();
  const { storage, gateways, clock } = deps;

  app.get('/', async () => {
    const list = await storage.gateways.listGateways();
    return ok(list.map(view), { count: list.length, total_count: list.length });
  });

  app.post('/', async (c) => {
    const body = await readJson(c.req.raw);
    const id = (body as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !GATEWAY_ID.test(id)) throw invalid('id must be 1-64 characters of A-Z a-z 0-9 _ -');
    const settings = settingsFrom(body, `gateway '${id}'`);
    const at = new Date(clock.now()).toISOString();
    const record = { id, settings, created_at: at, modified_at: at };
    if (!(await storage.gateways.createGateway(record))) {
      throw new GatewayError(ErrorCode.invalidRequest, 409, `[aigw] [admin] gateway '${id}' already exists`);
    }
    gateways.invalidate(id);
    return ok(view(record));
  });

  app.get('/:id', async (c) => {
    const record = await storage.gateways.getGateway(c.req.param('id'));
    if (!record) throw unknownGateway(c.req.param('id'));
    return ok(view(record));
  });

  const update = async (id: string, body: unknown, merge: boolean) => {
    const record = await storage.gateways.getGateway(id);
    if (!record) throw unknownGateway(id);
    const patch = settingsFrom(body, `gateway '${id}'`);
    const next = merge ? v.parse(GatewaySettingsSchema, { ...record.settings, ...patch }) : patch;
    const updated = await storage.gateways.updateGateway(id, next, new Date(clock.now()).toISOString());
    if (!updated) throw unknownGateway(id);
    gateways.invalidate(id);
    await invalidateCacheOnUpdate(deps, id, next); // cache_invalidate_on_update (cache/cache-generation.ts)
    return ok(view(updated));
  };
  app.patch('/:id', async (c) => update(c.req.param('id'), await readJson(c.req.raw), true));
  app.put('/:id', async (c) => update(c.req.param('id'), await readJson(c.req.raw), false));

  // A gateway created again under a deleted one's id starts clean: its tokens, stored provider keys
  // and cached responses go first (a failure part-way leaves the gateway, so the DELETE can be
  // repeated). Its logs and analytics stay; DELETE …/logs removes them.
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await storage.gateways.getGateway(id))) throw unknownGateway(id);
    const security = securityOf(deps);
    for (const token of await storage.tokens.listTokens(id)) await storage.tokens.deleteToken(id, token.id);
    security.tokens.invalidate(id);
    for (const key of await storage.providerKeys.listProviderKeys(id)) await security.keys.remove(id, key.id);
    await storage.cache.deleteGateway(id);
    if (!(await storage.gateways.deleteGateway(id))) throw unknownGateway(id);
    gateways.invalidate(id);
    return ok({ id });
  });

  return app;
}
