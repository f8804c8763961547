import type { Matcher } from './detectors.ts';
import type { CompiledRule } from './guardrail-rules.ts';
import { addFinding, type GuardrailTrace, type GuardSide } from './findings.ts';

/** One match of one rule's matcher in a text. */
export interface Hit {
  rule: CompiledRule;
  matcher: Matcher;
  start: number;
  end: number;
}

/** Every match of every rule in `text`, in order of start. */
export function findHits(text: string, rules: readonly CompiledRule[]): Hit[] {
  const hits: Hit[] = [];
  if (text.length === 0) return hits;
  for (const rule of rules) {
    for (const matcher of rule.matchers) {
      for (const span of matcher.find(text)) hits.push({ rule, matcher, ...span });
    }
  }
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}

export const placeholder = (hit: Hit) => `[${hit.matcher.label}]`;

/**
 * The redacting hits, without overlaps (the earliest, then longest, wins). `alsoBlocks`: blocking
 * hits too (for logs, which must not keep what a blocked request carried).
 */
export function redactions(hits: readonly Hit[], alsoBlocks = false): Hit[] {
  const out: Hit[] = [];
  let end = -1;
  for (const hit of hits) {
    const action = hit.rule.action;
    if (action === 'flag' || (action === 'block' && !alsoBlocks) || hit.start < end) continue;
    out.push(hit);
    end = hit.end;
  }
  return out;
}

/** `text` with each redaction replaced by its placeholder (`[EMAIL]`). */
export function applyRedactions(text: string, spans: readonly Hit[]): string {
  let out = '';
  let at = 0;
  for (const hit of spans) {
    out += text.slice(at, hit.start) + placeholder(hit);
    at = hit.end;
  }
  return out + text.slice(at);
}

/** The first blocking hit, if any. */
export const blockingHit = (hits: readonly Hit[]) => hits.find((h) => h.rule.action === 'block');

/** Records hits as findings on the trace. */
export function recordHits(trace: { guardrails?: GuardrailTrace }, hits: readonly Hit[], where: GuardSide): void {
  for (const hit of hits) addFinding(trace, { rule: hit.rule.name, detector: hit.matcher.id, action: hit.rule.action, where, count: 1 });
}
