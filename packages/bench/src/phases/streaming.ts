/** Item 4: added time to first token and per-chunk delay while the mock drips chunks with a delay between them. */
import { runDriver } from '../driver/run-driver.ts';
import { dripHeaders } from '../requests.ts';
import type { Pct, StreamingFigure } from '../types.ts';
import { threeTargets, type PhaseContext } from './context.ts';
import { threeWay } from './latency.ts';

export async function measureStreaming(ctx: PhaseContext): Promise<StreamingFigure> {
  const { dripChunks, dripDelayMs, dripCount } = ctx.mode;
  const targets = threeTargets(ctx);
  const { targets: out } = await runDriver({
    type: 'sequential',
    targets,
    kind: 'sse',
    count: dripCount,
    warmup: 1,
    headers: dripHeaders(dripChunks, dripDelayMs),
  });
  const [direct, raw, gw] = threeWay(out, targets.map((t) => t.name));
  const ttft = (t: typeof direct): Pct => ({ p50: t!.ttfb.p50, p99: t!.ttfb.p99 });
  const gap = (a: typeof direct, b: typeof direct) => ({
    mean: a!.frameGap!.mean - b!.frameGap!.mean,
    p50: a!.frameGap!.p50 - b!.frameGap!.p50,
    p99: a!.frameGap!.p99 - b!.frameGap!.p99,
  });
  return {
    chunks: dripChunks,
    delayMs: dripDelayMs,
    requests: dripCount,
    ttft: { direct: ttft(direct), rawProxy: ttft(raw), gateway: ttft(gw) },
    addedTtft: { p50: gw!.ttfb.p50 - direct!.ttfb.p50, p99: gw!.ttfb.p99 - direct!.ttfb.p99 },
    addedChunkGap: gap(gw, direct),
    rawAddedChunkGap: gap(raw, direct),
    gatewayChunksPerResponse: gw!.framesPerResponse ?? 0,
  };
}
