import type { Context } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { Stage } from '../pipeline/context.ts';
import { isAdminAuthorized } from '../admin/admin-token.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import { PriceBook } from './cost.ts';
import { GatewayMetrics } from './gateway-metrics.ts';
import { LogQueue, type LogQueueOptions } from './log-queue.ts';
import { observabilityStage } from './observability-stage.ts';
import { OtlpExporter } from './otlp.ts';

/** Logs, usage, cost, metrics and traces of one gateway process. */
export interface Observability {
  /** The outermost pipeline stage. */
  stage: Stage;
  metrics: GatewayMetrics;
  queue: LogQueue;
  /** `GET /metrics`: admin token required unless `AIGW_METRICS_PUBLIC=true`. */
  metricsHandler(tokenHash: () => Promise<string>): (c: Context) => Promise<Response>;
  /** Writes every queued log and span; called by `gateway.close()` before storage closes. */
  flush(): Promise<void>;
}

function positive(env: GatewayDeps['env'], name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`[aigw] [config] ${name} must be a positive integer`);
  return n;
}

/** The log queue's settings from `AIGW_LOG_BATCH_SIZE`, `AIGW_LOG_FLUSH_MS`, `AIGW_LOG_QUEUE_MAX`. */
export function logQueueOptions(env: GatewayDeps['env']): LogQueueOptions {
  const options: LogQueueOptions = {};
  const batch = positive(env, 'AIGW_LOG_BATCH_SIZE');
  const flush = positive(env, 'AIGW_LOG_FLUSH_MS');
  const max = positive(env, 'AIGW_LOG_QUEUE_MAX');
  if (batch) options.batchSize = batch;
  if (flush) options.flushIntervalMs = flush;
  if (max) options.maxQueued = max;
  return options;
}

/**
 * Builds the observability parts from the gateway's dependencies.
 *
 * @example
 * const observability = createObservability(deps);
 * const stages = [observability.stage, …];
 * app.get('/metrics', observability.metricsHandler(() => adminTokenHash));
 */
export function createObservability(deps: GatewayDeps): Observability {
  let metrics: GatewayMetrics | undefined;
  const queue = new LogQueue(
    () => deps.storage.logs,
    deps.clock,
    deps.logger,
    (p) => deps.waitUntil(p),
    {
      dropped: (reason, count) => metrics?.logsDropped.inc([reason], count),
      written: (count) => metrics?.logsWritten.inc([], count),
    },
    logQueueOptions(deps.env),
  );
  metrics = new GatewayMetrics(queue);
  const otlp = new OtlpExporter(deps.fetch, deps.clock, deps.logger, (p) => deps.waitUntil(p));
  const prices = new PriceBook();
  const isPublic = deps.env.AIGW_METRICS_PUBLIC === 'true';
  const registry = metrics.registry;

  return {
    stage: observabilityStage(deps, { queue, metrics, prices, otlp }),
    metrics,
    queue,
    metricsHandler: (tokenHash) => async (c) => {
      if (!isPublic && !(await isAdminAuthorized(c.req.header('authorization'), await tokenHash()))) {
        throw new GatewayError(ErrorCode.unauthorized, 401, '[aigw] [metrics] missing or wrong admin token (or set AIGW_METRICS_PUBLIC=true)', {
          headers: { 'www-authenticate': 'Bearer' },
        });
      }
      return new Response(registry.render(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
    },
    flush: async () => {
      await Promise.all([queue.flush(), otlp.flush()]);
    },
  };
}
