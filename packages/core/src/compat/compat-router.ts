import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { GatewayError, unsupportedParameter } from '../errors.ts';
import { buildProxyContext, finishResponse, parseProxyUrl, resolveRequestGateway } from '../proxy/passthrough.ts';
import { compatChatHandler, mapContext, readJsonBody, runTranslated, type Run } from './compat-handler.ts';
import { runDynamicRoute } from './dynamic-route.ts';
import type { FrontEnd } from './translation.ts';
import { configuredProviders, providerModels } from './models.ts';
import { resolveTarget } from './target.ts';
import { targetHeaders, upstreamPath } from './upstream.ts';

/**
 * The unified API (SPEC §3.3), mounted at `/v1/:account/:gateway/compat` before the passthrough
 * route: `chat/completions` (OpenAI), `messages` and `v1/messages` (Anthropic; the Anthropic SDK
 * appends `/v1/messages` to its base URL), `embeddings`, and `models`. `routed` runs the calls of
 * dynamic routes (with the circuit breaker, as fallback chains).
 *
 * @example
 * app.route('/v1/:account/:gateway/compat', compatRouter(deps, run));
 */
export function compatRouter(deps: GatewayDeps, run: Run, routed: Run = run): Hono {
  const app = new Hono();
  const chat = (frontEnd: FrontEnd) => compatChatHandler(deps, run, frontEnd, (...args) => runDynamicRoute(deps, routed, frontEnd, ...args));
  app.post('/chat/completions', chat('chat'));
  app.post('/messages', chat('messages'));
  app.post('/v1/messages', chat('messages'));

  app.post('/embeddings', async (c) => {
    const startedAt = performance.now();
    const { account, gateway } = parseProxyUrl(c.req.url);
    await resolveRequestGateway(deps, account, gateway);
    const body = await readJsonBody(deps, c.req.raw);
    const target = resolveTarget(deps.providers, body.model, 'embeddings');
    const t = { frontEnd: 'chat' as const, target, stream: false, body: { ...body, model: target.model } };
    return runTranslated(deps, run, c.req.raw, startedAt, t, 'embeddings', target.compat.embeddingsPath!);
  });

  app.get('/models', async (c) => {
    const startedAt = performance.now();
    const { account, gateway } = parseProxyUrl(c.req.url);
    await resolveRequestGateway(deps, account, gateway);
    const providerId = c.req.query('provider');
    if (providerId === undefined) return c.json({ object: 'list', data: configuredProviders(deps.providers) });
    const target = resolveTarget(deps.providers, `${providerId}/-`);
    if (!target.compat.modelsPath) throw unsupportedParameter('provider', providerId, 'this provider does not list its models');
    const { rest, search } = upstreamPath(target.compat.modelsPath, target.model);
    const ctx = await buildProxyContext(deps, c.req.raw, startedAt, { provider: target.provider.id, rest, search, body: undefined });
    targetHeaders(ctx.headers, target.provider, target.compat, 'openai');
    ctx.headers.delete('content-type');
    ctx.responseHeaders.set('cf-aig-provider', target.provider.id);
    let response: Response;
    try {
      response = finishResponse(ctx, await run(ctx));
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      ctx.trace.error = err;
      return finishResponse(ctx, err.toResponse());
    }
    if (!response.ok) return response;
    const list = providerModels(target.provider.id, target.compat.format, await response.json().catch(() => undefined), mapContext(deps, target).created);
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(list), { status: 200, headers });
  });
  return app;
}
