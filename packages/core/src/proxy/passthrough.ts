import type { Context } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import type { ResolvedGateway } from '../gateway-resolver.ts';
import { lazyRequestReaders } from '../pipeline/context.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import { GatewayError, invalidPath, unknownGateway, unknownProvider } from '../errors.ts';
import { buildUpstreamUrl } from './upstream-url.ts';
import { upstreamRequestHeaders } from './headers.ts';
import { readBody } from './read-body.ts';
import { observeResponse } from '../pipeline/tap-stream.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Splits a raw URL into the `/v1/{account}/{gateway}/{provider}/{rest…}` parts, still percent-encoded. */
export function parseProxyUrl(url: string) {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const queryStart = url.indexOf('?', pathStart);
  const path = queryStart === -1 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
  const search = queryStart === -1 ? '' : url.slice(queryStart);
  const [, , account = '', gateway = '', provider = '', ...rest] = path.split('/');
  return { account, gateway, provider, rest: rest.join('/'), search };
}

/** Checks the account of a `/v1/{account}/{gateway}/…` request and resolves its gateway (404, 2001). */
export async function resolveRequestGateway(deps: GatewayDeps, account: string, gatewayId: string): Promise<ResolvedGateway> {
  if (!ID.test(account)) throw invalidPath('account must be 1-64 characters of A-Z a-z 0-9 _ -');
  if (!ID.test(gatewayId)) throw unknownGateway(gatewayId.slice(0, 64));
  if (deps.config.accountId !== undefined && account !== deps.config.accountId) throw unknownGateway(gatewayId);
  const gateway = await deps.gateways.resolve(gatewayId);
  if (!gateway) throw unknownGateway(gatewayId);
  return gateway;
}

/**
 * An upstream call chosen by the gateway rather than by the URL (the unified API translates a
 * request, then sends it here): provider id, path after the base URL, query and the body to send.
 */
export interface ProxyTarget {
  provider: string;
  rest: string;
  search: string;
  body: Uint8Array<ArrayBuffer> | undefined;
}

/**
 * Builds the context of a passthrough request (`/v1/{account}/{gateway}/{provider}/{rest…}`):
 * resolves gateway and provider, validates `cf-aig-*` headers and the path, reads the body once.
 * With `target`, the provider, path and body come from it instead of the URL and the request.
 */
export async function buildProxyContext(deps: GatewayDeps, request: Request, startedAt: number, target?: ProxyTarget): Promise<ProxyContext> {
  const parsed = parseProxyUrl(request.url);
  const { account, gateway: gatewayId } = parsed;
  const { provider: providerId, rest, search } = target ?? parsed;
  const gateway = await resolveRequestGateway(deps, account, gatewayId);
  const provider = deps.providers.get(providerId);
  if (!provider) throw unknownProvider(providerId.slice(0, 64));

  const options = parseRequestOptions(request.headers);
  const url = buildUpstreamUrl(provider, rest, search, account);
  const body = target ? target.body : await readBody(request, deps.config.maxBodyBytes);
  const ctx = {
    request,
    signal: request.signal,
    startedAt,
    receivedAt: deps.clock.now(),
    account,
    gateway,
    options,
    provider,
    url,
    method: request.method,
    headers: upstreamRequestHeaders(request.headers),
    body,
    upstreamWaitMs: 0,
    responseHeaders: new Headers(),
    trace: { attempts: 0 },
    observers: [],
  };
  return Object.assign(ctx, lazyRequestReaders(ctx));
}

/** Adds the stages' headers and `aigw-overhead-ms` to the response and starts its observers. */
export function finishResponse(ctx: ProxyContext, response: Response): Response {
  for (const [name, value] of ctx.responseHeaders) response.headers.set(name, value);
  response.headers.set('aigw-overhead-ms', (performance.now() - ctx.startedAt - ctx.upstreamWaitMs).toFixed(3));
  const filters = ctx.clientFilters?.flatMap((make) => make(response) ?? []) ?? [];
  return observeResponse(response, ctx.observers, filters);
}

/**
 * Runs the pipeline; a GatewayError a stage throws becomes the SPEC envelope (recorded on the
 * trace), so the observers still see and log it. `gatewayError` says the gateway answered itself.
 */
export async function runPipeline(ctx: ProxyContext, run: (ctx: ProxyContext) => Promise<Response>) {
  try {
    return { response: await run(ctx), gatewayError: false };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    ctx.trace.error = err;
    return { response: err.toResponse(), gatewayError: true };
  }
}

/** `ANY /v1/{account}/{gateway}/{provider}/{rest…}` through the pipeline. */
export function passthroughHandler(deps: GatewayDeps, run: (ctx: ProxyContext) => Promise<Response>) {
  return async (c: Context): Promise<Response> => {
    const ctx = await buildProxyContext(deps, c.req.raw, performance.now());
    return finishResponse(ctx, (await runPipeline(ctx, run)).response);
  };
}
