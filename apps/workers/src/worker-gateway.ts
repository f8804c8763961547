import { waitUntil } from 'cloudflare:workers';
import { createGateway, type Gateway } from '@aigw/core';
import { dashboardAssets } from '@aigw/dashboard';
import { gatewayEnv, type WorkerEnv } from './env.ts';
import { createWorkerStorage } from './storage.ts';

let current: { key: string; gateway: Gateway } | undefined;

/**
 * The isolate's gateway for this configuration, built on first use and kept while the
 * configuration stays the same. Throws when the configuration is unusable.
 */
export function workerGateway(env: WorkerEnv): Gateway {
  const vars = gatewayEnv(env);
  const key = JSON.stringify([vars, env.DB !== undefined]);
  if (current?.key === key) return current.gateway;

  const previous = current?.gateway;
  const gateway = createGateway({
    env: vars,
    storage: createWorkerStorage(env, vars),
    dashboard: dashboardAssets,
    // The gateway outlives the request that built it, so it cannot hold that request's `ctx`;
    // this `waitUntil` extends whichever request is running when background work starts.
    waitUntil,
  });
  current = { key, gateway };
  // A storage that failed to start is not kept: the next request builds the gateway again.
  gateway.ready.catch(() => {
    if (current?.gateway === gateway) current = undefined;
  });
  if (previous) waitUntil(previous.close());
  return gateway;
}
