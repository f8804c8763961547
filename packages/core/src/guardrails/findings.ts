import type { GuardAction } from './guardrail-rules.ts';

export type GuardSide = 'request' | 'response';

/**
 * What one rule found on one side of a request, aggregated per detector. Never the matched text:
 * findings go to logs and headers, which must not repeat what was redacted.
 */
export interface GuardrailFinding {
  rule: string;
  /** `email`, `pattern:<name>`, `words`, `moderation`, … */
  detector: string;
  action: GuardAction;
  where: GuardSide;
  count: number;
}

/** What guardrails leave on `ctx.trace` for the log entry and the response header. */
export interface GuardrailTrace {
  findings: GuardrailFinding[];
  /**
   * Applies the request-side redactions to a text (the request body as logged), so the log keeps
   * what the provider received rather than the original.
   */
  redactRequestLog?: (text: string) => string;
}

/** Adds a finding to the trace, merging counts of the same rule, detector, action and side. */
export function addFinding(trace: { guardrails?: GuardrailTrace }, finding: GuardrailFinding): void {
  const t = (trace.guardrails ??= { findings: [] });
  const same = t.findings.find((f) => f.rule === finding.rule && f.detector === finding.detector && f.action === finding.action && f.where === finding.where);
  if (same) same.count += finding.count;
  else t.findings.push({ ...finding });
}

const STRENGTH: Record<GuardAction, number> = { flag: 0, redact: 1, block: 2 };

/**
 * The `cf-aig-dlp` response header: JSON with the strongest action taken and every finding,
 * e.g. `{"action":"redact","findings":[{"rule":"pii","detector":"email","action":"redact","where":"request","count":1}]}`.
 */
export function dlpHeader(findings: readonly GuardrailFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const action = findings.reduce<GuardAction>((a, f) => (STRENGTH[f.action] > STRENGTH[a] ? f.action : a), 'flag');
  return JSON.stringify({ action, findings });
}
