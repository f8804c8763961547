import { toUnits } from '../budgets/budget-window.ts';
import { ErrorCode, GatewayError, rateLimited } from '../errors.ts';
import type { CounterStore } from '../rate-limit/counter-store.ts';
import { incrementIn, windowAt, type Window } from '../rate-limit/window.ts';
import { lookup, matches, type RequestFacts } from './conditions.ts';
import { conditionsOf, percentages, type ModelElement, type RateElement, type Route, type RouteElement } from './route-schema.ts';

/** One model element the route chose, the how-manieth model call it is, and spend limits it counts towards. */
export interface ModelCall {
  element: ModelElement;
  /** 0 for the first model called, 1 for the first fallback… (`cf-aig-step`). */
  index: number;
  /** Counters of `cost` rate elements passed on the way: the call adds its cost to each. */
  costWindows: Window[];
}

export interface ModelOutcome {
  response: Response;
  /** A network error, a timeout, a retryable status (408, 409, 429, 5xx) or a cooling-down target. */
  failed: boolean;
}

export interface RouteDeps {
  counters: CounterStore;
  now: () => number;
  random: () => number;
}

/**
 * Walks `route` for one request: conditions and percentages pick a branch, rate elements count
 * (in the shared counter store, so instances agree) and send the request on to `success` or
 * `fallback`, and a model element is called through `call`. A model that fails goes on to its
 * `fallback` (the failed response is read to its end first, so its log entry is complete); the
 * first that does not fail answers. With no fallback left, the last failure is the answer; a route
 * that reaches its end before any model answers 429 when a rate element turned it away, else 400.
 * A counter store that cannot be reached refuses the request (503, code 2120) rather than let it
 * past a quota.
 */
export async function runRoute(route: Route, gateway: string, facts: RequestFacts, deps: RouteDeps, call: (c: ModelCall) => Promise<ModelOutcome>): Promise<Response> {
  const byId = new Map(route.elements.map((e) => [e.id, e]));
  const go = (id: string) => byId.get(id)!;
  const costWindows: Window[] = [];
  let element: RouteElement = route.elements.find((e) => e.type === 'start')!;
  let last: ModelOutcome | undefined;
  let refusedBy: RateElement | undefined;
  let index = 0;
  // Saved routes never loop (route-schema.ts), so a walk visits each element at most once.
  for (;;) {
    switch (element.type) {
      case 'start':
        element = go(element.outputs.next.elementId);
        break;
      case 'conditional':
        element = go(matches(conditionsOf(element), facts) ? element.outputs.true.elementId : element.outputs.false.elementId);
        break;
      case 'percentage':
        element = go(pickShare(element.outputs, deps.random() * 100));
        break;
      case 'rate': {
        const passed = await withinRate(element, route, gateway, facts, deps, costWindows).catch((err: unknown) => {
          throw new GatewayError(ErrorCode.rateLimitUnavailable, 503, `[aigw] [routes] the counter store is unavailable; refusing rather than pass route '${route.name}' quota`, { cause: err });
        });
        if (!passed) refusedBy = element;
        element = go(passed ? element.outputs.success.elementId : element.outputs.fallback.elementId);
        break;
      }
      case 'model': {
        if (last) await last.response.arrayBuffer().catch(() => undefined);
        last = await call({ element, index: index++, costWindows: [...costWindows] });
        const fallback = element.outputs.fallback;
        if (!last.failed || !fallback) return last.response;
        element = go(fallback.elementId);
        break;
      }
      case 'end':
        if (last) return last.response;
        if (refusedBy) {
          const { limit, limitType, window } = refusedBy.properties;
          throw rateLimited(`dynamic route '${route.name}': ${limitType === 'cost' ? `$${limit}` : `${limit} requests`} per ${window} s reached`, {});
        }
        throw new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [routes] dynamic route '${route.name}' ended before calling a model`);
    }
  }
}

/** The output a roll of `roll` (0–100) lands on: shares in order, then `else` for the rest. */
function pickShare(outputs: Record<string, { elementId: string }>, roll: number): string {
  let edge = 0;
  for (const [percent, id] of percentages(outputs)) {
    edge += percent;
    if (roll < edge) return id;
  }
  // Shares that add up to 100 leave only rounding for `else`; the schema requires one otherwise.
  return outputs.else?.elementId ?? percentages(outputs).at(-1)![1];
}

/**
 * A `count` element adds the request to its window's counter unless that passes the limit; a
 * `cost` element lets the request on while the window's spend is under the limit and has the model
 * call add its cost afterwards (so, like budgets, it is soft by the requests in flight).
 */
async function withinRate(element: RateElement, route: Route, gateway: string, facts: RequestFacts, deps: RouteDeps, costWindows: Window[]): Promise<boolean> {
  const { key, limit, limitType, window } = element.properties;
  const value = lookup(key, facts);
  const subject = value === undefined || value === null ? '' : String(value);
  const w = windowAt(`route:${gateway}:${route.id ?? route.name}:${element.id}:${limitType}:${subject}`, deps.now(), window * 1000, 'fixed');
  if (limitType === 'count') return (await deps.counters.incrementCounter(incrementIn(w, 1, limit))) !== undefined;
  const [spent = 0] = await deps.counters.getCounters([w.key]);
  if (spent >= toUnits(limit)) return false;
  costWindows.push(w);
  return true;
}
