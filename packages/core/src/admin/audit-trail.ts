import type { MiddlewareHandler } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { sha256Hex } from '../crypto.ts';
import { clientAddress } from '../rate-limit/rate-limit-key.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every admin change (POST, PUT, PATCH, DELETE) in the audit table once it has been
 * answered: who (the admin token's fingerprint, client address, user agent), what (method, path,
 * status) and when. Bodies and queries are never recorded (they may carry keys). Mount after the
 * admin token check, so refused calls are not recorded as actions.
 */
export function auditTrail(deps: Pick<GatewayDeps, 'storage' | 'clock' | 'ids' | 'logger'>): MiddlewareHandler {
  return async (c, next) => {
    if (!CHANGES.has(c.req.method)) return next();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } catch (err) {
      status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
      throw err;
    } finally {
      const bearer = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      const path = new URL(c.req.url).pathname.replace(/^\/api\/v1/, '');
      const record = {
        id: deps.ids.uuid(),
        at: new Date(deps.clock.now()).toISOString(),
        actor: `admin:${(await sha256Hex(bearer)).slice(0, 12)}`,
        ip: clientAddress(c.req.raw.headers) ?? null,
        user_agent: c.req.header('user-agent')?.slice(0, 256) ?? null,
        method: c.req.method,
        path: path.slice(0, 512),
        status,
        gateway: /^\/gateways\/([^/]+)/.exec(path)?.[1]?.slice(0, 64) ?? null,
      };
      // Awaited: an action is on the trail by the time its answer arrives (admin calls are rare).
      await Promise.resolve(deps.storage.audit.appendAudit(record)).catch((err: unknown) => deps.logger.error('[aigw] [admin] could not record an audit entry', err));
    }
  };
}
