import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import { ok } from './respond.ts';

/** `GET /api/v1/audit?limit=&before=&gateway=`: admin actions, newest first; `before` is the last id of the previous page. */
export function auditRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError(ErrorCode.invalidRequest, 400, '[aigw] [admin] limit must be an integer from 1 to 1000');
    const before = c.req.query('before');
    const gateway = c.req.query('gateway');
    const records = await deps.storage.audit.listAudit({ limit, ...(before ? { before } : {}), ...(gateway ? { gateway } : {}) });
    const last = records.at(-1);
    return ok(records, { count: records.length, ...(records.length === limit && last ? { cursor: last.id } : {}) });
  });
  return app;
}
