import type { GatewayDeps } from '../gateway-deps.ts';
import { GatewayError } from '../errors.ts';
import { clientClosed } from '../pipeline/dispatch.ts';
import type { Dispatch } from '../pipeline/context.ts';
import { attemptWithTimeout } from './attempt.ts';
import { waitBeforeRetry } from './backoff.ts';
import { discardBody } from './discard-body.ts';
import { isRetryableStatus, retryPolicyFor } from './retry-policy.ts';

/**
 * The innermost step of the pipeline: calls the provider, retrying what may succeed next time
 * (network errors, timeouts to first byte, 408/409/429/5xx) up to the policy's attempts, waiting
 * per its backoff and the provider's `Retry-After` (through the injected clock). Nothing is retried
 * once a response has been handed on (its first byte may be with the client), nor after the
 * client left. When every attempt fails, the last upstream response is returned unchanged, or the
 * last error (502/504, code 2005) is thrown.
 */
export function resilientDispatch(deps: Pick<GatewayDeps, 'fetch' | 'clock'>, random: () => number = Math.random): Dispatch {
  return async (ctx) => {
    const policy = retryPolicyFor(ctx.options, ctx.gateway.settings);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= policy.maxAttempts;
      let response: Response | undefined;
      try {
        response = await attemptWithTimeout(deps.fetch, deps.clock, ctx, policy.timeoutMs);
      } catch (err) {
        if (last || !(err instanceof GatewayError) || !err.isRetryable || ctx.signal.aborted) throw err;
      }
      if (response && (last || !isRetryableStatus(response.status))) return response;
      if (response) await discardBody(response);
      const wait = waitBeforeRetry(policy, attempt, response, deps.clock.now(), random);
      if (wait > 0) await deps.clock.sleep(wait, ctx.signal).catch((err: unknown) => Promise.reject(clientClosed(err)));
      if (ctx.signal.aborted) throw clientClosed(ctx.signal.reason);
    }
  };
}
