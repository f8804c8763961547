import type { Clock } from '../clock.ts';

/**
 * A clock for tests. Time moves only through `advance()`. Waits are recorded; with `auto` they
 * resolve at once, otherwise when `advance()` passes their time.
 */
export class ManualClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(
    start = 1_700_000_000_000,
    private readonly auto = true,
  ) {
    this.time = start;
  }

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.auto) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal.reason);
      }, { once: true });
    });
  };

  /** Moves time forward, resolving the waits that are due, and lets their continuations run. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.resolve();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }

  get pending(): number {
    return this.timers.length;
  }
}
