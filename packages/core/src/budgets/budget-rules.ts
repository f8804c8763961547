import * as v from 'valibot';
import type { MetadataValue } from '../pipeline/request-options.ts';
import type { BudgetPeriod } from './budget-window.ts';

const PeriodSchema = v.union([
  v.picklist(['hour', 'day', 'week', 'month']),
  v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(366 * 86400)),
]) as v.GenericSchema<BudgetPeriod>;

/** `budget.window` / token budgets: hour | day | week | month | N seconds. */
export const BudgetPeriodSchema = PeriodSchema;

/** What a budget counts: the whole gateway, a provider, a model, a gateway token or a metadata field. */
export type BudgetScope = 'gateway' | 'provider' | 'model' | 'token' | `metadata:${string}`;

const ScopeSchema = v.union([
  v.picklist(['gateway', 'provider', 'model', 'token']),
  v.pipe(v.string(), v.regex(/^metadata:.{1,128}$/, 'expected metadata:<field>')),
]) as v.GenericSchema<BudgetScope>;

/**
 * One spend limit of a gateway (`budgets` setting). With `value`, the rule counts only requests
 * whose scope value equals it (one provider, one model, one token id or name, one metadata
 * value); without, each value gets its own budget of `limit_usd` (per provider, per user, …).
 */
export const BudgetRuleSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'name must be 1-64 of A-Z a-z 0-9 _ . : -')),
  limit_usd: v.pipe(v.number(), v.minValue(0), v.maxValue(1e9)),
  window: PeriodSchema,
  technique: v.optional(v.picklist(['fixed', 'sliding'])),
  scope: v.optional(ScopeSchema),
  value: v.optional(v.union([v.string(), v.number(), v.boolean()])),
});

export type BudgetRule = v.InferOutput<typeof BudgetRuleSchema>;

/** The `budgets` gateway setting: at most 32 rules with distinct names. */
export const BudgetsSettingSchema = v.pipe(
  v.array(BudgetRuleSchema),
  v.maxLength(32),
  v.check((rules) => new Set(rules.map((r) => r.name)).size === rules.length, 'budget names must be unique'),
);

/** What a request looks like to budget scopes. */
export interface BudgetSubjectSource {
  provider: string;
  model: string | undefined;
  token: { id: string; name: string } | undefined;
  metadata: Record<string, MetadataValue> | undefined;
}

/**
 * The subject a request is counted under for `rule`, or undefined when the rule does not apply
 * (its `value` names another provider, model, token or metadata value). Requests that lack the
 * scope's value share one bucket (''), so a missing value never means "unlimited".
 */
export function budgetSubject(rule: BudgetRule, source: BudgetSubjectSource): string | undefined {
  const scope = rule.scope ?? 'gateway';
  if (scope === 'gateway') return '';
  const want = rule.value === undefined ? undefined : String(rule.value);
  if (scope === 'token') {
    const { token } = source;
    if (want === undefined) return token?.id ?? '';
    return token && (token.id === want || token.name === want) ? token.id : undefined;
  }
  let actual: string;
  if (scope === 'provider') actual = source.provider;
  else if (scope === 'model') actual = source.model ?? '';
  else {
    const raw = source.metadata?.[scope.slice('metadata:'.length)];
    actual = raw === undefined ? '' : String(raw);
  }
  if (want === undefined) return actual;
  return actual === want ? actual : undefined;
}
