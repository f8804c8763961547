import { GatewayError, upstreamUnreachable } from '../errors.ts';
import { clientResponseHeaders } from '../proxy/headers.ts';
import type { Dispatch, ProxyContext } from './context.ts';
import { bytesResponse, isBufferable, readWhole, responseBytes } from './bytes-response.ts';

/** The client went away before the provider answered. */
export const clientClosed = (cause: unknown) => new GatewayError(2106, 499, '[aigw] client closed the request', { cause });

/**
 * One upstream call: sends the context's request with `fetch` and returns the provider's response
 * with mutable, client-ready headers. A JSON body is read whole (see `bytes-response.ts`); any
 * other body is still streaming.
 */
export async function fetchUpstream(fetch: typeof globalThis.fetch, ctx: ProxyContext, signal: AbortSignal = ctx.signal): Promise<Response> {
  const started = performance.now();
  ctx.trace.attempts++;
  try {
    const upstream = await fetch(ctx.url, { method: ctx.method, headers: ctx.headers, body: ctx.body, signal, redirect: 'manual' });
    ctx.trace.ttfbMs = performance.now() - ctx.startedAt;
    const init = { status: upstream.status, headers: clientResponseHeaders(upstream.headers) };
    const known = responseBytes(upstream);
    if (known) return bytesResponse(known, init);
    if (!upstream.body || !isBufferable(upstream.headers)) return new Response(upstream.body, { ...init, statusText: upstream.statusText });
    const body = await readWhole(upstream.body);
    return body instanceof Uint8Array ? bytesResponse(body, init) : new Response(body, init);
  } catch (err) {
    if (ctx.signal.aborted) throw clientClosed(err);
    if (err instanceof GatewayError) throw err;
    throw upstreamUnreachable(ctx.provider.id, err);
  } finally {
    ctx.upstreamWaitMs += performance.now() - started;
  }
}

/** Dispatch with a single attempt; the resilience stage replaces it with retries and timeouts. */
export const singleAttempt = (fetch: typeof globalThis.fetch): Dispatch => (ctx) => fetchUpstream(fetch, ctx);
