import { describe, expect, it } from 'vitest';
import { MAX_RETRY_WAIT_MS, backoffDelay, retryAfterMs, waitBeforeRetry } from './backoff.ts';

const mid = () => 0.5;

describe('backoffDelay', () => {
  it('grows constant, linear and exponential as documented', () => {
    const waits = (backoff: 'constant' | 'linear' | 'exponential') => [1, 2, 3, 4].map((n) => backoffDelay({ delayMs: 100, backoff }, n, mid));
    expect(waits('constant')).toEqual([100, 100, 100, 100]);
    expect(waits('linear')).toEqual([100, 200, 300, 400]);
    expect(waits('exponential')).toEqual([100, 200, 400, 800]);
  });

  it('jitters within ±20 % and never waits longer than the bound', () => {
    expect(backoffDelay({ delayMs: 1000, backoff: 'constant' }, 1, () => 0)).toBe(800);
    expect(backoffDelay({ delayMs: 1000, backoff: 'constant' }, 1, () => 0.999999)).toBe(1200);
    expect(backoffDelay({ delayMs: 4000, backoff: 'exponential' }, 4, () => 0.9)).toBe(MAX_RETRY_WAIT_MS);
    expect(backoffDelay({ delayMs: 0, backoff: 'exponential' }, 3, () => 0.9)).toBe(0);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads seconds, an HTTP date and retry-after-ms, capped', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': '120' }), now)).toBe(MAX_RETRY_WAIT_MS);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:03 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '4' }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('waits the longer of the backoff and what the provider asked for', () => {
    const policy = { delayMs: 100, backoff: 'constant' as const };
    expect(waitBeforeRetry(policy, 1, new Response(null, { status: 429, headers: { 'retry-after': '1' } }), now, mid)).toBe(1000);
    expect(waitBeforeRetry({ delayMs: 3000, backoff: 'constant' }, 1, new Response(null, { headers: { 'retry-after': '1' } }), now, mid)).toBe(3000);
    expect(waitBeforeRetry(policy, 1, undefined, now, mid)).toBe(100);
  });
});
