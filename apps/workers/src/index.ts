/**
 * @module @aigw/workers
 * aigw as a Cloudflare Worker. Configuration comes from wrangler `vars` / `--var` and secrets
 * (SPEC §2 names); persistence is the D1 binding `DB`. The gateway is built once per isolate, on
 * the first request, and rebuilt only if the configuration changes.
 */
import { ErrorCode, errorResponse, type Gateway } from '@aigw/core';
import type { WorkerEnv } from './env.ts';
import { workerGateway } from './worker-gateway.ts';

/** Unread request bodies up to this size are read before the answer goes out (see `drainUnread`). */
const DRAIN_MAX_BYTES = 1024 * 1024;

export default {
  async fetch(request, env, ctx): Promise<Response> {
    let gateway: Gateway;
    try {
      gateway = workerGateway(env);
    } catch (err) {
      console.error('[aigw] [workers] cannot start the gateway', err);
      return errorResponse(500, ErrorCode.internal, err instanceof Error ? err.message : String(err));
    }
    const response = await gateway.fetch(request, env, ctx);
    await drainUnread(request);
    return response;
  },
} satisfies ExportedHandler<WorkerEnv>;

/**
 * Reads a small request body the gateway answered without reading (an unknown gateway, a refused
 * token, a rate limit). `wrangler dev`'s proxy in front of the Worker can otherwise hang the next
 * request it forwards: measured with a Worker that answers 404 to every POST, 1 in a few dozen
 * requests on fresh connections never got an answer; reading the body first, none in 4,500.
 * Cloudflare itself does not need this; it costs little, since such bodies are already in flight.
 */
async function drainUnread(request: Request): Promise<void> {
  const body = request.body;
  if (!body || request.bodyUsed || body.locked) return;
  const length = Number(request.headers.get('content-length') ?? NaN);
  if (!(length <= DRAIN_MAX_BYTES)) return;
  await request.arrayBuffer().catch(() => undefined);
}
