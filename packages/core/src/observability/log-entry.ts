import type { ProxyContext } from '../pipeline/context.ts';
import type { MetadataValue } from '../pipeline/request-options.ts';
import type { Usage } from '../providers/types.ts';
import type { StoredLog } from './log-store.ts';
import { decodeCapped } from './body-capture.ts';
import { redact, redactMaybe } from './redact.ts';

/** Largest part of each body kept in a log (the rest is cut and `…_truncated` set). */
export const MAX_LOGGED_BODY_BYTES = 1024 * 1024;
const MAX_HEADER_FIELD = 512;

/** How a request ended, as the response watcher saw it. */
export interface RequestEnd {
  status: number;
  responseContentType: string | null;
  responseSize: number;
  /** The captured response body, when payloads are logged and it is text. */
  responseBody: { text: string; truncated: boolean } | null;
  durationMs: number;
  usage: Usage | undefined;
  cost: number | null;
  /** The gateway error code the request ended with (2106: client went away, 2005: stream broke off). */
  errorCode: number | null;
}

/** Bodies of these types are kept as text; others (audio, images, multipart) are not logged. */
export function isTextual(contentType: string | null): boolean {
  if (!contentType) return true;
  return /json|^text\/|xml|x-www-form-urlencoded|javascript|event-stream|yaml/i.test(contentType);
}

/** The client's address as reported by a proxy in front (Cloudflare, nginx, load balancers). */
export function clientIp(headers: Headers): string | null {
  const direct = headers.get('cf-connecting-ip') ?? headers.get('x-real-ip');
  if (direct) return direct.trim().slice(0, 64);
  const forwarded = headers.get('x-forwarded-for');
  return forwarded ? (forwarded.split(',')[0] ?? '').trim().slice(0, 64) || null : null;
}

const round = (ms: number) => Math.max(0, Math.round(ms));

/**
 * Builds a log row from a finished request. Every string that could echo a credential (bodies,
 * metadata, event id, user agent) is redacted with `secrets` here, before the row is queued.
 */
export function buildLogEntry(
  ctx: ProxyContext,
  id: string,
  end: RequestEnd,
  secrets: readonly string[],
  requestBody: Uint8Array | undefined,
): StoredLog {
  const payload = ctx.options.collectLogPayload;
  // The upstream copy of the client's headers (minus hop-by-hop and cf-aig-*): cheaper to read.
  const headers = ctx.headers;
  const requestType = headers.get('content-type');
  const request = payload && requestBody && isTextual(requestType) ? decodeCapped(requestBody, MAX_LOGGED_BODY_BYTES) : null;
  // Guardrails redacted the prompt upstream: the log keeps it redacted too.
  const scrub = ctx.trace.guardrails?.redactRequestLog ?? ((text: string) => text);
  const success = end.errorCode === null && end.status < 400;
  const cut = (v: string | null) => redactMaybe(v === null ? null : v.slice(0, MAX_HEADER_FIELD), secrets);
  return {
    id,
    created_at: new Date(ctx.receivedAt).toISOString(),
    account: ctx.account,
    gateway: ctx.gateway.id,
    provider: ctx.provider.id,
    model: cut(ctx.model() ?? null),
    method: ctx.method,
    path: redact(ctx.url.pathname, secrets),
    status_code: end.status,
    success,
    cached: ctx.trace.cached !== undefined,
    cache_type: ctx.trace.cached ?? null,
    step: ctx.trace.step ?? null,
    attempts: ctx.trace.attempts,
    duration: round(end.durationMs),
    ttfb: ctx.trace.ttfbMs === undefined ? null : round(ctx.trace.ttfbMs),
    tokens_in: end.usage?.tokensIn ?? null,
    tokens_out: end.usage?.tokensOut ?? null,
    cached_tokens_in: end.usage?.cachedTokensIn ?? null,
    cost: end.cost,
    custom_cost: ctx.options.customCost !== undefined,
    metadata: redactMetadata(ctx.options.metadata, secrets),
    event_id: redactMaybe(ctx.options.eventId ?? null, secrets),
    feedback: null,
    score: null,
    request_size: requestBody?.byteLength ?? 0,
    response_size: end.responseSize,
    request_content_type: cut(requestType),
    response_content_type: cut(end.responseContentType),
    user_agent: cut(headers.get('user-agent')),
    client_ip: clientIp(headers),
    error_code: end.errorCode,
    payload,
    request_truncated: request?.truncated ?? false,
    response_truncated: end.responseBody?.truncated ?? false,
    gateway_token: ctx.trace.gatewayToken?.id ?? null,
    guardrails: ctx.trace.guardrails?.findings.length ? ctx.trace.guardrails.findings.map((f) => ({ ...f })) : null,
    request_body: request ? redact(scrub(request.text), secrets) : null,
    response_body: end.responseBody ? redact(end.responseBody.text, secrets) : null,
  };
}

function redactMetadata(metadata: Record<string, MetadataValue> | undefined, secrets: readonly string[]): Record<string, MetadataValue> | null {
  if (!metadata) return null;
  if (secrets.length === 0) return { ...metadata };
  const out: Record<string, MetadataValue> = {};
  for (const [k, v] of Object.entries(metadata)) out[redact(k, secrets)] = typeof v === 'string' ? redact(v, secrets) : v;
  return out;
}
