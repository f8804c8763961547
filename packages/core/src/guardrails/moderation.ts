import * as v from 'valibot';
import { ErrorCode, GatewayError } from '../errors.ts';
import type { ProxyContext } from '../pipeline/context.ts';

/**
 * The optional moderation hook of a gateway (`guardrails_moderation` setting): each request's text
 * is classified by a model called through this same gateway (so its logs, keys and limits apply).
 * `llama_guard`: a chat model answering `safe` or `unsafe\nS1,S2` (Llama Guard's convention),
 * reached through the unified API. `openai_moderation`: an OpenAI-style `/moderations` endpoint.
 */
export const ModerationSettingsSchema = v.strictObject({
  provider: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  model: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  format: v.optional(v.picklist(['llama_guard', 'openai_moderation'])),
  /** `block` (default): a flagged request gets 400 code 2016. `flag`: recorded only. */
  action: v.optional(v.picklist(['block', 'flag'])),
  /** When the hook fails (error, timeout): `closed` (default) refuses with 503 code 2132, `open` lets the request through. */
  fail: v.optional(v.picklist(['open', 'closed'])),
  timeout_ms: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000))),
  /** Stored-key alias for the moderation provider. */
  byok_alias: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/))),
});

export type ModerationSettings = v.InferOutput<typeof ModerationSettingsSchema>;

/** The verdict of the hook. */
export interface Verdict {
  flagged: boolean;
  categories: string[];
}

/** Longest text sent to the classifier. */
const MAX_TEXT = 32_000;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function requestFor(ctx: ProxyContext, settings: ModerationSettings, text: string): { path: string; body: unknown } {
  const input = text.slice(0, MAX_TEXT);
  if (settings.format === 'openai_moderation') {
    return { path: `/v1/${ctx.account}/${ctx.gateway.id}/${encodeURIComponent(settings.provider)}/moderations`, body: { model: settings.model, input } };
  }
  return {
    path: `/v1/${ctx.account}/${ctx.gateway.id}/compat/chat/completions`,
    body: { model: `${settings.provider}/${settings.model}`, messages: [{ role: 'user', content: input }], max_tokens: 32, temperature: 0 },
  };
}

function verdictOf(settings: ModerationSettings, body: unknown): Verdict {
  if (settings.format === 'openai_moderation') {
    const result = isObject(body) && Array.isArray(body.results) ? body.results[0] : undefined;
    if (!isObject(result) || typeof result.flagged !== 'boolean') throw new Error('no results[0].flagged in the moderation answer');
    const categories = isObject(result.categories) ? Object.entries(result.categories).filter(([, on]) => on === true).map(([k]) => k) : [];
    return { flagged: result.flagged, categories };
  }
  const choice = isObject(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  const content = isObject(choice) && isObject(choice.message) ? choice.message.content : undefined;
  if (typeof content !== 'string') throw new Error('no choices[0].message.content in the classifier answer');
  const [first = '', second = ''] = content.trim().split(/\r?\n/);
  const label = first.trim().toLowerCase();
  if (label !== 'safe' && label !== 'unsafe') throw new Error(`the classifier answered '${first.slice(0, 40)}', expected safe or unsafe`);
  return { flagged: label === 'unsafe', categories: second.split(',').map((c) => c.trim()).filter(Boolean) };
}

/**
 * Asks the configured classifier about `text` through the gateway itself (`selfFetch`, marked as
 * internal by `markInternal` so it needs no gateway token and skips guardrails). Throws a plain
 * Error when the hook fails, for the caller to fail open or closed.
 */
export async function moderate(
  ctx: ProxyContext,
  settings: ModerationSettings,
  text: string,
  selfFetch: (request: Request) => Promise<Response>,
  markInternal: (request: Request) => void,
): Promise<Verdict> {
  const { path, body } = requestFor(ctx, settings, text);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cf-aig-request-timeout': String(settings.timeout_ms ?? 10_000),
    'cf-aig-metadata': JSON.stringify({ aigw_hook: 'moderation' }),
  };
  if (settings.byok_alias) headers['cf-aig-byok-alias'] = settings.byok_alias;
  const request = new Request(new URL(path, 'http://aigw.internal'), { method: 'POST', headers, body: JSON.stringify(body), signal: ctx.signal });
  markInternal(request);
  const response = await selfFetch(request);
  const answer = await response.text();
  if (!response.ok) throw new Error(`the moderation call answered ${response.status}: ${answer.slice(0, 200)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    throw new Error('the moderation answer is not JSON');
  }
  return verdictOf(settings, parsed);
}

/** The hook failed and fails closed. */
export const moderationUnavailable = (why: string) =>
  new GatewayError(ErrorCode.moderationUnavailable, 503, `[aigw] [guardrails] the moderation hook failed (guardrails_moderation.fail: closed): ${why}`);
