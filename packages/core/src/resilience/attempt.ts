import type { Clock } from '../clock.ts';
import { upstreamTimeout } from '../errors.ts';
import { fetchUpstream } from '../pipeline/dispatch.ts';
import type { ProxyContext } from '../pipeline/context.ts';

/**
 * One upstream call with a timeout to its response headers ("first byte"; a JSON body, read whole
 * with the headers, counts too). Once the response is in, the timer is gone: a started stream is
 * never cut by it. The call has its own abort signal,
 * linked to the client's, so a timeout aborts this call only and a client that leaves aborts it
 * (and its body) at any time.
 */
export async function attemptWithTimeout(fetch: typeof globalThis.fetch, clock: Clock, ctx: ProxyContext, timeoutMs: number | undefined): Promise<Response> {
  if (timeoutMs === undefined) return fetchUpstream(fetch, ctx);
  const call = new AbortController();
  const onClientAbort = () => call.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onClientAbort();
  else ctx.signal.addEventListener('abort', onClientAbort, { once: true });

  const timer = new AbortController();
  let timedOut = false;
  const timeout = clock.sleep(timeoutMs, timer.signal).then(
    () => {
      timedOut = true;
      call.abort(upstreamTimeout(ctx.provider.id, timeoutMs));
      throw upstreamTimeout(ctx.provider.id, timeoutMs);
    },
    // Cancelled because the headers came first: this branch must never settle the race.
    () => new Promise<never>(() => {}),
  );
  const response = fetchUpstream(fetch, ctx, call.signal);
  try {
    return await Promise.race([response, timeout]);
  } catch (err) {
    if (timedOut && !ctx.signal.aborted) throw upstreamTimeout(ctx.provider.id, timeoutMs);
    throw err;
  } finally {
    timer.abort();
    // The losing call rejects later with the abort; that is expected, not unhandled.
    response.catch(() => undefined);
  }
}
