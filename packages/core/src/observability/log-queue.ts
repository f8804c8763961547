import type { Clock } from '../clock.ts';
import type { Logger } from '../gateway-deps.ts';
import type { LogLimit, LogStore, StoredLog } from './log-store.ts';
import { buildRollups, type RequestStat } from './rollup.ts';

/** One finished request on its way to the store. */
export interface QueuedRequest {
  /** The log row, when the request is logged. */
  log?: StoredLog;
  /** Every request feeds the analytics rollups. */
  stat: RequestStat;
  /** The gateway's `log_management` when the request was made. */
  limit?: LogLimit;
  /** Approximate memory held (bodies), for the byte bound. */
  bytes: number;
}

export interface LogQueueOptions {
  /** Writes are batched up to this many requests. Default 200. */
  batchSize?: number;
  /** A batch is written at most this long after its first request. Default 500 ms. */
  flushIntervalMs?: number;
  /** Requests held at most; more are dropped (and counted). Default 20,000. */
  maxQueued?: number;
  /** Bytes of bodies held at most. Default 64 MiB. */
  maxQueuedBytes?: number;
  /** Attempts per batch before it is dropped. Default 3. */
  maxAttempts?: number;
}

export interface LogQueueEvents {
  /** Requests dropped: `queue_full` (bound reached), `write_failed` (store kept failing), `limit` (log_management STOP_INSERTING). */
  dropped(reason: 'queue_full' | 'write_failed' | 'limit', count: number): void;
  written(count: number): void;
}

/**
 * Batches finished requests and writes them in the background, so logging never waits on storage
 * in the request path. Bounded: when full it drops (and reports) instead of growing or blocking.
 * Writes are serialised: one batch at a time, in arrival order. A batch is written when it is full
 * or its first request has waited `flushIntervalMs`, never sooner: under steady traffic each write
 * carries a whole batch, not the few requests that arrived during the previous write (every write
 * has a fixed cost, a transaction and rollup upserts, that its rows share). `flush()` writes
 * everything now.
 */
export class LogQueue {
  private items: QueuedRequest[] = [];
  /** `clock.now()` when each queued item arrived, in `items` order. */
  private arrivals: number[] = [];
  private bytes = 0;
  /** Cuts the writer's wait for a batch short (a batch filled, or `flush()`). */
  private wake: AbortController | undefined;
  private running: Promise<void> | undefined;
  private flushing = 0;
  private readonly batchSize: number;
  private readonly interval: number;
  private readonly maxQueued: number;
  private readonly maxBytes: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly store: () => LogStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly waitUntil: (p: Promise<unknown>) => void,
    private readonly events: LogQueueEvents,
    options: LogQueueOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.interval = options.flushIntervalMs ?? 500;
    this.maxQueued = options.maxQueued ?? 20_000;
    this.maxBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Requests waiting to be written. */
  get depth(): number {
    return this.items.length;
  }

  get capacity(): number {
    return this.maxQueued;
  }

  /** Queues a finished request. Never blocks and never throws. */
  enqueue(item: QueuedRequest): void {
    if (this.items.length >= this.maxQueued || this.bytes + item.bytes > this.maxBytes) {
      this.events.dropped('queue_full', 1);
      return;
    }
    this.items.push(item);
    this.arrivals.push(this.clock.now());
    this.bytes += item.bytes;
    if (this.items.length >= this.batchSize) this.wake?.abort();
    // Every request keeps the runtime alive (Workers) until the write that includes it is done.
    this.waitUntil(this.run());
  }

  /** Writes everything queued now; resolves when the queue is empty and no write is running. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.wake?.abort();
      while (this.items.length > 0 || this.running) await this.run();
    } finally {
      this.flushing--;
    }
  }

  /**
   * The writer: resolves once the queue is empty. A request queued as it ends finds it still set
   * and is waited for by the same promise, through the writer started for it.
   */
  private run(): Promise<void> {
    this.running ??= this.writeAll().finally(() => {
      this.running = undefined;
      if (this.items.length > 0) return this.run();
    });
    return this.running;
  }

  private async writeAll(): Promise<void> {
    // True once a wait ran its course: the batch is due whatever `clock.now()` says next.
    let due = false;
    while (this.items.length > 0) {
      const wait = this.arrivals[0]! + this.interval - this.clock.now();
      if (!due && this.items.length < this.batchSize && this.flushing === 0 && wait > 0) {
        const wake = new AbortController();
        this.wake = wake;
        due = await this.clock.sleep(wait, wake.signal).then(() => true, () => false);
        if (this.wake === wake) this.wake = undefined;
        continue;
      }
      due = false;
      const batch = this.items.splice(0, this.batchSize);
      this.arrivals.splice(0, batch.length);
      for (const item of batch) this.bytes -= item.bytes;
      await this.write(batch);
    }
  }

  private async write(batch: QueuedRequest[]): Promise<void> {
    const logs: StoredLog[] = [];
    const limits: Record<string, LogLimit> = {};
    for (const item of batch) {
      if (!item.log) continue;
      logs.push(item.log);
      if (item.limit) limits[item.log.gateway] = item.limit;
    }
    const rollups = buildRollups(batch.map((i) => i.stat));
    for (let attempt = 1; ; attempt++) {
      try {
        const { stored, skipped } = await this.store().writeLogs({ logs, rollups, limits });
        this.events.written(stored);
        if (skipped > 0) this.events.dropped('limit', skipped);
        return;
      } catch (err) {
        if (attempt >= this.maxAttempts) {
          this.logger.error(`[aigw] [logs] dropped ${batch.length} request(s) after ${attempt} failed writes`, err);
          this.events.dropped('write_failed', batch.length);
          return;
        }
        await this.clock.sleep(100 * 2 ** attempt).catch(() => undefined);
      }
    }
  }
}
