import * as v from 'valibot';
import { customPattern, DETECTOR_IDS, DETECTORS, wordList, type DetectorId, type Matcher } from './detectors.ts';

const ALLOWED_FLAGS = /^[imsu]*$/;

function compiles(p: { regex: string; flags?: string | undefined }): boolean {
  try {
    new RegExp(p.regex, p.flags ?? '');
    return true;
  } catch {
    return false;
  }
}

const PatternSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,32}$/, 'pattern name must be 1-32 of A-Z a-z 0-9 _')),
    regex: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
    flags: v.optional(v.pipe(v.string(), v.regex(ALLOWED_FLAGS, 'flags may only be i, m, s, u'))),
    /** Longest text a match can span; a stream holds this much back. Default 128. */
    max_length: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096))),
  }),
  v.check((p) => compiles(p), 'regex does not compile'),
);

/**
 * One guardrail / DLP rule of a gateway (`guardrails` setting): what to look for (built-in
 * `detectors`, custom `patterns`, `words`), where (`applies_to`) and what to do (`action`).
 */
export const GuardrailRuleSchema = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'name must be 1-64 of A-Z a-z 0-9 _ . : -')),
    applies_to: v.optional(v.picklist(['request', 'response', 'both'])),
    action: v.picklist(['block', 'redact', 'flag']),
    detectors: v.optional(v.array(v.picklist(DETECTOR_IDS))),
    patterns: v.optional(v.pipe(v.array(PatternSchema), v.maxLength(32))),
    words: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(128))), v.maxLength(1000))),
  }),
  v.check((r) => (r.detectors?.length ?? 0) + (r.patterns?.length ?? 0) + (r.words?.length ?? 0) > 0, 'a rule needs detectors, patterns or words'),
);

export type GuardrailRule = v.InferOutput<typeof GuardrailRuleSchema>;

/** The `guardrails` gateway setting: at most 32 rules with distinct names. */
export const GuardrailsSettingSchema = v.pipe(
  v.array(GuardrailRuleSchema),
  v.maxLength(32),
  v.check((rules) => new Set(rules.map((r) => r.name)).size === rules.length, 'guardrail names must be unique'),
);

export type GuardAction = 'block' | 'redact' | 'flag';

/** A rule ready to run. */
export interface CompiledRule {
  name: string;
  action: GuardAction;
  request: boolean;
  response: boolean;
  matchers: Matcher[];
}

const compiled = new WeakMap<readonly GuardrailRule[], CompiledRule[]>();

/** Compiles a gateway's rules once per settings object (gateway records are cached per process). */
export function compileRules(rules: readonly GuardrailRule[]): CompiledRule[] {
  let out = compiled.get(rules);
  if (out) return out;
  out = rules.map((rule) => {
    const where = rule.applies_to ?? 'both';
    const matchers: Matcher[] = (rule.detectors ?? []).map((id: DetectorId) => DETECTORS[id]());
    for (const p of rule.patterns ?? []) matchers.push(customPattern(p.name, p.regex, p.flags ?? '', p.max_length ?? 128));
    if (rule.words?.length) matchers.push(wordList(rule.words));
    return { name: rule.name, action: rule.action, request: where !== 'response', response: where !== 'request', matchers };
  });
  compiled.set(rules, out);
  return out;
}
