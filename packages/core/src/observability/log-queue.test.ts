import { describe, expect, it } from 'vitest';
import { fakeClock } from '../cache/test-gateway.ts';
import { createMemoryLogStore } from '../storage/memory-logs.ts';
import type { LogBatch, LogStore } from './log-store.ts';
import { LogQueue, type QueuedRequest } from './log-queue.ts';

const stat = (n: number): QueuedRequest => ({
  stat: { gateway: 'gw', provider: 'openai', model: 'm', at: 1_750_000_000_000 + n, success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: 0, cost: 0, duration: 5 },
  bytes: 10,
});

function setup(options = {}, store: LogStore = createMemoryLogStore()) {
  const clock = fakeClock();
  const batches: LogBatch[] = [];
  const recording: LogStore = { ...store, writeLogs: (b) => (batches.push(b), store.writeLogs(b)) };
  const kept: Promise<unknown>[] = [];
  const dropped: Record<string, number> = {};
  const errors: string[] = [];
  const queue = new LogQueue(() => recording, clock, { info: () => {}, error: (m) => errors.push(m) }, (p) => kept.push(p), {
    dropped: (reason, n) => (dropped[reason] = (dropped[reason] ?? 0) + n),
    written: () => {},
  }, { batchSize: 3, flushIntervalMs: 1000, maxQueued: 5, ...options });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { clock, queue, batches, kept, dropped, errors, tick, store };
}

describe('LogQueue', () => {
  it('writes after the interval, in batches, and keeps the runtime alive for each request', async () => {
    const { clock, queue, batches, kept, tick } = setup();
    queue.enqueue(stat(1));
    queue.enqueue(stat(2));
    expect(kept).toHaveLength(2);
    await tick();
    expect(batches).toHaveLength(0);
    clock.advance(1000);
    await Promise.all(kept);
    expect(batches.map((b) => b.rollups.find((r) => r.granularity === 60_000)?.requests)).toEqual([2]);
    expect(queue.depth).toBe(0);
  });

  it('writes at once when a batch fills, without waiting for the timer', async () => {
    const { queue, batches, tick } = setup();
    for (let i = 0; i < 3; i++) queue.enqueue(stat(i));
    for (let i = 0; i < 5 && batches.length === 0; i++) await tick();
    expect(batches).toHaveLength(1);
  });

  it('under steady traffic writes whole batches, not what arrived during the last write', async () => {
    let release = () => {};
    const memory = createMemoryLogStore();
    const slow: LogStore = { ...memory, writeLogs: (b) => new Promise((resolve) => (release = () => resolve(memory.writeLogs(b) as { stored: number; skipped: number }))) };
    const { clock, queue, batches, tick } = setup({ maxQueued: 100 }, slow);
    const sizes = () => batches.map((b) => b.rollups.find((r) => r.granularity === 60_000)?.requests);
    for (let i = 0; i < 3; i++) queue.enqueue(stat(i));
    for (let i = 0; i < 5 && batches.length === 0; i++) await tick();
    queue.enqueue(stat(3)); // arrives while the first batch is being written
    release();
    for (let i = 0; i < 5; i++) await tick();
    expect(sizes()).toEqual([3]);
    queue.enqueue(stat(4));
    queue.enqueue(stat(5));
    for (let i = 0; i < 5 && batches.length === 1; i++) await tick();
    expect(sizes()).toEqual([3, 3]);
    release();
    // A partial batch still goes out once its first request has waited the interval.
    queue.enqueue(stat(6));
    await tick();
    clock.advance(999);
    for (let i = 0; i < 5; i++) await tick();
    expect(sizes()).toEqual([3, 3]);
    clock.advance(1);
    for (let i = 0; i < 5 && batches.length === 2; i++) await tick();
    expect(sizes()).toEqual([3, 3, 1]);
    release();
    await queue.flush();
    expect(queue.depth).toBe(0);
  });

  it('drops with a reason when full, and flush() writes everything', async () => {
    const { queue, batches, dropped } = setup({ batchSize: 100 });
    for (let i = 0; i < 7; i++) queue.enqueue(stat(i));
    expect(dropped).toEqual({ queue_full: 2 });
    expect(queue.depth).toBe(5);
    await queue.flush();
    expect(queue.depth).toBe(0);
    expect(batches).toHaveLength(1);
    const bytes = setup({ maxQueuedBytes: 25 });
    for (let i = 0; i < 3; i++) bytes.queue.enqueue(stat(i));
    expect(bytes.dropped).toEqual({ queue_full: 1 });
  });

  it('retries a failing store, then drops the batch and says so', async () => {
    let calls = 0;
    const failing: LogStore = { ...createMemoryLogStore(), writeLogs: () => { calls++; throw new Error('disk full'); } };
    const { queue, clock, dropped, errors } = setup({ maxAttempts: 2 }, failing);
    queue.enqueue(stat(1));
    const flushed = queue.flush();
    for (let i = 0; i < 20 && calls < 2; i++) {
      clock.advance(1000);
      await new Promise((r) => setTimeout(r, 0));
    }
    await flushed;
    expect(calls).toBe(2);
    expect(dropped).toEqual({ write_failed: 1 });
    expect(errors[0]).toContain('dropped 1 request(s)');
  });
});
