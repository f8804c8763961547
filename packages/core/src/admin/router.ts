import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import { isAdminAuthorized } from './admin-token.ts';
import { gatewayRoutes } from './gateways.ts';

/**
 * The admin API under `/api/v1` (SPEC §3.7), behind `Authorization: Bearer <AIGW_ADMIN_TOKEN>`.
 * Features add their routes with `admin.route('/gateways/:id/…', …)`.
 */
export function adminRouter(deps: GatewayDeps, tokenHash: () => Promise<string>) {
  const admin = new Hono();
  admin.use(async (c, next) => {
    if (!(await isAdminAuthorized(c.req.header('authorization'), await tokenHash()))) {
      throw new GatewayError(ErrorCode.unauthorized, 401, '[aigw] [admin] missing or wrong admin token', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    await next();
  });
  admin.route('/gateways', gatewayRoutes(deps));
  return admin;
}
