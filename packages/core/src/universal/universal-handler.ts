import type { Context } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { GatewayError } from '../errors.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import { finishResponse, parseProxyUrl, resolveRequestGateway } from '../proxy/passthrough.ts';
import { readBody } from '../proxy/read-body.ts';
import { isRetryableStatus } from '../resilience/retry-policy.ts';
import { prepareStep, stepContext } from './step-context.ts';
import { parseSteps } from './steps.ts';
import { endWithErrorEvent } from './stream-error.ts';

/**
 * `POST /v1/{account}/{gateway}`: a fallback chain (SPEC §3.2). The whole chain is validated
 * before anything is sent. Each step then runs through the same stages as a passthrough request
 * (logs, cache, limits, …) around the retrying dispatch, wrapped in a circuit breaker: one log
 * entry per step that ran, rate limits counted once per client request. A step fails on a network
 * error, a timeout to first byte, a retryable status (408, 409, 429, 5xx) or a cooling-down
 * target; the first step that does not fail answers, with `cf-aig-step: N` (0-based). When all
 * fail, the last one's response (or error) is returned as it is.
 */
export function universalHandler(deps: GatewayDeps, run: (ctx: ProxyContext) => Promise<Response>) {
  return async (c: Context): Promise<Response> => {
    const startedAt = performance.now();
    const request = c.req.raw;
    const { account, gateway: gatewayId } = parseProxyUrl(request.url);
    const gateway = await resolveRequestGateway(deps, account, gatewayId);
    // The request's own cf-aig-* headers apply to every step: a bad one is reported as the request's.
    parseRequestOptions(request.headers);
    const body = await readBody(request, deps.config.maxBodyBytes);
    const steps = parseSteps(body, deps.providers).map((step, i) => prepareStep(step, request.headers, account, i));

    let upstreamWaitMs = 0;
    for (let i = 0; ; i++) {
      const ctx = stepContext(deps, request, account, gateway, steps[i]!, i);
      const last = i === steps.length - 1;
      let response: Response;
      let failed: boolean;
      try {
        response = await run(ctx);
        failed = isRetryableStatus(response.status);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        ctx.trace.error = err;
        response = err.toResponse();
        failed = err.isRetryable;
      }
      upstreamWaitMs += ctx.upstreamWaitMs;
      if (failed && !last && !request.signal.aborted) {
        // Read to the end so the step's observers (its log entry) see the whole failure.
        await finishResponse(ctx, response).arrayBuffer().catch(() => undefined);
        continue;
      }
      return answer(ctx, response, failed ? undefined : i, startedAt, upstreamWaitMs);
    }
  };
}

/** The client's response: the step's, with `cf-aig-step`, the chain's overhead, and stream-error ending. */
function answer(ctx: ProxyContext, response: Response, step: number | undefined, startedAt: number, upstreamWaitMs: number): Response {
  if (step !== undefined) ctx.responseHeaders.set('cf-aig-step', String(step));
  const finished = finishResponse(ctx, response);
  finished.headers.set('aigw-overhead-ms', (performance.now() - startedAt - upstreamWaitMs).toFixed(3));
  const streamError = ctx.provider.streamError;
  const isStream = finished.headers.get('content-type')?.includes('text/event-stream');
  if (!streamError || !isStream || !finished.body) return finished;
  return new Response(endWithErrorEvent(finished.body, streamError), { status: finished.status, statusText: finished.statusText, headers: finished.headers });
}
