import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { CooldownRecord } from '../resilience/cooldown-store.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import { ok } from './respond.ts';

/** A breaker as the admin API shows it: ISO times and its state now. */
function view(r: CooldownRecord, now: number) {
  const state = r.until > now ? 'open' : r.probe_until !== null && r.probe_until > now ? 'probing' : 'half_open';
  return {
    key: r.key,
    provider: r.provider,
    target: r.target,
    state,
    opened_at: new Date(r.opened_at).toISOString(),
    until: new Date(r.until).toISOString(),
    probe_until: r.probe_until === null ? null : new Date(r.probe_until).toISOString(),
    failures: r.failures,
    calls: r.calls,
  };
}

/**
 * `/api/v1/cooldowns`: provider targets that fallback chains currently skip (`open`), are probing
 * (`probing`), or will probe with their next call (`half_open`). DELETE `/{key}` closes one by hand.
 * Breakers are per provider + credential (deployment-wide), not per gateway.
 */
export function cooldownRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.get('/', async () => {
    const now = deps.clock.now();
    const list = await deps.storage.cooldowns.listCooldowns();
    return ok(list.map((r) => view(r, now)), { count: list.length, total_count: list.length });
  });
  app.get('/:key', async (c) => {
    const record = await deps.storage.cooldowns.getCooldown(c.req.param('key'));
    if (!record) throw new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] no cooldown '${c.req.param('key').slice(0, 64)}'`);
    return ok(view(record, deps.clock.now()));
  });
  app.delete('/:key', async (c) => {
    const key = c.req.param('key');
    if (!(await deps.storage.cooldowns.deleteCooldown(key))) throw new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] no cooldown '${key.slice(0, 64)}'`);
    return ok({ key });
  });
  return app;
}
