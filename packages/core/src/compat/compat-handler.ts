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
import type { ResolvedGateway } from '../gateway-resolver.ts';
import { isRetryableStatus } from '../resilience/retry-policy.ts';

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

/**
 * `POST …/compat/chat/completions` (OpenAI) and `POST …/compat/messages` (Anthropic) over every
 * provider; `model: "dynamic/{route}"` goes to `dynamic` (`dynamic-route.ts`).
 */
export function compatChatHandler(deps: GatewayDeps, run: Run, frontEnd: FrontEnd, dynamic: (gateway: ResolvedGateway, request: Request, body: Json, startedAt: number) => Promise<Response>) {
  return async (c: Context): Promise<Response> => {
    const startedAt = performance.now();
    const request = c.req.raw;
    const { account, gateway: gatewayId } = parseProxyUrl(request.url);
    const gateway = await resolveRequestGateway(deps, account, gatewayId);
    const body = await readJsonBody(deps, request);
    if (typeof body.model === 'string' && body.model.startsWith('dynamic/')) return dynamic(gateway, request, body, startedAt);
    const target = resolveTarget(deps.providers, body.model);
    const t = translate(frontEnd, body, target, mapContext(deps, target));
    const path = t.stream ? (target.compat.streamPath ?? target.compat.chatPath) : target.compat.chatPath;
    return runTranslated(deps, run, request, startedAt, t, frontEnd, path);
  };
}
