import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { sha256Hex } from '../crypto.ts';
import { ErrorCode, GatewayError, rateLimited, rateLimitUnavailable } from '../errors.ts';
import type { CounterValue } from './counter-store.ts';
import { counterSweeper } from './counter-sweeper.ts';
import { rateLimitSubject, type RateLimitKey } from './rate-limit-key.ts';
import { tokenUsageObserver } from './token-usage-observer.ts';
import { incrementIn, resetSeconds, retryAfterSeconds, usedIn, windowAt, type Technique, type Window } from './window.ts';

/** The limits of a gateway, when it has any. */
interface Limits {
  requests: number | undefined;
  tokens: number | undefined;
  windowMs: number;
  technique: Technique;
  key: RateLimitKey;
  failOpen: boolean;
}

function limitsOf(ctx: ProxyContext): Limits | undefined {
  const s = ctx.gateway.settings;
  const requests = s.rate_limiting_limit ?? undefined;
  const tokens = s.rate_limiting_token_limit ?? undefined;
  if (!s.rate_limiting_interval || (requests === undefined && tokens === undefined)) return undefined;
  return {
    requests,
    tokens,
    windowMs: s.rate_limiting_interval * 1000,
    technique: s.rate_limiting_technique ?? 'fixed',
    key: s.rate_limiting_key ?? 'gateway',
    failOpen: s.rate_limiting_fail === 'open',
  };
}

/** `RateLimit-*` (IETF draft, delta seconds) for one limit. */
function headersFor(limit: number, used: number, reset: number): Record<string, string> {
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(Math.max(0, Math.floor(limit - used))),
    'ratelimit-reset': String(reset),
  };
}

/**
 * Per-gateway rate limits (`rate_limiting_*` settings): a request limit enforced by one atomic
 * counter increment, and a token limit (input + output tokens from response usage) checked before
 * the call and counted after it. Counters live in storage, so every instance on one database
 * shares them. A request over a limit gets 429 code 2003 with `Retry-After`; every counted
 * request carries `RateLimit-Limit` / `-Remaining` / `-Reset` (of the request limit when there is
 * one, else of the token limit). A request is counted once even when a fallback chain runs the
 * pipeline once per step.
 */
export function rateLimitStage(deps: Pick<GatewayDeps, 'storage' | 'clock' | 'logger' | 'waitUntil'>): Stage {
  /** Requests already counted (fallback steps share the request): their headers and token window. */
  const counted = new WeakMap<Request, { headers: Headers; tokenWindow?: Window }>();
  const sweep = counterSweeper(deps);
  let lastFailureLog = Number.NEGATIVE_INFINITY;

  const storeFailed = (ctx: ProxyContext, limits: Limits, err: unknown) => {
    const now = deps.clock.now();
    if (now - lastFailureLog > 10_000) {
      lastFailureLog = now;
      deps.logger.error(`[aigw] [rate-limit] counter store failed for gateway '${ctx.gateway.id}'; failing ${limits.failOpen ? 'open' : 'closed'}`, err);
    }
    if (!limits.failOpen) throw rateLimitUnavailable(err);
  };

  /** Adds the response's tokens to the window once its body has ended (in the background). */
  const countTokens = (ctx: ProxyContext, window: Window) =>
    ctx.observers.push(
      tokenUsageObserver(ctx, (tokens) =>
        deps.waitUntil(
          Promise.resolve(deps.storage.counters.incrementCounter(incrementIn(window, tokens))).catch((err: unknown) =>
            deps.logger.error(`[aigw] [rate-limit] could not count ${tokens} tokens for gateway '${ctx.gateway.id}'`, err),
          ),
        ),
      ),
    );

  return async (ctx, next) => {
    const limits = limitsOf(ctx);
    const seen = counted.get(ctx.request);
    if (seen) {
      seen.headers.forEach((value, name) => ctx.responseHeaders.set(name, value));
      if (seen.tokenWindow) countTokens(ctx, seen.tokenWindow);
    }
    if (!limits || seen) return next();

    const headers = new Headers();
    const state: { headers: Headers; tokenWindow?: Window } = { headers };
    counted.set(ctx.request, state);
    const subject = rateLimitSubject(limits.key, ctx);
    const scope = `${ctx.gateway.id}:${limits.windowMs}:${subject === 'gateway' ? subject : (await sha256Hex(subject)).slice(0, 32)}`;
    const now = deps.clock.now();
    const requestWindow = windowAt(`rl:r:${scope}`, now, limits.windowMs, limits.technique);
    const tokenWindow = windowAt(`rl:t:${scope}`, now, limits.windowMs, limits.technique);
    sweep();

    try {
      if (limits.tokens !== undefined) {
        const [count = 0, previous = 0] = await deps.storage.counters.getCounters(tokenWindow.previous ? [tokenWindow.key, tokenWindow.previous.key] : [tokenWindow.key]);
        const value = { count, previous };
        const used = usedIn(tokenWindow, value);
        if (used >= limits.tokens) {
          throw rateLimited(`token limit of ${limits.tokens} per ${limits.windowMs / 1000} s reached`, {
            ...headersFor(limits.tokens, used, resetSeconds(tokenWindow, now)),
            'retry-after': String(retryAfterSeconds(tokenWindow, value, 1, limits.tokens, now)),
          });
        }
        if (limits.requests === undefined) setAll(headers, headersFor(limits.tokens, used, resetSeconds(tokenWindow, now)));
      }
      if (limits.requests !== undefined) {
        const accepted = await deps.storage.counters.incrementCounter(incrementIn(requestWindow, 1, limits.requests));
        if (!accepted) throw await refused(deps, requestWindow, limits.requests, now);
        setAll(headers, headersFor(limits.requests, usedIn(requestWindow, accepted), resetSeconds(requestWindow, now)));
      }
    } catch (err) {
      if (isRateLimited(err)) throw err;
      storeFailed(ctx, limits, err);
      return next();
    }

    headers.forEach((value, name) => ctx.responseHeaders.set(name, value));
    if (limits.tokens !== undefined) {
      state.tokenWindow = tokenWindow;
      countTokens(ctx, tokenWindow);
    }
    return next();
  };
}

const isRateLimited = (err: unknown) => err instanceof GatewayError && err.code === ErrorCode.rateLimited;

function setAll(headers: Headers, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) headers.set(name, value);
}

/** The 429 for a refused increment, with what the counters hold now. */
async function refused(deps: Pick<GatewayDeps, 'storage'>, window: Window, limit: number, now: number) {
  const [count = 0, previous = 0] = await deps.storage.counters.getCounters(window.previous ? [window.key, window.previous.key] : [window.key]);
  const value: CounterValue = { count, previous };
  return rateLimited(`limit of ${limit} requests per ${window.windowMs / 1000} s reached`, {
    ...headersFor(limit, Math.max(limit, usedIn(window, value)), resetSeconds(window, now)),
    'retry-after': String(retryAfterSeconds(window, value, 1, limit, now)),
  });
}
