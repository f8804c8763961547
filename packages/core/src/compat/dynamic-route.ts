import { toUnits } from '../budgets/budget-window.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { ResolvedGateway } from '../gateway-resolver.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import type { ResponseObserver } from '../pipeline/tap-stream.ts';
import type { Json } from '../providers/read.ts';
import { incrementIn, type Window } from '../rate-limit/window.ts';
import { runRoute } from '../routes/route-runner.ts';
import { mapContext, runTranslatedCall, type Run } from './compat-handler.ts';
import { resolveTarget } from './target.ts';
import { translate, type FrontEnd } from './translation.ts';

/**
 * `model: "dynamic/{route}"`: the gateway's route (its `routes` setting) picks the model, in
 * `routes/route-runner.ts`. Each model element is a translated call of its own: the element's
 * `retries` and `timeout` replace the gateway's, and the answer says which model served it
 * (`cf-aig-provider`, `cf-aig-model`, and `cf-aig-step`, 0 for the first model called).
 */
export async function runDynamicRoute(deps: GatewayDeps, run: Run, frontEnd: FrontEnd, gateway: ResolvedGateway, request: Request, body: Json, startedAt: number): Promise<Response> {
  const name = String(body.model).slice('dynamic/'.length);
  const route = gateway.settings.routes?.find((r) => r.name === name);
  if (!route) throw new GatewayError(ErrorCode.unknownProvider, 400, `[aigw] [routes] gateway '${gateway.id}' has no dynamic route '${name.slice(0, 64)}'`);
  const facts = { metadata: parseRequestOptions(request.headers).metadata, body, headers: request.headers };
  const routeDeps = { counters: deps.storage.counters, now: () => deps.clock.now(), random: Math.random };
  return runRoute(route, gateway.id, facts, routeDeps, ({ element, index, costWindows }) => {
    const { provider, model, retries, timeout } = element.properties;
    const target = resolveTarget(deps.providers, `${provider}/${model}`);
    const t = translate(frontEnd, { ...body, model: target.requested }, target, mapContext(deps, target));
    const path = t.stream ? (target.compat.streamPath ?? target.compat.chatPath) : target.compat.chatPath;
    return runTranslatedCall(deps, run, request, startedAt, t, frontEnd, path, (ctx) => {
      if (retries !== undefined) ctx.options.maxAttempts = retries + 1;
      if (timeout !== undefined) ctx.options.requestTimeout = timeout;
      ctx.trace.step = index;
      ctx.responseHeaders.set('cf-aig-step', String(index));
      if (costWindows.length) ctx.observers.push(countCost(deps, ctx, costWindows));
    });
  });
}

/** Adds a routed call's cost to the windows of the route's `cost` rate elements once it has ended. */
function countCost(deps: GatewayDeps, ctx: ProxyContext, windows: Window[]): ResponseObserver {
  return {
    onEnd() {
      const cost = ctx.trace.cost;
      if (!cost || cost <= 0 || ctx.trace.cached) return;
      deps.waitUntil(
        Promise.all(windows.map((w) => deps.storage.counters.incrementCounter(incrementIn(w, toUnits(cost))))).catch((err: unknown) =>
          deps.logger.error(`[aigw] [routes] could not count $${cost} for gateway '${ctx.gateway.id}'`, err),
        ),
      );
    },
  };
}
