import type { GatewayDeps } from '../gateway-deps.ts';
import { providerCoolingDown } from '../errors.ts';
import type { Dispatch } from '../pipeline/context.ts';
import { cooldownPolicyOf, type Admission, type Cooldowns } from './cooldowns.ts';
import { cooldownTarget } from './cooldown-target.ts';
import { isRetryableStatus } from './retry-policy.ts';

/**
 * Puts a circuit breaker around `dispatch` (used for fallback-chain steps): a target that is
 * cooling down is not called (a retryable 503 code 2005, so the chain moves on), and each call's
 * outcome is counted. It sits innermost, after the stages, so the credential a key-injecting stage
 * added is part of the target. A call the client abandoned counts neither way.
 *
 * Failures and probe results are recorded before the chain moves on, so the next request already
 * sees a trip; successes of closed targets are counted in the background.
 */
export function withCooldown(deps: Pick<GatewayDeps, 'logger' | 'waitUntil'>, cooldowns: Cooldowns, dispatch: Dispatch): Dispatch {
  return async (ctx) => {
    const policy = cooldownPolicyOf(ctx.gateway.settings);
    if (!policy) return dispatch(ctx);
    const target = await cooldownTarget(ctx);
    let admission: Admission;
    try {
      admission = await cooldowns.admit(target);
    } catch (err) {
      // The breaker is an optimisation: without its store, calls still go out.
      deps.logger.error('[aigw] [cooldown] cannot read breaker state; calling the provider', err);
      admission = { kind: 'closed' };
    }
    if (admission.kind === 'open') throw providerCoolingDown(ctx.provider.id, admission.retryAfterSeconds);

    const record = async (ok: boolean) => {
      if (ctx.signal.aborted) return;
      const done = Promise.resolve(cooldowns.record(target, policy, admission, ok)).catch((err: unknown) =>
        deps.logger.error('[aigw] [cooldown] cannot record an outcome', err),
      );
      if (ok && admission.kind === 'closed') deps.waitUntil(done);
      else await done;
    };
    let response: Response;
    try {
      response = await dispatch(ctx);
    } catch (err) {
      await record(false);
      throw err;
    }
    await record(!isRetryableStatus(response.status));
    return response;
  };
}
