import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { sha256Hex } from '../crypto.ts';
import { budgetExceeded, ErrorCode, GatewayError, rateLimited } from '../errors.ts';
import { incrementIn, resetSeconds, retryAfterSeconds, usedIn, windowAt, type Window } from '../rate-limit/window.ts';
import { budgetSubject, type BudgetRule } from './budget-rules.ts';
import { budgetWindow, describePeriod, toUnits, toUsd, type BudgetWindowSpec } from './budget-window.ts';

/** A budget that applies to one request: its rule and the counter window it is counted in. */
interface ActiveBudget {
  rule: BudgetRule;
  window: Window;
}

/** The rules of a request: the gateway's `budgets`, plus the budget of its gateway token. */
function rulesOf(ctx: ProxyContext): { rule: BudgetRule; ofToken: boolean }[] {
  const rules = (ctx.gateway.settings.budgets ?? []).map((rule) => ({ rule, ofToken: false }));
  const token = ctx.trace.gatewayToken;
  if (token?.budget) rules.push({ rule: { name: `token:${token.name}`, ...token.budget, scope: 'token', value: token.id }, ofToken: true });
  return rules;
}

/**
 * The counter key prefix of a rule and subject. The window and technique are part of it, so
 * changing a rule's window starts fresh counters instead of misreading old ones.
 */
async function prefixOf(gateway: string, rule: BudgetRule, subject: string, ofToken: boolean): Promise<string> {
  // A token's own budget follows the token (by id), whatever it is named.
  const name = ofToken ? `#token:${subject}` : rule.name;
  const hashed = subject === '' ? '-' : (await sha256Hex(subject)).slice(0, 32);
  return `bg:${gateway}:${name}:${rule.window}:${rule.technique ?? 'fixed'}:${hashed}`;
}

async function activeBudgets(ctx: ProxyContext, now: number): Promise<ActiveBudget[]> {
  const source = { provider: ctx.provider.id, model: ctx.model(), token: ctx.trace.gatewayToken, metadata: ctx.options.metadata };
  const out: ActiveBudget[] = [];
  for (const { rule, ofToken } of rulesOf(ctx)) {
    const subject = budgetSubject(rule, source);
    if (subject === undefined) continue;
    const prefix = await prefixOf(ctx.gateway.id, rule, subject, ofToken);
    out.push({ rule, window: budgetWindow(prefix, rule, now) });
  }
  return out;
}

/**
 * What a budget rule has counted for `subject` (as `budgetSubject` names it) in its current window,
 * in USD: for the admin API.
 */
export async function budgetSpent(deps: Pick<GatewayDeps, 'storage'>, gateway: string, rule: BudgetRule, subject: string, now: number): Promise<number> {
  const window = budgetWindow(await prefixOf(gateway, rule, subject, false), rule, now);
  const [count = 0, previous = 0] = await deps.storage.counters.getCounters(window.previous ? [window.key, window.previous.key] : [window.key]);
  return toUsd(usedIn(window, { count, previous }));
}

