/** One server-sent event: its `event:` name (when given) and its `data:` lines joined by `\n`. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Incremental SSE parser (the WHATWG event-stream rules aigw needs): feed it decoded text in any
 * split, get whole events back. Accepts `\n`, `\r\n` and `\r` line ends; ignores comments and ids.
 *
 * @example
 * const parser = new SseParser();
 * parser.push('data: {"a"'); // []
 * parser.push(':1}\n\n');    // [{ data: '{"a":1}' }]
 */
export class SseParser {
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];

  push(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = this.nextLineEnd(start);
      if (nl === -1) break;
      const line = this.buffer.slice(start, nl);
      start = nl + (this.buffer[nl] === '\r' && this.buffer[nl + 1] === '\n' ? 2 : 1);
      this.line(line, out);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Flushes an event that was not followed by a blank line before the stream ended. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.buffer !== '') this.line(this.buffer.replace(/\r$/, ''), out);
    this.buffer = '';
    this.line('', out);
    return out;
  }

  /** Index of the next line end, or -1; a `\r` at the very end waits for a possible `\n`. */
  private nextLineEnd(from: number): number {
    for (let i = from; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c === 10) return i;
      if (c === 13) return i + 1 < this.buffer.length ? i : -1;
    }
    return -1;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push(this.event === undefined ? { data: this.data.join('\n') } : { event: this.event, data: this.data.join('\n') });
      this.event = undefined;
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.data.push(value);
    else if (name === 'event') this.event = value;
  }
}

/** `data: JSON\n\n` */
export const sseData = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

/** `event: NAME\ndata: JSON\n\n` */
export const sseEvent = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
