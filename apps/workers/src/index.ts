/**
 * @module @aigw/workers
 * aigw as a Cloudflare Worker. Configuration comes from wrangler `vars` / `--var` and secrets
 * (SPEC §2 names); persistence is the D1 binding `DB`. The gateway is built once per isolate, on
 * the first request, and rebuilt only if the configuration changes.
 */
import { ErrorCode, errorResponse, type Gateway } from '@aigw/core';
import type { WorkerEnv } from './env.ts';
import { workerGateway } from './worker-gateway.ts';

export default {
  fetch(request, env, ctx): Response | Promise<Response> {
    let gateway: Gateway;
    try {
      gateway = workerGateway(env);
    } catch (err) {
      console.error('[aigw] [workers] cannot start the gateway', err);
      return errorResponse(500, ErrorCode.internal, err instanceof Error ? err.message : String(err));
    }
    return gateway.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
