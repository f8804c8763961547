import { ErrorCode, guardrailBlocked } from '../errors.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import type { CompiledRule } from './guardrail-rules.ts';
import { textLeaves } from './json-text.ts';
import { applyRedactions, blockingHit, findHits, recordHits, redactions, type Hit } from './scan-text.ts';
import type { GuardSide } from './findings.ts';

const encoder = new TextEncoder();
/** Bodies are `Uint8Array<ArrayBuffer>`; some runtimes' typings widen what `encode` returns. */
const encode = (text: string) => encoder.encode(text) as Uint8Array<ArrayBuffer>;
const decoder = new TextDecoder();

/** Bodies of these types are scanned as plain text when they are not JSON. */
const TEXTUAL = /^text\/|json|xml|x-www-form-urlencoded|yaml/i;

/** The 400 of a block: DLP detectors and patterns → 2029/2030, word lists and moderation → 2016/2017. */
export function blockError(where: GuardSide, kind: 'dlp' | 'guardrail', rule: string, detector: string) {
  const dlp = kind === 'dlp';
  const code = where === 'request' ? (dlp ? ErrorCode.dlpBlockedRequest : ErrorCode.guardrailBlockedRequest) : dlp ? ErrorCode.dlpBlockedResponse : ErrorCode.guardrailBlockedResponse;
  return guardrailBlocked(code, `${where === 'request' ? 'prompt' : 'response'} blocked by rule '${rule}' (${detector})`);
}

export const hitBlockError = (hit: Hit, where: GuardSide) => blockError(where, hit.matcher.kind, hit.rule.name, hit.matcher.id);

/** Redacts a JSON document's prose in place; resolves whether anything changed. Throws on a block. */
function guardJson(json: unknown, rules: readonly CompiledRule[], onHits: (hits: Hit[]) => void, where: GuardSide): boolean {
  let changed = false;
  for (const leaf of textLeaves(json, 'all')) {
    const hits = findHits(leaf.text, rules);
    if (hits.length === 0) continue;
    onHits(hits);
    const blocked = blockingHit(hits);
    if (blocked) throw hitBlockError(blocked, where);
    const spans = redactions(hits);
    if (spans.length === 0) continue;
    leaf.set(applyRedactions(leaf.text, spans));
    changed = true;
  }
  return changed;
}

/** Redacts plain text; throws on a block. */
function guardPlain(text: string, rules: readonly CompiledRule[], onHits: (hits: Hit[]) => void, where: GuardSide): string {
  const hits = findHits(text, rules);
  if (hits.length === 0) return text;
  onHits(hits);
  const blocked = blockingHit(hits);
  if (blocked) throw hitBlockError(blocked, where);
  return applyRedactions(text, redactions(hits));
}

/**
 * A whole text (a buffered JSON or text response, a logged body) through the rules: JSON is
 * scanned string by string and re-serialised when something was redacted; anything else as plain
 * text. Throws the block error; resolves the text to send.
 */
export function guardWholeText(text: string, rules: readonly CompiledRule[], onHits: (hits: Hit[]) => void, where: GuardSide): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return guardPlain(text, rules, onHits, where);
  }
  return guardJson(json, rules, onHits, where) ? JSON.stringify(json) : text;
}

/**
 * The log's copy of a request body with every redact and block match replaced (flags stay): a
 * log never keeps what the provider was spared.
 */
export function scrubForLog(text: string, rules: readonly CompiledRule[]): string {
  const scrub = (t: string) => applyRedactions(t, redactions(findHits(t, rules), true));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return scrub(text);
  }
  let changed = false;
  for (const leaf of textLeaves(json, 'all')) {
    const next = scrub(leaf.text);
    if (next !== leaf.text) {
      leaf.set(next);
      changed = true;
    }
  }
  return changed ? JSON.stringify(json) : text;
}

/**
 * The request side: every string of a JSON body that may hold prose (or a textual body as a whole)
 * is scanned. A blocking match throws 400 before anything is sent; redactions rewrite `ctx.body`
 * so the provider, the cache key and the log see the placeholders, never the original.
 */
export function guardRequest(ctx: ProxyContext, rules: readonly CompiledRule[]): void {
  if (!ctx.body || ctx.body.byteLength === 0) return;
  if (rules.some((r) => r.action !== 'flag')) {
    (ctx.trace.guardrails ??= { findings: [] }).redactRequestLog = (text) => scrubForLog(text, rules);
  }
  const onHits = (hits: Hit[]) => recordHits(ctx.trace, hits, 'request');
  const json = ctx.json();
  if (json !== undefined) {
    if (!guardJson(json, rules, onHits, 'request')) return;
    ctx.body = encode(JSON.stringify(json));
    ctx.json = () => json;
    return;
  }
  if (!TEXTUAL.test(ctx.headers.get('content-type') ?? 'text/plain')) return;
  const text = decoder.decode(ctx.body);
  const redacted = guardPlain(text, rules, onHits, 'request');
  if (redacted !== text) ctx.body = encode(redacted);
}
