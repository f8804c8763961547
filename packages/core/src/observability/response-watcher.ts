import type { ProxyContext } from '../pipeline/context.ts';
import type { ResponseObserver, StreamOutcome } from '../pipeline/tap-stream.ts';
import type { StreamUsageCounter, Usage } from '../providers/types.ts';
import { BodyCapture } from './body-capture.ts';
import { computeCost } from './cost.ts';
import { isTextual, MAX_LOGGED_BODY_BYTES, type RequestEnd } from './log-entry.ts';
import { usageFromBody, StreamUsageReader } from './usage-reader.ts';
import type { PriceBook } from './cost.ts';

/** How much of a large JSON response's end is kept to find its usage. */
const USAGE_TAIL_BYTES = 16 * 1024;

export interface WatchedResponse extends RequestEnd {
  cacheStatus: string | null;
  overheadMs: number | undefined;
  streamFailed: boolean;
}

/**
 * Watches the response leaving the gateway: counts bytes, keeps the body when it is logged or holds
 * JSON usage, reads SSE usage incrementally, and when the body ends puts usage and cost on
 * `ctx.trace` (before any later observer's `onEnd` runs: budgets and token limits read them), then
 * hands the result to `onDone` in a microtask, after every observer has seen the end.
 */
export class ResponseWatcher implements ResponseObserver {
  private status = 0;
  private contentType: string | null = null;
  private cacheStatus: string | null = null;
  private overheadMs: number | undefined;
  private size = 0;
  private capture: BodyCapture | undefined;
  private keepBody = false;
  private jsonUsage = false;
  private stream: StreamUsageCounter | undefined;
  private ended = false;
  private crashCode: number | null = null;

  constructor(
    private readonly ctx: ProxyContext,
    private readonly prices: PriceBook,
    /** Whether the response body should be kept for the log. */
    private readonly logBody: boolean,
    private readonly onDone: (result: WatchedResponse) => void,
  ) {}

  onResponse(response: Response): void {
    const { ctx } = this;
    this.status = response.status;
    this.contentType = response.headers.get('content-type');
    this.cacheStatus = response.headers.get('cf-aig-cache-status');
    this.overheadMs = performance.now() - ctx.startedAt - ctx.upstreamWaitMs;
    const type = this.contentType ?? '';
    const isSse = type.includes('text/event-stream');
    this.keepBody = this.logBody && isTextual(this.contentType);
    const binary = ctx.provider.binaryStreamUsage;
    if (isSse && ctx.provider.usageFromEvent && response.status < 400) this.stream = new StreamUsageReader(ctx.provider);
    else if (binary && response.status < 400 && type.toLowerCase().includes(binary.contentType)) this.stream = binary.create();
    this.jsonUsage = !isSse && /json/i.test(type) && ctx.provider.usageFromJson !== undefined && response.status < 400;
    if (this.keepBody || this.jsonUsage) this.capture = new BodyCapture(MAX_LOGGED_BODY_BYTES, this.jsonUsage ? USAGE_TAIL_BYTES : 0);
  }

  onChunk(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
    this.capture?.push(chunk);
    this.stream?.push(chunk);
  }

  onEnd(outcome: StreamOutcome): void {
    if (this.ended) return;
    this.ended = true;
    const { ctx } = this;
    const capture = this.capture;
    let usage: Usage | undefined;
    let text: string | undefined;
    if (this.stream) usage = this.stream.end();
    else if (this.jsonUsage && capture && outcome === 'complete') {
      text = capture.text();
      usage = usageFromBody(ctx.provider, { text, truncated: capture.truncated, tail: () => capture.tailText() });
    }
    const cost = computeCost({
      usage,
      price: this.prices.lookup(ctx.provider.id, ctx.model()),
      customCost: ctx.options.customCost,
      cached: ctx.trace.cached !== undefined,
      status: this.status,
    });
    ctx.trace.usage = usage;
    ctx.trace.cost = cost;
    const errorCode = ctx.trace.error?.code ?? this.crashCode ?? (outcome === 'cancelled' ? 2106 : outcome === 'error' ? 2005 : null);
    const result: WatchedResponse = {
      status: this.status,
      responseContentType: this.contentType,
      responseSize: this.size,
      responseBody: this.keepBody && capture ? { text: text ?? capture.text(), truncated: capture.truncated } : null,
      durationMs: performance.now() - ctx.startedAt,
      usage,
      cost,
      errorCode,
      cacheStatus: this.cacheStatus,
      overheadMs: this.overheadMs,
      streamFailed: outcome === 'error',
    };
    queueMicrotask(() => this.onDone(result));
  }

  /** The pipeline threw something that is not a `GatewayError`: the client gets a 500. */
  crashed(): void {
    if (this.ended) return;
    this.status = 500;
    this.crashCode = 2199;
    this.onEnd('complete');
  }
}
