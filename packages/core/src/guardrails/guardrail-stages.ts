import type { GatewayDeps } from '../gateway-deps.ts';
import { GatewayError } from '../errors.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { compileRules, type CompiledRule } from './guardrail-rules.ts';
import { addFinding, dlpHeader } from './findings.ts';
import { moderate, moderationUnavailable } from './moderation.ts';
import { blockError, guardRequest, guardWholeText, hitBlockError } from './request-guard.ts';
import { recordHits, type Hit } from './scan-text.ts';
import { guardStream } from './stream-guard.ts';

export interface GuardrailParts {
  /** Requests the gateway makes to itself (the moderation hook): not guarded again. */
  isInternal(request: Request): boolean;
  markInternal(request: Request): void;
  /** Sends a request through this gateway (its Hono app). */
  selfFetch(request: Request): Promise<Response>;
}

/** Largest non-streamed response body scanned (a larger one passes unscanned, and is logged). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const HEADER = 'cf-aig-dlp';

const rulesFor = (ctx: ProxyContext, side: 'request' | 'response'): CompiledRule[] =>
  ctx.gateway.settings.guardrails?.length ? compileRules(ctx.gateway.settings.guardrails).filter((r) => r[side]) : [];

function setHeader(ctx: ProxyContext): void {
  const value = dlpHeader(ctx.trace.guardrails?.findings ?? []);
  if (value) ctx.responseHeaders.set(HEADER, value);
}

/**
 * Guardrails and DLP (`guardrails`, `guardrails_moderation` settings), as two stages.
 *
 * `request` sits before the cache, so blocked prompts never reach it and redacted prompts are what
 * it keys on and stores: rules run over the prompt (block → 400, redact → placeholders), then the
 * moderation hook.
 *
 * `response` sits last before the upstream call, so the cache stores (and logs keep) what the
 * rules let through: a JSON or text answer is scanned whole (block → 400 code 2017/2030, nothing
 * cached), a stream is scanned as it flows with only a short tail held back (see `guardStream`).
 * Findings go on `ctx.trace.guardrails` (the log) and in the `cf-aig-dlp` header (for streams,
 * request-side findings only: response headers leave before the stream is scanned).
 */
export function guardrailStages(deps: Pick<GatewayDeps, 'logger'>, parts: GuardrailParts): { request: Stage; response: Stage } {
  const runModeration = async (ctx: ProxyContext) => {
    const settings = ctx.gateway.settings.guardrails_moderation;
    if (!settings) return;
    const text = ctx.json() === undefined ? '' : collectText(ctx.json());
    if (!text) return;
    let verdict;
    try {
      verdict = await moderate(ctx, settings, text, parts.selfFetch, parts.markInternal);
    } catch (err) {
      if (err instanceof GatewayError && err.status === 499) throw err;
      const why = err instanceof Error ? err.message : String(err);
      deps.logger.error(`[aigw] [guardrails] moderation hook failed for gateway '${ctx.gateway.id}' (failing ${settings.fail ?? 'closed'})`, err);
      addFinding(ctx.trace, { rule: 'moderation', detector: 'moderation:error', action: 'flag', where: 'request', count: 1 });
      if ((settings.fail ?? 'closed') === 'closed') throw moderationUnavailable(why);
      return;
    }
    if (!verdict.flagged) return;
    const action = settings.action ?? 'block';
    const detector = verdict.categories.length ? `moderation:${verdict.categories.join(',')}` : 'moderation';
    addFinding(ctx.trace, { rule: 'moderation', detector, action, where: 'request', count: 1 });
    if (action === 'block') throw blockError('request', 'guardrail', 'moderation', detector);
  };

  const request: Stage = async (ctx, next) => {
    if (parts.isInternal(ctx.request)) return next();
    try {
      const rules = rulesFor(ctx, 'request');
      if (rules.length) guardRequest(ctx, rules);
      await runModeration(ctx);
    } finally {
      setHeader(ctx);
    }
    return next();
  };

  const response: Stage = async (ctx, next) => {
    if (parts.isInternal(ctx.request)) return next();
    const rules = rulesFor(ctx, 'response');
    if (rules.length === 0) return next();
    const upstream = await next();
    if (upstream.status >= 400 || !upstream.body) return upstream;
    const type = upstream.headers.get('content-type') ?? '';
    const headers = new Headers(upstream.headers);
    headers.delete('content-length');
    const onHits = (hits: Hit[]) => recordHits(ctx.trace, hits, 'response');

    if (type.includes('text/event-stream') || (/^text\//.test(type) && !upstream.headers.has('content-length'))) {
      const body = guardStream(upstream.body, {
        rules,
        sse: type.includes('text/event-stream'),
        onHits,
        onBlock(hit) {
          const error = hitBlockError(hit, 'response');
          ctx.trace.error = error;
          const streamError = ctx.provider.streamError;
          const lastWords = type.includes('text/event-stream')
            ? (streamError?.(error.message) ?? `event: error\ndata: ${JSON.stringify({ error: { code: error.code, message: error.message } })}\n\n`)
            : undefined;
          return { lastWords, error };
        },
      });
      return new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
    }
    if (!/json|^text\//i.test(type)) return upstream;
    if (Number(upstream.headers.get('content-length') ?? 0) > MAX_BUFFERED_BYTES) {
      deps.logger.error(`[aigw] [guardrails] a response over ${MAX_BUFFERED_BYTES} bytes passed unscanned (gateway '${ctx.gateway.id}')`);
      return upstream;
    }
    const text = await upstream.text();
    try {
      const guarded = guardWholeText(text, rules, onHits, 'response');
      return new Response(guarded, { status: upstream.status, statusText: upstream.statusText, headers });
    } finally {
      setHeader(ctx);
    }
  };

  return { request, response };
}

/** The prose of a request for the moderation hook: its message texts, joined. */
function collectText(json: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === 'string') {
      if (key === 'content' || key === 'text' || key === 'prompt' || key === 'input' || key === 'system') parts.push(node);
      return;
    }
    if (Array.isArray(node)) for (const item of node) walk(item, key);
    else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(json);
  return parts.join('\n');
}
