import { GatewayError, upstreamUnreachable } from '../errors.ts';
import { clientResponseHeaders } from '../proxy/headers.ts';
import type { Dispatch, ProxyContext } from './context.ts';

/** The client went away before the provider answered. */
export const clientClosed = (cause: unknown) => new GatewayError(2106, 499, '[aigw] client closed the request', { cause });

/**
 * One upstream call: sends the context's request with `fetch` and returns the provider's response
 * with mutable, client-ready headers and its body still streaming.
 */
export function fetchUpstream(fetch: typeof globalThis.fetch, ctx: ProxyContext, signal: AbortSignal = ctx.signal): Promise<Response> {
  const started = performance.now();
  ctx.trace.attempts++;
  return fetch(ctx.url, { method: ctx.method, headers: ctx.headers, body: ctx.body, signal, redirect: 'manual' }).then(
    (upstream) => {
      const waited = performance.now() - started;
      ctx.upstreamWaitMs += waited;
      ctx.trace.ttfbMs = performance.now() - ctx.startedAt;
      return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: clientResponseHeaders(upstream.headers) });
    },
    (err: unknown) => {
      ctx.upstreamWaitMs += performance.now() - started;
      if (ctx.signal.aborted) throw clientClosed(err);
      if (err instanceof GatewayError) throw err;
      throw upstreamUnreachable(ctx.provider.id, err);
    },
  );
}

/** Dispatch with a single attempt; the resilience stage replaces it with retries and timeouts. */
export const singleAttempt = (fetch: typeof globalThis.fetch): Dispatch => (ctx) => fetchUpstream(fetch, ctx);
