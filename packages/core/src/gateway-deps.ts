import type { Clock } from './clock.ts';
import type { GatewayConfig, Env } from './config/config.ts';
import type { GatewayResolver } from './gateway-resolver.ts';
import type { IdGenerator } from './ids.ts';
import type { ProviderRegistry } from './providers/registry.ts';
import type { Storage } from './storage/types.ts';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Everything a route or a stage may use, built once by `createGateway`. */
export interface GatewayDeps {
  config: GatewayConfig;
  env: Env;
  storage: Storage;
  clock: Clock;
  ids: IdGenerator;
  fetch: typeof globalThis.fetch;
  logger: Logger;
  providers: ProviderRegistry;
  gateways: GatewayResolver;
  /** Keeps background work alive after the response has been sent. */
  waitUntil(promise: Promise<unknown>): void;
}