/** The same for a gateway token's own budget. */
export async function tokenBudgetSpent(deps: Pick<GatewayDeps, 'storage'>, gateway: string, token: { id: string; name: string; budget: BudgetWindowSpec & { limit_usd: number } }, now: number): Promise<number> {
  const rule: BudgetRule = { name: `token:${token.name}`, ...token.budget, scope: 'token', value: token.id };
  const window = budgetWindow(await prefixOf(gateway, rule, token.id, true), rule, now);
  const [count = 0, previous = 0] = await deps.storage.counters.getCounters(window.previous ? [window.key, window.previous.key] : [window.key]);
  return toUsd(usedIn(window, { count, previous }));
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 6 : 2).replace(/0+$/, '').replace(/\.$/, '')}`;

/**
 * Spend limits (`budgets` setting and per-token budgets) and per-token request limits. Sits after
 * the cache (a hit costs nothing) and the gateway's rate limit. Before the call, each budget that
 * applies is read from the counter store (shared by every instance on the database): at or over
 * its limit → 429 code 2041 naming the rule. After the response has ended, its cost (computed by
 * the observability stage into `ctx.trace.cost`) is added to each budget's counter. Budgets are
 * soft by the cost of requests already in flight: those are counted when they end.
 */
export function budgetStage(deps: Pick<GatewayDeps, 'storage' | 'clock' | 'logger' | 'waitUntil'>): Stage {
  const counters = deps.storage.counters;
  /** Requests already counted against their token's limit (the steps of a fallback chain share one). */
  const counted = new WeakSet<Request>();

  const checkTokenRateLimit = async (ctx: ProxyContext, now: number) => {
    const token = ctx.trace.gatewayToken;
    const limit = token?.rate_limit;
    if (!token || !limit || counted.has(ctx.request)) return;
    counted.add(ctx.request);
    const windowMs = limit.interval * 1000;
    const window = windowAt(`rl:tok:${ctx.gateway.id}:${token.id}:${windowMs}`, now, windowMs, limit.technique);
    const accepted = await counters.incrementCounter(incrementIn(window, 1, limit.limit));
    if (accepted) return;
    const [count = 0, previous = 0] = await counters.getCounters(window.previous ? [window.key, window.previous.key] : [window.key]);
    throw rateLimited(`gateway token '${token.name}' is limited to ${limit.limit} requests per ${limit.interval} s`, {
      'retry-after': String(retryAfterSeconds(window, { count, previous }, 1, limit.limit, now)),
      'ratelimit-limit': String(limit.limit),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(resetSeconds(window, now)),
    });
  };

  const checkBudgets = async (budgets: ActiveBudget[], now: number) => {
    const keys = budgets.flatMap(({ window }) => (window.previous ? [window.key, window.previous.key] : [window.key]));
    const values = await counters.getCounters(keys);
    let i = 0;
    for (const { rule, window } of budgets) {
      const count = values[i++] ?? 0;
      const previous = window.previous ? (values[i++] ?? 0) : 0;
      const limit = toUnits(rule.limit_usd);
      const used = usedIn(window, { count, previous });
      if (used < limit) continue;
      throw budgetExceeded(rule.name, `${usd(toUsd(used))} spent of ${usd(rule.limit_usd)} per ${describePeriod(rule.window)}`, {
        'retry-after': String(retryAfterSeconds(window, { count, previous }, 1, limit, now)),
      });
    }
  };

  const count = (ctx: ProxyContext, budgets: ActiveBudget[]) => {
    ctx.observers.push({
      onEnd() {
        // The observability stage set the cost before this runs; a cache hit never gets here.
        const cost = ctx.trace.cost;
        if (!cost || cost <= 0 || ctx.trace.cached) return;
        const units = toUnits(cost);
        deps.waitUntil(
          Promise.all(budgets.map(({ window }) => counters.incrementCounter(incrementIn(window, units)))).catch((err: unknown) =>
            deps.logger.error(`[aigw] [budget] could not count $${cost} for gateway '${ctx.gateway.id}'`, err),
          ),
        );
      },
    });
  };

  return async (ctx, next) => {
    const now = deps.clock.now();
    const budgets = await activeBudgets(ctx, now);
    if (budgets.length === 0 && !ctx.trace.gatewayToken?.rate_limit) return next();
    try {
      await checkTokenRateLimit(ctx, now);
      await checkBudgets(budgets, now);
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      deps.logger.error(`[aigw] [budget] counter store failed for gateway '${ctx.gateway.id}'; refusing`, err);
      throw new GatewayError(ErrorCode.rateLimitUnavailable, 503, '[aigw] [budget] the counter store is unavailable; refusing rather than overspending', { cause: err });
    }
    if (budgets.length > 0) count(ctx, budgets);
    return next();
  };
}
