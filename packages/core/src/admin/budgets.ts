import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { budgetSpent, tokenBudgetSpent } from '../budgets/budget-stage.ts';
import type { BudgetRule } from '../budgets/budget-rules.ts';
import { unknownGateway } from '../errors.ts';
import { ok } from './respond.ts';

/**
 * `GET /api/v1/gateways/{id}/budgets`: the gateway's budget rules and gateway-token budgets with
 * what each has spent in its current window. Rules split per value (no `value`) report the spend
 * of `?value=V` when asked, else `spent_usd: null`.
 */
export function budgetRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const id = c.req.param('id') ?? '';
    const record = await deps.storage.gateways.getGateway(id);
    if (!record && id !== 'default') throw unknownGateway(id);
    const now = deps.clock.now();
    const asked = c.req.query('value');
    const tokens = await deps.storage.tokens.listTokens(id);
    const subjectOf = (rule: BudgetRule): string | undefined => {
      const scope = rule.scope ?? 'gateway';
      if (scope === 'gateway') return '';
      const value = rule.value === undefined ? asked : String(rule.value);
      if (value === undefined) return undefined;
      if (scope === 'token') return tokens.find((t) => t.id === value || t.name === value)?.id;
      return value;
    };
    const rules = await Promise.all(
      (record?.settings.budgets ?? []).map(async (rule) => {
        const subject = subjectOf(rule);
        const spent = subject === undefined ? null : await budgetSpent(deps, id, rule, subject, now);
        return { ...rule, scope: rule.scope ?? 'gateway', technique: rule.technique ?? 'fixed', spent_usd: spent };
      }),
    );
    const tokenBudgets = await Promise.all(
      tokens.flatMap((t) => (t.budget ? [{ id: t.id, name: t.name, budget: t.budget }] : [])).map(async (t) => ({
        token_id: t.id,
        token_name: t.name,
        ...t.budget,
        spent_usd: await tokenBudgetSpent(deps, id, t, now),
      })),
    );
    return ok({ rules, tokens: tokenBudgets });
  });
  return app;
}
