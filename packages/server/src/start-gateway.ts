import { existsSync, readFileSync } from 'node:fs';
import { createGateway, resolveConfig, type Env, type Gateway, type GatewayOptions } from '@aigw/core';
import { createLibsqlStorage, logWriterWorkerUrl } from '@aigw/libsql';
import { dashboardAssets } from '@aigw/dashboard';
import { resolveSecretKey } from './secret-key.ts';

export interface StartOptions {
  env: Env;
  /** The runtime's fastest upstream client; default the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * The log writer thread's module (see `@aigw/libsql`'s `logWorker`); default the package's own
   * source file, which Bun, Deno and tsx run as is. A bundle passes its bundled copy.
   */
  logWorker?: URL;
  /** Passed through to `createGateway` (tests inject clocks, loggers…). */
  gateway?: Partial<GatewayOptions>;
}

export interface StartedGateway {
  gateway: Gateway;
  port: number;
  hostname: string;
}

/** `PORT` / `HOST` with the SPEC §2 defaults. */
export function listenAddress(env: Env): { port: number; hostname: string } {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`[aigw] PORT must be a port number, got '${env.PORT}'`);
  return { port, hostname: env.HOST ?? '127.0.0.1' };
}

/** Reads `AIGW_CONFIG` (or `./aigw.config.json` when present). */
function readConfigFile(env: Env): string | undefined {
  const path = env.AIGW_CONFIG ?? (existsSync('aigw.config.json') ? 'aigw.config.json' : undefined);
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`[aigw] [config] cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * Builds the gateway on libSQL (`AIGW_DB_URL`, default `file:./data/aigw.db`) and waits until it
 * is ready to proxy.
 *
 * @example
 * const { gateway, port, hostname } = await startGateway({ env: process.env });
 * Bun.serve({ port, hostname, fetch: gateway.fetch });
 */
export async function startGateway(options: StartOptions): Promise<StartedGateway> {
  const env: Env = { ...options.env, AIGW_SECRET_KEY: resolveSecretKey(options.env) };
  const config = resolveConfig({ env, fileText: readConfigFile(env) });
  const storage = createLibsqlStorage({
    url: env.AIGW_DB_URL ?? 'file:./data/aigw.db',
    authToken: env.AIGW_DB_AUTH_TOKEN,
    logWorker: env.AIGW_LOG_THREAD === 'false' ? undefined : (options.logWorker ?? logWriterWorkerUrl),
  });
  const gateway = createGateway({ config, env, storage, dashboard: dashboardAssets, ...(options.fetch ? { fetch: options.fetch } : {}), ...options.gateway });
  await gateway.ready;
  return { gateway, ...listenAddress(env) };
}
