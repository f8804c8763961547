import type { CompiledRule } from './guardrail-rules.ts';
import { HoldbackScanner, type Piece, type ScanStep, type Unit } from './holdback-scanner.ts';
import { textLeaves } from './json-text.ts';
import type { Hit } from './scan-text.ts';

const encoder = new TextEncoder();

/** End (exclusive, blank line included) of the first complete SSE event in `text` after `from`. */
function eventEnd(text: string, from = 0): number {
  const lf = text.indexOf('\n\n', from);
  const crlf = text.indexOf('\r\n\r\n', from);
  if (lf === -1 && crlf === -1) return -1;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return crlf + 4;
  return lf + 2;
}

/**
 * One SSE event as a unit: the strings of its JSON `data` that carry generated text are its
 * pieces. Unchanged events are sent byte for byte; a changed one gets its data re-serialised
 * (other lines such as `event:` and `id:` are kept).
 */
export function sseUnit(raw: string): Unit {
  const newline = raw.includes('\r\n') ? '\r\n' : '\n';
  const lines = raw.split(/\r?\n/);
  const dataLines = lines.filter((l) => l.startsWith('data:')).map((l) => (l.charCodeAt(5) === 32 ? l.slice(6) : l.slice(5)));
  let json: unknown;
  if (dataLines.length > 0) {
    try {
      json = JSON.parse(dataLines.join('\n'));
    } catch {
      json = undefined;
    }
  }
  if (typeof json !== 'object' || json === null) return { pieces: [], render: () => raw };
  const leaves = textLeaves(json, 'stream');
  const pieces: Piece[] = leaves.map((l) => ({ text: l.text }));
  return {
    pieces,
    render() {
      if (pieces.every((p, i) => p.text === leaves[i]!.text)) return raw;
      pieces.forEach((p, i) => leaves[i]!.set(p.text));
      const out: string[] = [];
      let placed = false;
      for (const line of lines) {
        if (!line.startsWith('data:')) out.push(line);
        else if (!placed) {
          out.push(`data: ${JSON.stringify(json)}`);
          placed = true;
        }
      }
      return out.join(newline);
    },
  };
}

/** A raw text chunk as a unit. */
const textUnit = (text: string): Unit => {
  const piece = { text };
  return { pieces: [piece], render: () => piece.text };
};

export interface StreamGuardOptions {
  rules: readonly CompiledRule[];
  /** SSE (`text/event-stream`): scan event texts. Otherwise the body is scanned as plain text. */
  sse: boolean;
  /** Matches as they become final. */
  onHits(hits: Hit[]): void;
  /** A blocking rule matched: the text to send last (an error event), and the error ending the stream. */
  onBlock(hit: Hit): { lastWords: string | undefined; error: Error };
}

/**
 * Passes a streamed response through the rules without buffering it: whole units (SSE events or
 * text chunks) go out as soon as no match can still reach into them (see `HoldbackScanner`).
 * Redactions are applied in the units before they leave. A block stops the stream: held units
 * are dropped, `lastWords` (the provider's own error event) goes out, then the stream errors so
 * that nothing downstream (the cache) mistakes it for a complete answer.
 */
export function guardStream(body: ReadableStream<Uint8Array>, options: StreamGuardOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const scanner = new HoldbackScanner(options.rules);
  let pending = '';
  let failure: Error | undefined;
  let done = false;

  const units = (text: string, final: boolean): Unit[] => {
    if (!options.sse) return text ? [textUnit(text)] : [];
    pending += text;
    const out: Unit[] = [];
    // One slice per chunk, not per event: a chunk may hold hundreds of events.
    let start = 0;
    for (let end = eventEnd(pending, start); end !== -1; end = eventEnd(pending, start)) {
      out.push(sseUnit(pending.slice(start, end)));
      start = end;
    }
    pending = pending.slice(start);
    if (final && pending) {
      out.push(sseUnit(pending));
      pending = '';
    }
    return out;
  };

  /** Runs units through the scanner; the text to send, or a block. */
  const scan = (list: Unit[], final: boolean): { text: string; blocked?: Hit } => {
    let text = '';
    const take = (step: ScanStep) => {
      if (step.hits.length) options.onHits(step.hits);
      for (const unit of step.ready) text += unit.render();
      return step.blocked;
    };
    for (const unit of list) {
      const blocked = take(scanner.push(unit));
      if (blocked) return { text, blocked };
    }
    if (final) {
      const blocked = take(scanner.end());
      if (blocked) return { text, blocked };
    }
    return { text };
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (failure) return controller.error(failure);
        for (;;) {
          if (done) return controller.close();
          let result: Awaited<ReturnType<typeof reader.read>>;
          try {
            result = await reader.read();
          } catch (err) {
            // Upstream broke: what is held is never sent (it was not checked to the end).
            return controller.error(err);
          }
          const final = result.done;
          const decoded = final ? decoder.decode() : decoder.decode(result.value, { stream: true });
          const { text, blocked } = scan(units(decoded, final), final);
          if (blocked) {
            const { lastWords, error } = options.onBlock(blocked);
            failure = error;
            void reader.cancel(error).catch(() => undefined);
            const out = text + (lastWords ?? '');
            if (out) return controller.enqueue(encoder.encode(out));
            return controller.error(error);
          }
          if (final) done = true;
          if (text) return controller.enqueue(encoder.encode(text));
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
