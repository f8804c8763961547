/** The status line and headers of the response a flight carries. */
export interface FlightHead {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Set when the leader was itself answered by a semantic match (its score). */
  semanticScore?: number;
}

/**
 * One upstream call shared by concurrent identical requests (request coalescing). The leader
 * publishes the response head and then each body chunk as its own client receives it; followers
 * read the same chunks, from the first, at their own pace. A flight that ends before a
 * cacheable head tells followers to make their own call (`head` resolves `undefined`).
 */
export class Flight {
  readonly head: Promise<FlightHead | undefined>;
  /** Every chunk so far, in order (copies: the leader's buffers belong to its client). */
  readonly chunks: Uint8Array[] = [];
  private settleHead!: (head: FlightHead | undefined) => void;
  private outcome: { ok: true } | { ok: false; error: unknown } | undefined;
  private waiting: (() => void)[] = [];
  private readers = 0;
  private retaining = true;

  constructor() {
    this.head = new Promise((resolve) => (this.settleHead = resolve));
  }

  /** The leader has a cacheable response: followers may start reading. */
  start(head: FlightHead): void {
    this.settleHead(head);
  }

  /** The leader has no cacheable response (error, non-2xx): followers go upstream themselves. */
  abandon(): void {
    this.settleHead(undefined);
  }

  push(chunk: Uint8Array): void {
    if (!this.retaining) return;
    this.chunks.push(chunk.slice());
    this.wake();
  }

  /**
   * The body will not be cached (too large). Chunks are kept only while followers are reading
   * them, so an uncacheable body is not held in memory for nobody.
   * @returns whether followers are still reading
   */
  release(): boolean {
    if (this.readers > 0) return true;
    this.retaining = false;
    this.chunks.length = 0;
    return false;
  }

  end(error?: unknown): void {
    if (this.outcome) return;
    this.outcome = error === undefined ? { ok: true } : { ok: false, error };
    this.settleHead(undefined);
    this.wake();
  }

  get completed(): boolean {
    return this.outcome?.ok === true;
  }

  /**
   * Joins as a follower: resolves the head and a copy of the body (every chunk so far, then each
   * new one, ending as the leader's did), or `undefined` when the follower must call upstream.
   * The follower counts as a reader from this call on, so no chunk it needs is released.
   */
  async follow(): Promise<{ head: FlightHead; body: ReadableStream<Uint8Array> } | undefined> {
    this.readers++;
    const head = await this.head;
    if (!head || !this.retaining) {
      this.readers--;
      return undefined;
    }
    return { head, body: this.body() };
  }

  private body(): ReadableStream<Uint8Array> {
    let next = 0;
    let done = false;
    const finish = () => {
      if (!done) this.readers--;
      done = true;
    };
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          while (next >= this.chunks.length && !this.outcome) await new Promise<void>((resolve) => this.waiting.push(resolve));
          const chunk = this.chunks[next];
          if (chunk) {
            next++;
            // Each reader gets its own copy: some runtimes take ownership of enqueued buffers.
            controller.enqueue(chunk.slice());
            return;
          }
          finish();
          if (this.outcome?.ok) controller.close();
          else controller.error(this.outcome && !this.outcome.ok ? this.outcome.error : new Error('[aigw] [cache] shared response ended early'));
        },
        cancel: finish,
      },
      { highWaterMark: 0 },
    );
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
