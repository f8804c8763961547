import type { Context } from 'hono';
import type { GatewayConfig } from '../config/config.ts';
import type { GatewayResolver } from '../gateway-resolver.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { GatewayError, invalidPath, unknownGateway, unknownProvider, upstreamUnreachable } from '../errors.ts';
import { buildUpstreamUrl } from './upstream-url.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.ts';
import { readBody } from './read-body.ts';

export interface PassthroughDeps {
  fetch: typeof fetch;
  providers: ProviderRegistry;
  gateways: GatewayResolver;
  config: GatewayConfig;
}

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

/**
 * `ANY /v1/{account}/{gateway}/{provider}/{rest…}`: forwards the request to the provider unchanged
 * (but for hop-by-hop and `cf-aig-*` headers) and streams the response back as it arrives.
 */
export function passthroughHandler(deps: PassthroughDeps) {
  return async (c: Context): Promise<Response> => {
    const started = performance.now();
    const request = c.req.raw;
    const { account, gateway: gatewayId, provider: providerId, rest, search } = parseProxyUrl(request.url);

    if (!ID.test(account)) throw invalidPath('account must be 1-64 characters of A-Z a-z 0-9 _ -');
    if (!ID.test(gatewayId)) throw unknownGateway(gatewayId.slice(0, 64));
    if (deps.config.accountId !== undefined && account !== deps.config.accountId) throw unknownGateway(gatewayId);
    const gateway = await deps.gateways.resolve(gatewayId);
    if (!gateway) throw unknownGateway(gatewayId);
    const provider = deps.providers.get(providerId);
    if (!provider) throw unknownProvider(providerId.slice(0, 64));

    const url = buildUpstreamUrl(provider, rest, search, account);
    const body = await readBody(request, deps.config.maxBodyBytes);
    const headers = upstreamRequestHeaders(request.headers);

    const fetchStarted = performance.now();
    let upstream: Response;
    try {
      upstream = await deps.fetch(url, { method: request.method, headers, body, signal: request.signal, redirect: 'manual' });
    } catch (err) {
      if (request.signal.aborted) throw new GatewayError(2106, 499, '[aigw] client closed the request', { cause: err });
      throw upstreamUnreachable(provider.id, err);
    }
    const upstreamWait = performance.now() - fetchStarted;

    const responseHeaders = clientResponseHeaders(upstream.headers);
    responseHeaders.set('aigw-overhead-ms', (performance.now() - started - upstreamWait).toFixed(3));
    return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
  };
}
