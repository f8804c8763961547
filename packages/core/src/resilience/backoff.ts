import type { RetryPolicy } from './retry-policy.ts';

/** No single wait between attempts is longer, `Retry-After` included (the `cf-aig-retry-delay` bound). */
export const MAX_RETRY_WAIT_MS = 5000;

/** Jitter spreads waits over ±20 % so clients that failed together do not retry together. */
const JITTER = 0.2;

/**
 * The wait before retry number `retry` (1 = before the second attempt): `constant` d, `linear`
 * d × n, `exponential` d × 2^(n-1); jittered by ±20 % (`random` in [0, 1)) and capped.
 *
 * @example
 * backoffDelay({ delayMs: 100, backoff: 'exponential' }, 3, () => 0.5) // 400
 */
export function backoffDelay(policy: Pick<RetryPolicy, 'delayMs' | 'backoff'>, retry: number, random: () => number = Math.random): number {
  const factor = policy.backoff === 'constant' ? 1 : policy.backoff === 'linear' ? retry : 2 ** (retry - 1);
  const base = policy.delayMs * factor;
  return Math.round(Math.min(MAX_RETRY_WAIT_MS, base * (1 - JITTER + 2 * JITTER * random())));
}

/**
 * How long the provider asks us to wait (`retry-after-ms`, or `Retry-After` in seconds or as an
 * HTTP date), capped at `MAX_RETRY_WAIT_MS`; undefined when it does not say.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_WAIT_MS);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(seconds) ? Math.min(Math.max(0, seconds), MAX_RETRY_WAIT_MS) : undefined;
}

/** The wait before the next attempt: the backoff, or longer when the provider asked for longer. */
export function waitBeforeRetry(
  policy: Pick<RetryPolicy, 'delayMs' | 'backoff'>,
  retry: number,
  response: Response | undefined,
  now: number,
  random?: () => number,
): number {
  const backoff = backoffDelay(policy, retry, random);
  const asked = response ? retryAfterMs(response.headers, now) : undefined;
  return asked === undefined ? backoff : Math.max(backoff, asked);
}
