import type { GatewayDeps } from '../gateway-deps.ts';
import type { ResolvedGateway } from '../gateway-resolver.ts';
import { lazyRequestReaders, type ProxyContext } from '../pipeline/context.ts';
import { parseRequestOptions, type RequestOptions } from '../pipeline/request-options.ts';
import { upstreamRequestHeaders } from '../proxy/headers.ts';
import { buildUpstreamUrl } from '../proxy/upstream-url.ts';
import type { Step } from './steps.ts';

/** A step with everything that can be refused checked: options, upstream URL and headers. */
export interface PreparedStep {
  step: Step;
  options: RequestOptions;
  url: URL;
  headers: Headers;
}

/**
 * Resolves a step's options with the precedence step `config` > step `cf-aig-*` headers >
 * request `cf-aig-*` headers (> gateway settings, applied where they are read), its upstream URL
 * and headers. Throws the 400 envelope (2102 bad header value, 2103 bad path) before any call.
 *
 * Upstream headers are the step's own only: the request's other headers (its `authorization`,
 * say) are not sent, so one provider's key never reaches another provider.
 */
export function prepareStep(step: Step, requestHeaders: Headers, account: string, index: number): PreparedStep {
  const merged = new Headers();
  requestHeaders.forEach((value, name) => {
    if (name.startsWith('cf-aig-')) merged.set(name, value);
  });
  step.headers.forEach((value, name) => {
    if (name.startsWith('cf-aig-')) merged.set(name, value);
  });
  for (const [name, value] of Object.entries(step.config)) merged.set(name, value);
  const headers = upstreamRequestHeaders(step.headers);
  if (step.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  try {
    return { step, options: parseRequestOptions(merged), url: buildUpstreamUrl(step.provider, step.path, step.search, account), headers };
  } catch (err) {
    if (err instanceof Error) err.message = err.message.replace('[aigw] ', `[aigw] [universal] step ${index}: `);
    throw err;
  }
}

/** The pipeline context of one step; every step shares the client's request (and its abort signal). */
export function stepContext(
  deps: Pick<GatewayDeps, 'clock'>,
  request: Request,
  account: string,
  gateway: ResolvedGateway,
  prepared: PreparedStep,
  index: number,
): ProxyContext {
  const ctx = {
    request,
    signal: request.signal,
    startedAt: performance.now(),
    receivedAt: deps.clock.now(),
    account,
    gateway,
    options: prepared.options,
    provider: prepared.step.provider,
    url: new URL(prepared.url),
    method: 'POST',
    headers: new Headers(prepared.headers),
    body: prepared.step.body,
    upstreamWaitMs: 0,
    responseHeaders: new Headers(),
    trace: { attempts: 0, step: index },
    observers: [],
  };
  return Object.assign(ctx, lazyRequestReaders(ctx));
}
