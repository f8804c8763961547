/** Item 1: added time to first byte, one request at a time, interleaved direct / raw proxy / gateway. */
import { runDriver } from '../driver/run-driver.ts';
import type { TargetTimings } from '../driver/protocol.ts';
import type { Kind } from '../requests.ts';
import { ratio } from '../stats.ts';
import type { AddedLatency, Pct } from '../types.ts';
import { assertHealthy, threeTargets, type PhaseContext } from './context.ts';

const pct = (t: TargetTimings): Pct => ({ p50: t.ttfb.p50, p99: t.ttfb.p99 });
const minus = (a: Pct, b: Pct): Pct => ({ p50: a.p50 - b.p50, p99: a.p99 - b.p99 });

/** Reads the sequential driver's result for the three targets; throws when one mostly failed. */
export function threeWay(targets: Record<string, TargetTimings>, names: string[]): TargetTimings[] {
  return names.map((name) => {
    const t = targets[name];
    if (!t) throw new Error(`driver returned nothing for ${name}`);
    assertHealthy(name, t.errors, t.requests + t.errors, t.firstError);
    return t;
  });
}

export async function measureAddedLatency(ctx: PhaseContext, kind: Kind, count = ctx.mode.latencyCount): Promise<AddedLatency> {
  const targets = threeTargets(ctx);
  const { targets: out } = await runDriver({ type: 'sequential', targets, kind, count, warmup: ctx.mode.warmup });
  const [direct, raw, gw] = threeWay(out, targets.map((t) => t.name)).map(pct) as [Pct, Pct, Pct];
  const added = minus(gw, direct);
  const rawAdded = minus(raw, direct);
  return {
    requests: count,
    direct,
    rawProxy: raw,
    gateway: gw,
    added,
    rawAdded,
    ratioToRaw: { p50: ratio(added.p50, rawAdded.p50), p99: ratio(added.p99, rawAdded.p99) },
  };
}
