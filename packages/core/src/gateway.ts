import { Hono } from 'hono';
import type { Clock } from './clock.ts';
import type { IdGenerator } from './ids.ts';
import type { Storage } from './storage/types.ts';
import type { GatewayDeps, Logger } from './gateway-deps.ts';
import type { Stage } from './pipeline/context.ts';
import { systemClock } from './clock.ts';
import { uuidv7Ids } from './ids.ts';
import { createMemoryStorage } from './storage/memory.ts';
import { resolveConfig, type Env, type GatewayConfig } from './config/config.ts';
import { createProviderRegistry } from './providers/registry.ts';
import { CustomProviderSync } from './providers/custom-providers.ts';
import { GatewayResolver } from './gateway-resolver.ts';
import { compose } from './pipeline/context.ts';
import { resilientDispatch } from './resilience/resilient-dispatch.ts';
import { passthroughHandler } from './proxy/passthrough.ts';
import { compatRouter } from './compat/compat-router.ts';
import { createCacheStage } from './cache/cache-stage.ts';
import { rateLimitStage } from './rate-limit/rate-limit-stage.ts';
import { universalHandler } from './universal/universal-handler.ts';
import { withCooldown } from './resilience/cooldown-dispatch.ts';
import { Cooldowns } from './resilience/cooldowns.ts';
import { adminRouter } from './admin/router.ts';
import { dashboardRoutes, type DashboardAssets } from './admin/dashboard-route.ts';
import { resolveAdminTokenHash } from './admin/admin-token.ts';
import { ErrorCode, GatewayError, errorResponse } from './errors.ts';
import { createObservability } from './observability/observability.ts';
import { createSecurityStages } from './auth/security.ts';

export type { Logger } from './gateway-deps.ts';

export interface GatewayOptions {
  /** Resolved configuration. When absent it is resolved from `env` and `configText`. */
  config?: GatewayConfig;
  /** Environment variables (SPEC §2). The core never reads the process environment: apps pass it. */
  env?: Env;
  /** Text of the config file (`AIGW_CONFIG`), read by the app. */
  configText?: string;
  /** Persistence. Default: in-memory storage. */
  storage?: Storage;
  /** Upstream HTTP client with WHATWG fetch semantics. Default: the global `fetch`. */
  fetch?: typeof fetch;
  clock?: Clock;
  ids?: IdGenerator;
  /** Keeps background work alive after the response (Workers' `ctx.waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
  logger?: Logger;
  /** How long gateway records are cached per process. Default 1000 ms. */
  gatewayCacheMs?: number;
  /** The dashboard page served at `/dashboard` (`@aigw/dashboard`'s `dashboardAssets`). Absent: no dashboard. */
  dashboard?: DashboardAssets;
}

/** The gateway: a Hono app, plus readiness and shutdown. */
export type Gateway = Hono & {
  /** Resolves once storage is migrated and configured gateways are seeded. */
  ready: Promise<void>;
  /** Flushes queued work and closes storage. */
  close(): Promise<void>;
  readonly config: GatewayConfig;
};

const consoleLogger: Logger = {
  info: (m) => console.log(m),
  error: (m, e) => console.error(m, e ?? ''),
};

/**
 * Creates the gateway. Everything runtime-specific is injected; with no options it runs entirely in
 * memory and calls providers with the global `fetch`.
 *
 * @example
 * import { createGateway } from '@aigw/core';
 * const gateway = createGateway({ env: { AIGW_PROVIDER_OPENAI_URL: 'http://127.0.0.1:9000/v1' } });
 * export default gateway; // Bun, Deno and Workers serve anything with a `fetch` method
 */
