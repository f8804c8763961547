import { Hono } from 'hono';
import * as v from 'valibot';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { RouteSchema, RoutesSettingSchema, type Route } from '../routes/route-schema.ts';
import type { GatewayRecord } from '../storage/types.ts';
import { ok, readJson } from './respond.ts';

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);
const notFound = (gateway: string, route: string) =>
  new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] gateway '${gateway}' has no dynamic route '${route.slice(0, 64)}'`);

/**
 * `/api/v1/gateways/{id}/routes`: the gateway's dynamic routes (its `routes` setting) as a resource
 * of their own, as in Cloudflare's API: GET list, POST `{name, elements}` (the id is assigned),
 * GET / PUT / DELETE `/{route_id}` (the id, or the name). Routes are checked when saved: the
 * graph (route-schema.ts) and that every model element names a provider the unified API reaches.
 */
export function routeRoutes(deps: GatewayDeps) {
  const app = new Hono();
  const { storage, clock } = deps;

  const recordOf = async (id: string): Promise<GatewayRecord> => {
    const record = await storage.gateways.getGateway(id);
    if (!record) throw unknownGateway(id);
    return record;
  };

  const parseRoute = (body: unknown): Route => {
    const parsed = v.safeParse(RouteSchema, body);
    if (!parsed.success) throw invalid(v.summarize(parsed.issues).replaceAll('\n', '; '));
    for (const e of parsed.output.elements) {
      if (e.type !== 'model') continue;
      const provider = deps.providers.get(e.properties.provider);
      if (!provider?.compat) throw invalid(`model element '${e.id}': '${e.properties.provider}' is not a provider the unified API reaches`);
    }
    return parsed.output;
  };

  const save = async (record: GatewayRecord, routes: Route[]) => {
    const checked = v.safeParse(RoutesSettingSchema, routes);
    if (!checked.success) throw invalid(v.summarize(checked.issues).replaceAll('\n', '; '));
    const settings = { ...record.settings, routes: checked.output };
    if (!(await storage.gateways.updateGateway(record.id, settings, new Date(clock.now()).toISOString()))) throw unknownGateway(record.id);
    deps.gateways.invalidate(record.id);
  };

  const find = (record: GatewayRecord, key: string) => (record.settings.routes ?? []).find((r) => r.id === key || r.name === key);

  app.get('/', async (c) => {
    const routes = (await recordOf(c.req.param('id') ?? '')).settings.routes ?? [];
    return ok(routes, { count: routes.length, total_count: routes.length });
  });

  app.post('/', async (c) => {
    const record = await recordOf(c.req.param('id') ?? '');
    const route = { ...parseRoute(await readJson(c.req.raw)), id: deps.ids.uuid() };
    if (find(record, route.name)) throw new GatewayError(ErrorCode.invalidRequest, 409, `[aigw] [admin] gateway '${record.id}' already has a route '${route.name}'`);
    await save(record, [...(record.settings.routes ?? []), route]);
    return ok(route, undefined, 201);
  });

  app.get('/:route', async (c) => {
    const record = await recordOf(c.req.param('id') ?? '');
    const route = find(record, c.req.param('route'));
    if (!route) throw notFound(record.id, c.req.param('route'));
    return ok(route);
  });

  app.put('/:route', async (c) => {
    const record = await recordOf(c.req.param('id') ?? '');
    const old = find(record, c.req.param('route'));
    if (!old) throw notFound(record.id, c.req.param('route'));
    const route = { ...parseRoute(await readJson(c.req.raw)), id: old.id ?? deps.ids.uuid() };
    await save(record, (record.settings.routes ?? []).map((r) => (r === old ? route : r)));
    return ok(route);
  });

  app.delete('/:route', async (c) => {
    const record = await recordOf(c.req.param('id') ?? '');
    const old = find(record, c.req.param('route'));
    if (!old) throw notFound(record.id, c.req.param('route'));
    await save(record, (record.settings.routes ?? []).filter((r) => r !== old));
    return ok({ id: old.id ?? old.name });
  });

  return app;
}
