/**
 * Incremental Server-Sent Events reading, for usage and for removing events, without buffering
 * more than one unfinished line or event. Lines end in LF or CRLF (every LLM provider's choice).
 */

import type { ChunkFilter } from '../pipeline/tap-stream.ts';

/** Whether `haystack` contains the bytes of `needle`. */
export function hasBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first!); i !== -1 && i <= last; i = haystack.indexOf(first!, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

/** Whether a chunk ends exactly after an event (a blank line). */
export function endsEvent(chunk: Uint8Array): boolean {
  const n = chunk.length;
  return n >= 2 && chunk[n - 1] === 10 && (chunk[n - 2] === 10 || (n >= 4 && chunk[n - 2] === 13 && chunk[n - 3] === 10));
}

/**
 * Feeds body chunks in, calls `onData` with the `data` of each complete event (multi-line data
 * joined with LF). Cheap when `onData` is cheap: one decode and one scan per chunk.
 *
 * @example
 * const reader = new SseDataReader((data) => data.includes('usage') && handle(JSON.parse(data)));
 * reader.push(chunk); … reader.end();
 */
export class SseDataReader {
  private readonly decoder = new TextDecoder();
  private partial = '';
  private data: string | undefined;
  private atBoundary = true;

  /**
   * With `markers`, a chunk made of whole events that contains none of them is skipped without
   * decoding: most chunks of a long stream.
   */
  constructor(
    private readonly onData: (data: string) => void,
    private readonly markers: readonly Uint8Array[] = [],
  ) {}

  push(chunk: Uint8Array): void {
    const whole = endsEvent(chunk);
    // Skipping is safe only between events: no line, event or character is half-read.
    if (this.markers.length && this.atBoundary && whole && !this.markers.some((m) => hasBytes(chunk, m))) return;
    this.atBoundary = whole;
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** The body ended: a last event without its blank line still counts. */
  end(): void {
    this.feed(this.decoder.decode());
    if (this.partial) this.line(this.partial);
    this.partial = '';
    this.dispatch();
  }

  private feed(text: string): void {
    if (!text) return;
    let start = 0;
    const buffer = this.partial ? this.partial + text : text;
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      if (lf === -1) break;
      const end = lf > start && buffer.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
      this.line(buffer.slice(start, end));
      start = lf + 1;
    }
    this.partial = start < buffer.length ? buffer.slice(start) : '';
  }

  private line(line: string): void {
    if (line.length === 0) return this.dispatch();
    if (!line.startsWith('data:')) return;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }

  private dispatch(): void {
    const data = this.data;
    this.data = undefined;
    if (data !== undefined) this.onData(data);
  }
}

const encoder = new TextEncoder();

/**
 * Leaves out each event of an SSE body whose `data` makes `drop` return true, chunk by chunk.
 * Whole events are forwarded as soon as their closing blank line arrives; only an unfinished event
 * is held back. With `marker` (bytes every dropped event contains), a chunk of whole events without
 * it passes as it is, undecoded.
 */
export function sseEventFilter(drop: (data: string) => boolean, marker?: Uint8Array): ChunkFilter {
  const decoder = new TextDecoder();
  let pending = '';
  let atBoundary = true;
  const keep = (event: string) => !drop(eventData(event));
  const take = (final: boolean): Uint8Array | undefined => {
    let out = '';
    for (;;) {
      const boundary = eventBoundary(pending);
      if (!boundary) break;
      const event = pending.slice(0, boundary.end);
      pending = pending.slice(boundary.end);
      if (keep(event)) out += event;
    }
    if (final && pending) {
      if (keep(pending)) out += pending;
      pending = '';
    }
    return out ? encoder.encode(out) : undefined;
  };
  return {
    transform(chunk) {
      const whole = endsEvent(chunk);
      if (marker && atBoundary && whole && !hasBytes(chunk, marker)) return chunk;
      atBoundary = whole;
      pending += decoder.decode(chunk, { stream: true });
      return take(false);
    },
    flush() {
      pending += decoder.decode();
      return take(true);
    },
  };
}

/** `sseEventFilter` over a whole stream. */
export function filterSseEvents(body: ReadableStream<Uint8Array>, drop: (data: string) => boolean, marker?: Uint8Array): ReadableStream<Uint8Array> {
  const filter = sseEventFilter(drop, marker);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const out = filter.transform(chunk);
        if (out) controller.enqueue(out);
      },
      flush(controller) {
        const out = filter.flush();
        if (out) controller.enqueue(out);
      },
    }),
  );
}

/** End (exclusive, blank line included) of the first complete event in `text`. */
function eventBoundary(text: string): { end: number } | undefined {
  const lf = text.indexOf('\n\n');
  const crlf = text.indexOf('\r\n\r\n');
  if (lf === -1 && crlf === -1) return undefined;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { end: crlf + 4 };
  return { end: lf + 2 };
}

/** The joined `data` lines of one raw event. */
function eventData(event: string): string {
  let data: string | undefined;
  for (const raw of event.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data ?? '';
}
