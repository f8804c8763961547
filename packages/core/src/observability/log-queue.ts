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
 * Writes are serialised: one batch at a time, in arrival order. `flush()` writes everything now.
 */
export class LogQueue {
  private items: QueuedRequest[] = [];
  private bytes = 0;
  private timer: AbortController | undefined;
  private pending: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
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
    this.bytes += item.bytes;
    if (this.items.length >= this.batchSize) this.timer?.abort();
    // Every request keeps the runtime alive (Workers) until the write that includes it is done.
    this.waitUntil(this.scheduled());
  }

  /** Writes everything queued now; resolves when the queue is empty and no write is running. */
  async flush(): Promise<void> {
    this.timer?.abort();
    while (this.items.length > 0 || this.writing || this.pending) {
      await (this.pending ?? this.drain());
    }
  }

  /** The promise of the next write: a timer (cut short when a batch fills), then the drain. */
  private scheduled(): Promise<void> {
    if (this.pending) return this.pending;
    const timer = new AbortController();
    this.timer = timer;
    if (this.items.length >= this.batchSize) timer.abort();
    const pending = this.clock
      .sleep(this.interval, timer.signal)
      .catch(() => undefined)
      .then(() => {
        if (this.timer === timer) this.timer = undefined;
        if (this.pending === pending) this.pending = undefined;
        return this.drain();
      });
    this.pending = pending;
    return pending;
  }

  private drain(): Promise<void> {
    if (!this.writing) {
      const writing = (async () => {
        while (this.items.length > 0) {
          const batch = this.items.splice(0, this.batchSize);
          for (const item of batch) this.bytes -= item.bytes;
          await this.write(batch);
        }
      })().finally(() => {
        if (this.writing === writing) this.writing = undefined;
      });
      this.writing = writing;
    }
    return this.writing;
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