export function createGateway(options: GatewayOptions = {}): Gateway {
  const env = options.env ?? {};
  const config = options.config ?? resolveConfig({ env, fileText: options.configText });
  const storage = options.storage ?? createMemoryStorage();
  const clock = options.clock ?? systemClock;
  const background = new Set<Promise<unknown>>();
  const providers = createProviderRegistry(config);
  const deps: GatewayDeps = {
    config,
    env,
    storage,
    clock,
    ids: options.ids ?? uuidv7Ids,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    logger: options.logger ?? consoleLogger,
    providers,
    gateways: new GatewayResolver(storage, clock, { ttlMs: options.gatewayCacheMs ?? 1000, autoCreate: config.autoCreateGateways }),
    waitUntil: (promise) => {
      const tracked = promise.catch((err) => deps.logger.error('[aigw] background task failed', err)).finally(() => background.delete(tracked));
      background.add(tracked);
      options.waitUntil?.(tracked);
    },
  };

  const customProviders = new CustomProviderSync({ meta: storage.meta, clock, logger: deps.logger }, providers, config);
  let isReady = false;
  let adminTokenHash: Promise<string> | undefined;
  // Tokens, stored keys, budgets, guardrails; the moderation hook calls back into `app`.
  const security = createSecurityStages(deps, (request) => Promise.resolve(app.fetch(request)));
  const ready = (async () => {
    await storage.init?.();
    await customProviders.load();
    for (const [id, settings] of Object.entries(config.gateways)) await deps.gateways.create(id, settings);
    if (!config.gateways.default) await deps.gateways.create('default', {});
    adminTokenHash = resolveAdminTokenHash(env.AIGW_ADMIN_TOKEN, storage, deps.logger);
    await adminTokenHash;
    await security.start();
    isReady = true;
  })();
  ready.catch((err) => deps.logger.error('[aigw] storage failed to start', err));

  // Stages run in this order around the upstream call; each feature adds one.
  const observability = createObservability(deps);
  const stages: Stage[] = [
    observability.stage, // outermost: sees every request, cache hits and errors included
    security.auth, // gateway tokens, stored keys: before the cache (its key covers the injected key)
    security.guardRequest, // block / redact prompts before the cache keys on them
    createCacheStage(deps), // after logging and auth, before rate limits and budgets
    rateLimitStage(deps), // after the cache (hits are free), before budgets
    security.budget, // spend limits and per-token limits, after the cache (hits are free)
    security.guardResponse, // last: the cache stores what the response rules let through
  ];
  const dispatch = resilientDispatch(deps);
  const run = compose(stages, dispatch);
  // Fallback chains and dynamic routes skip targets whose circuit breaker is open (SPEC §3.2).
  const chained = compose(stages, withCooldown(deps, new Cooldowns(deps), dispatch));

  const app = new Hono();
  app.use(async (_c, next) => {
    if (!isReady) await ready;
    const fresh = customProviders.fresh(); // another instance may have changed them
    if (fresh) await fresh;
    await next();
  });
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/api/v1', adminRouter(deps, () => adminTokenHash ?? ready.then(() => adminTokenHash!), customProviders));
  app.get('/metrics', observability.metricsHandler(() => adminTokenHash ?? ready.then(() => adminTokenHash!)));
  if (options.dashboard) app.route('/dashboard', dashboardRoutes(options.dashboard)); // public page; its data calls use the admin API
  app.route('/v1/:account/:gateway/compat', compatRouter(deps, run, chained)); // before passthrough, which would take 'compat' as a provider
  app.post('/v1/:account/:gateway', universalHandler(deps, chained)); // fallback chains (SPEC §3.2)
  app.all('/v1/:account/:gateway/:provider/*', passthroughHandler(deps, run));

  app.notFound(() => errorResponse(404, ErrorCode.notFound, '[aigw] no such route'));
  app.onError((err) => {
    if (err instanceof GatewayError) return err.toResponse();
    deps.logger.error('[aigw] unexpected error', err);
    return errorResponse(500, ErrorCode.internal, '[aigw] internal error');
  });

  let closing: Promise<void> | undefined;
  return Object.assign(app, {
    ready,
    config,
    close: () =>
      (closing ??= (async () => {
        await ready.catch(() => undefined);
        await observability.flush();
        while (background.size > 0) await Promise.allSettled([...background]);
        await storage.close?.();
      })()),
  });
}
