import type { Clock } from '../clock.ts';
import type { Logger } from '../gateway-deps.ts';
import { toHex } from '../crypto.ts';

export type SpanAttributes = Record<string, string | number | boolean | null | undefined>;

/** One request as an OpenTelemetry span (GenAI semantic conventions, `gen_ai.*`). */
export interface GenAiSpan {
  name: string;
  startMs: number;
  endMs: number;
  /** The client's W3C `traceparent`, when it sent one: the span joins that trace. */
  traceparent: string | null;
  attributes: SpanAttributes;
  error: boolean;
}

export interface OtlpTarget {
  /** Full OTLP/HTTP traces URL, e.g. `http://collector:4318/v1/traces`. */
  endpoint: string;
  headers?: Record<string, string>;
}

interface Pending {
  target: OtlpTarget;
  spans: unknown[];
}

const MAX_SPANS_PER_ENDPOINT = 5000;
const BATCH = 200;

const randomHex = (bytes: number) => toHex(crypto.getRandomValues(new Uint8Array(bytes)));

function attribute(key: string, value: string | number | boolean) {
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  if (typeof value === 'number') return { key, value: Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value } };
  return { key, value: { stringValue: value } };
}

/** The OTLP/JSON form of a span. Ids are hex strings, times nanosecond strings, as OTLP/JSON requires. */
export function toOtlpSpan(span: GenAiSpan): Record<string, unknown> {
  const parent = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/.exec(span.traceparent?.trim().toLowerCase() ?? '');
  const nanos = (ms: number) => `${Math.round(ms)}000000`;
  return {
    traceId: parent?.[1] ?? randomHex(16),
    spanId: randomHex(8),
    ...(parent ? { parentSpanId: parent[2] } : {}),
    name: span.name,
    kind: 3,
    startTimeUnixNano: nanos(span.startMs),
    endTimeUnixNano: nanos(Math.max(span.endMs, span.startMs)),
    attributes: Object.entries(span.attributes)
      .filter((e): e is [string, string | number | boolean] => e[1] !== null && e[1] !== undefined)
      .map(([k, v]) => attribute(k, v)),
    status: { code: span.error ? 2 : 1 },
  };
}

/**
 * Sends request spans to OTLP/HTTP collectors (JSON encoding), batched per endpoint in the
 * background. A collector that is down loses its spans (logged once per failed batch); requests are
 * never slowed by it.
 */
export class OtlpExporter {
  private readonly pending = new Map<string, Pending>();
  private timer: { promise: Promise<void>; abort: AbortController } | undefined;

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly waitUntil: (p: Promise<unknown>) => void,
    private readonly intervalMs = 1000,
  ) {}

  export(target: OtlpTarget, span: GenAiSpan): void {
    const key = `${target.endpoint}\u0000${JSON.stringify(target.headers ?? {})}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { target, spans: [] }));
    if (p.spans.length >= MAX_SPANS_PER_ENDPOINT) return;
    p.spans.push(toOtlpSpan(span));
    if (!this.timer) {
      const abort = new AbortController();
      const promise = this.clock
        .sleep(this.intervalMs, abort.signal)
        .catch(() => undefined)
        .then(() => {
          if (this.timer?.abort === abort) this.timer = undefined;
          return this.flush();
        });
      this.timer = { promise, abort };
    }
    this.waitUntil(this.timer.promise);
  }

  /** Sends everything pending now. */
  async flush(): Promise<void> {
    this.timer?.abort.abort();
    const all = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(all.map((p) => this.send(p)));
  }

  private async send({ target, spans }: Pending): Promise<void> {
    for (let i = 0; i < spans.length; i += BATCH) {
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [attribute('service.name', 'aigw')] },
            scopeSpans: [{ scope: { name: 'aigw' }, spans: spans.slice(i, i + BATCH) }],
          },
        ],
      };
      try {
        const res = await this.fetch(target.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...target.headers },
          body: JSON.stringify(body),
        });
        await res.body?.cancel();
        if (!res.ok) this.logger.error(`[aigw] [otlp] ${new URL(target.endpoint).origin} answered ${res.status}`);
      } catch (err) {
        this.logger.error(`[aigw] [otlp] cannot reach ${new URL(target.endpoint).origin}`, err instanceof Error ? err.message : err);
      }
    }
  }
}

/** `gen_ai.operation.name` for an upstream path. */
export function operationName(path: string): string {
  if (/embed/i.test(path)) return 'embeddings';
  if (/(?:^|\/)completions$/.test(path) && !/chat\/completions$/.test(path)) return 'text_completion';
  if (/generateContent$/i.test(path)) return 'generate_content';
  return 'chat';
}
