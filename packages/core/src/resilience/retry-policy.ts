import type { EffectiveSettings } from '../gateway-resolver.ts';
import type { Backoff, RequestOptions } from '../pipeline/request-options.ts';

/** How one upstream call is retried and timed out. */
export interface RetryPolicy {
  /** Attempts in total, 1–5. */
  maxAttempts: number;
  /** Base delay between attempts, ms (0–5000). */
  delayMs: number;
  backoff: Backoff;
  /** Time allowed until the upstream's response headers arrive; undefined = the runtime's own. */
  timeoutMs: number | undefined;
}

/** Per-request overrides (`cf-aig-*` headers, or a fallback step's `config`). */
export type RetryOverrides = Pick<RequestOptions, 'maxAttempts' | 'retryDelay' | 'backoff' | 'requestTimeout'>;

/**
 * The policy of one call: the request's `cf-aig-*` values win over the gateway's settings; a
 * fallback step merges its own config over the request's before calling this.
 */
export function retryPolicyFor(options: RetryOverrides, settings: Partial<EffectiveSettings>): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? settings.retry_max_attempts ?? 1,
    delayMs: options.retryDelay ?? settings.retry_delay ?? 0,
    backoff: options.backoff ?? settings.retry_backoff ?? 'constant',
    timeoutMs: options.requestTimeout ?? (settings.request_timeout || undefined),
  };
}

/** Statuses worth another attempt or the next fallback step: 408, 409, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
