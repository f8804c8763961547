import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import { isAdminAuthorized } from './admin-token.ts';
import { gatewayRoutes } from './gateways.ts';
import { cooldownRoutes } from './cooldowns.ts';
import { cacheRoutes } from './cache.ts';
import { logRoutes } from './logs.ts';
import { analyticsRoutes } from './analytics.ts';
import { auditTrail } from './audit-trail.ts';
import { auditRoutes } from './audit.ts';
import { tokenRoutes } from './tokens.ts';
import { providerKeyRoutes } from './provider-keys.ts';
import { budgetRoutes } from './budgets.ts';
import { guardrailRoutes } from './guardrails.ts';
import { routeRoutes } from './routes.ts';
import { customProviderRoutes } from './custom-providers.ts';
import type { CustomProviderSync } from '../providers/custom-providers.ts';

/**
 * The admin API under `/api/v1` (SPEC §3.7), behind `Authorization: Bearer <AIGW_ADMIN_TOKEN>`.
 * Features add their routes with `admin.route('/gateways/:id/…', …)`.
 */
export function adminRouter(deps: GatewayDeps, tokenHash: () => Promise<string>, customProviders: CustomProviderSync) {
  const admin = new Hono();
  admin.use(async (c, next) => {
    if (!(await isAdminAuthorized(c.req.header('authorization'), await tokenHash()))) {
      throw new GatewayError(ErrorCode.unauthorized, 401, '[aigw] [admin] missing or wrong admin token', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    await next();
  });
  admin.use(auditTrail(deps));
  admin.route('/gateways', gatewayRoutes(deps));
  admin.route('/gateways', cacheRoutes(deps));
  admin.route('/gateways/:id/logs', logRoutes(deps));
  admin.route('/gateways/:id/analytics', analyticsRoutes(deps));
  admin.route('/analytics', analyticsRoutes(deps));
  admin.route('/cooldowns', cooldownRoutes(deps));
  admin.route('/gateways/:id/tokens', tokenRoutes(deps));
  admin.route('/gateways/:id/provider-keys', providerKeyRoutes(deps));
  admin.route('/gateways/:id/budgets', budgetRoutes(deps));
  admin.route('/gateways/:id/guardrails', guardrailRoutes(deps));
  admin.route('/gateways/:id/routes', routeRoutes(deps));
  admin.route('/custom-providers', customProviderRoutes(customProviders));
  admin.route('/audit', auditRoutes(deps));
  return admin;
}
