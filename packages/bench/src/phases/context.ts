/** What every measurement phase gets: the mode, and the three paths to the mock. */
import type { Mode } from '../modes.ts';
import type { RunningServer } from '../procs/spawn-server.ts';
import { directTarget, gatewayTarget, rawProxyTarget, type Target } from '../requests.ts';

export interface PhaseContext {
  mode: Mode;
  runtime: string;
  mockUrl: string;
  raw: RunningServer;
  gateway: RunningServer;
}

/** direct, raw proxy, gateway: the order every interleaved measurement uses. */
export function threeTargets(ctx: PhaseContext): [Target, Target, Target] {
  return [directTarget(ctx.mockUrl), rawProxyTarget(ctx.raw.url), gatewayTarget(ctx.gateway.url)];
}

/** Fails a phase whose requests mostly failed: its numbers would describe errors, not the proxy. */
export function assertHealthy(what: string, errors: number, total: number, firstError?: string): void {
  if (errors > Math.max(1, total * 0.01)) throw new Error(`${what}: ${errors} of ${total} requests failed (${firstError ?? 'non-2xx'})`);
}
