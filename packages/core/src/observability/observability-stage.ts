import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { GatewayError } from '../errors.ts';
import type { PriceBook } from './cost.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { LogQueue } from './log-queue.ts';
import { buildLogEntry } from './log-entry.ts';
import { operationName, type OtlpExporter } from './otlp.ts';
import { collectSecrets, redactMaybe } from './redact.ts';
import { ResponseWatcher, type WatchedResponse } from './response-watcher.ts';
import { sseEventFilter } from './sse.ts';
import { utf8 } from '../crypto.ts';

export interface ObservabilityParts {
  queue: LogQueue;
  metrics: GatewayMetrics;
  prices: PriceBook;
  otlp: OtlpExporter;
}

const encoder = new TextEncoder();
const USAGE_BYTES = encoder.encode('usage');

/**
 * The outermost stage: gives the request its log id, asks streams for usage, and watches the
 * response. When the body has ended it records metrics, queues the log row and the analytics
 * sample, and exports a span when the gateway has an OTLP endpoint. Nothing here waits on storage.
 */
export function observabilityStage(deps: GatewayDeps, parts: ObservabilityParts): Stage {
  return async (ctx, next) => {
    const collect = ctx.options.collectLog ?? ctx.gateway.settings.collect_logs ?? true;
    const logId = collect ? deps.ids.uuid() : undefined;
    if (logId) ctx.responseHeaders.set('cf-aig-log-id', logId);
    if (ctx.options.eventId) ctx.responseHeaders.set('cf-aig-event-id', ctx.options.eventId);
    const requestBody = ctx.body;
    askStreamForUsage(ctx);
    const logBody = logId !== undefined && ctx.options.collectLogPayload;
    const watcher = new ResponseWatcher(ctx, parts.prices, logBody, (result) => finish(ctx, parts, logId, requestBody, result));
    ctx.observers.unshift(watcher);
    try {
      return await next();
    } catch (err) {
      if (!(err instanceof GatewayError)) watcher.crashed();
      throw err;
    }
  };
}

/**
 * When the provider's streams report usage only on request and the client did not ask, asks for it
 * and removes the extra event from what this client receives.
 */
function askStreamForUsage(ctx: ProxyContext): void {
  const option = ctx.provider.streamUsage;
  if (!option) return;
  const body = option.request({ path: ctx.url.pathname, body: ctx.json(), query: ctx.url.searchParams });
  if (!body) return;
  ctx.body = utf8(JSON.stringify(body));
  ctx.json = () => body;
  const isUsageOnly = (data: string) => {
    if (!data.includes('usage')) return false;
    try {
      return option.isUsageOnlyEvent(JSON.parse(data));
    } catch {
      return false;
    }
  };
  (ctx.clientFilters ??= []).push((response) =>
    (response.headers.get('content-type') ?? '').includes('text/event-stream') ? sseEventFilter(isUsageOnly, USAGE_BYTES) : undefined,
  );
}

function finish(ctx: ProxyContext, parts: ObservabilityParts, logId: string | undefined, requestBody: Uint8Array | undefined, end: WatchedResponse): void {
  const model = ctx.model() ?? null;
  const gateway = ctx.gateway.id;
  const provider = ctx.provider.id;
  parts.metrics.record({
    gateway,
    provider,
    model,
    status: end.status,
    cacheStatus: end.cacheStatus,
    usage: end.usage,
    cost: end.cost,
    overheadMs: end.overheadMs,
    upstreamMs: ctx.trace.attempts > 0 ? ctx.upstreamWaitMs : undefined,
    durationMs: end.durationMs,
    errorCode: end.errorCode,
    attempts: ctx.trace.attempts,
    streamFailed: end.streamFailed,
  });

  const success = end.errorCode === null && end.status < 400;
  const cached = ctx.trace.cached !== undefined;
  const stat = {
    gateway,
    provider,
    model,
    at: ctx.receivedAt,
    success,
    cached,
    tokensIn: end.usage?.tokensIn ?? null,
    tokensOut: end.usage?.tokensOut ?? null,
    cachedTokensIn: end.usage?.cachedTokensIn ?? null,
    cost: end.cost,
    duration: Math.max(0, Math.round(end.durationMs)),
  };
  const settings = ctx.gateway.settings;
  const endpoint = settings.otlp_endpoint;
  // The upstream headers and URL hold every credential the client sent (and any the gateway
  // injected); `cf-aig-authorization` was parsed into the options. The client's own Request is
  // not read: some servers (Node's) build its headers lazily and slowly.
  const secrets = logId || endpoint ? collectSecrets(ctx.provider, [{ headers: ctx.headers, url: ctx.url, values: [ctx.options.gatewayToken] }]) : [];
  if (logId) {
    const log = buildLogEntry(ctx, logId, end, secrets, requestBody);
    const limit = typeof settings.log_management === 'number' ? { max: settings.log_management, strategy: settings.log_management_strategy ?? 'STOP_INSERTING' } : undefined;
    const bytes = 1024 + (log.request_body?.length ?? 0) + (log.response_body?.length ?? 0);
    parts.queue.enqueue({ log, stat, limit, bytes });
  } else {
    parts.queue.enqueue({ stat, bytes: 256 });
  }

  if (endpoint) {
    const operation = operationName(ctx.url.pathname);
    parts.otlp.export(
      { endpoint, ...(settings.otlp_headers ? { headers: settings.otlp_headers } : {}) },
      {
        name: model ? `${operation} ${model}` : operation,
        startMs: ctx.receivedAt,
        endMs: ctx.receivedAt + end.durationMs,
        traceparent: ctx.headers.get('traceparent'),
        error: !success,
        attributes: {
          'gen_ai.operation.name': operation,
          'gen_ai.provider.name': provider,
          'gen_ai.system': provider,
          'gen_ai.request.model': model,
          'gen_ai.usage.input_tokens': end.usage?.tokensIn,
          'gen_ai.usage.output_tokens': end.usage?.tokensOut,
          'http.response.status_code': end.status,
          'error.type': success ? undefined : String(end.errorCode ?? end.status),
          'aigw.gateway': gateway,
          'aigw.log_id': logId,
          'aigw.event_id': redactMaybe(ctx.options.eventId ?? null, secrets) ?? undefined,
          'aigw.cost_usd': end.cost,
          'aigw.cached': cached,
          'aigw.attempts': ctx.trace.attempts,
        },
      },
    );
  }
}
