import type { Context } from 'hono';
import { ErrorCode, GatewayError } from '../errors.ts';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import { isObject, type Json } from '../providers/read.ts';
import { buildProxyContext, finishResponse, parseProxyUrl, resolveRequestGateway, runPipeline } from '../proxy/passthrough.ts';
import { readBody } from '../proxy/read-body.ts';
import type { MapContext } from './adapter.ts';
import { mapResponse } from './map-response.ts';
import { invalidCompatRequest } from './request-helpers.ts';
import { resolveTarget, type CompatTarget } from './target.ts';
import { translate, type FrontEnd, type Translation } from './translation.ts';
import { targetHeaders, upstreamPath } from './upstream.ts';
import { utf8 } from '../crypto.ts';
import { toUnits } from '../budgets/budget-window.ts';
import type { ResolvedGateway } from '../gateway-resolver.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import type { ResponseObserver } from '../pipeline/tap-stream.ts';
import { incrementIn, type Window } from '../rate-limit/window.ts';
import { isRetryableStatus } from '../resilience/retry-policy.ts';
import { runRoute } from '../routes/route-runner.ts';

export type Run = (ctx: ProxyContext) => Promise<Response>;

/** Reads the client's JSON object body once (413 past the limit, 400 code 2100 when not JSON). */
export async function readJsonBody(deps: GatewayDeps, request: Request): Promise<Json> {
  const bytes = await readBody(request, deps.config.maxBodyBytes);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
  } catch {
    throw new GatewayError(ErrorCode.invalidJson, 400, '[aigw] [compat] request body is not valid JSON');
  }
  if (!isObject(value)) throw invalidCompatRequest('the body must be a JSON object');
  return value;
}

/** What the mappers may know of the call: provider, model, time and fresh ids from the gateway's sources. */
export function mapContext(deps: GatewayDeps, target: CompatTarget): MapContext {
  return {
    provider: target.provider.id,
    model: target.model,
    compat: target.compat,
    created: Math.floor(deps.clock.now() / 1000),
    newId: (prefix) => `${prefix}${deps.ids.uuid().replaceAll('-', '')}`,
  };
}

/**
 * Sends a translated request through the same pipeline as passthrough (logging, cache, limits,
 * retries) and translates the answer back. Stages see the native request and response, so cache
 * keys, usage and logs work as for any provider call; the response is mapped after them.
 */
export async function runTranslated(deps: GatewayDeps, run: Run, request: Request, startedAt: number, t: Translation, frontEnd: FrontEnd | 'embeddings', path: string): Promise<Response> {
  return (await runTranslatedCall(deps, run, request, startedAt, t, frontEnd, path)).response;
}

/**
 * `runTranslated`, also saying whether the call failed as a fallback counts failure (a network
 * error, a timeout, a retryable status); `configure` adjusts the call's context before it runs.
 */
export async function runTranslatedCall(
  deps: GatewayDeps, run: Run, request: Request, startedAt: number, t: Translation, frontEnd: FrontEnd | 'embeddings', path: string,
  configure?: (ctx: ProxyContext) => void,
): Promise<{ response: Response; failed: boolean }> {
  const { rest, search } = upstreamPath(path, t.target.model);
  const body = utf8(JSON.stringify(t.body));
  const ctx = await buildProxyContext(deps, request, startedAt, { provider: t.target.provider.id, rest, search, body });
  targetHeaders(ctx.headers, t.target.provider, t.target.compat, frontEnd === 'messages' ? 'anthropic' : 'openai');
  ctx.trace.requestedModel = t.target.requested;
  ctx.trace.compat = frontEnd;
  ctx.responseHeaders.set('cf-aig-provider', t.target.provider.id);
  ctx.responseHeaders.set('cf-aig-model', t.target.model);
  configure?.(ctx);
  const { response, gatewayError } = await runPipeline(ctx, run);
  const observed = finishResponse(ctx, response);
  if (gatewayError) return { response: observed, failed: ctx.trace.error instanceof GatewayError && ctx.trace.error.isRetryable };
  return { response: await mapResponse(observed, t), failed: isRetryableStatus(response.status) };
}

const DYNAMIC = 'dynamic/';

/**
 * `model: "dynamic/{route}"`: the gateway's route (its `routes` setting) picks the model, in
 * `routes/route-runner.ts`. Each model element is a translated call of its own: the element's
 * `retries` and `timeout` replace the gateway's, and the answer says which model served it
 * (`cf-aig-provider`, `cf-aig-model`, and `cf-aig-step`, 0 for the first model called).
 */
async function runDynamicRoute(deps: GatewayDeps, run: Run, request: Request, startedAt: number, gateway: ResolvedGateway, body: Json, frontEnd: FrontEnd, name: string): Promise<Response> {
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

/** `POST …/compat/chat/completions` (OpenAI) and `POST …/compat/messages` (Anthropic) over every provider. */
export function compatChatHandler(deps: GatewayDeps, run: Run, frontEnd: FrontEnd, routed: Run = run) {
  return async (c: Context): Promise<Response> => {
    const startedAt = performance.now();
    const request = c.req.raw;
    const { account, gateway: gatewayId } = parseProxyUrl(request.url);
    const gateway = await resolveRequestGateway(deps, account, gatewayId);
    const body = await readJsonBody(deps, request);
    if (typeof body.model === 'string' && body.model.startsWith(DYNAMIC)) {
      return runDynamicRoute(deps, routed, request, startedAt, gateway, body, frontEnd, body.model.slice(DYNAMIC.length));
    }
    const target = resolveTarget(deps.providers, body.model);
    const t = translate(frontEnd, body, target, mapContext(deps, target));
    const path = t.stream ? (target.compat.streamPath ?? target.compat.chatPath) : target.compat.chatPath;
    return runTranslated(deps, run, request, startedAt, t, frontEnd, path);
  };
}
