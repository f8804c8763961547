import type { CompiledRule } from './guardrail-rules.ts';
import { blockingHit, findHits, placeholder, redactions, type Hit } from './scan-text.ts';

/** A piece of generated text inside a unit, rewritable in place. */
export interface Piece {
  text: string;
}

/** One indivisible part of a stream (an SSE event, a raw text chunk) and the text it carries. */
export interface Unit {
  pieces: Piece[];
  /** The unit as bytes to send, with its pieces' current text. */
  render(): string;
}

/** What one step of the scanner decided. */
export interface ScanStep {
  /** Units that can leave now, in order. */
  ready: Unit[];
  /** Matches that became final in this step. */
  hits: Hit[];
  /** Set when a blocking rule matched: nothing more may leave. */
  blocked?: Hit;
}

/**
 * Scans the text of a stream as it passes, holding back only the units whose text could still be
 * part of a match that the next units complete. The text of all held units is scanned as one
 * string, so a match split across chunks or events (`jo` + `hn@exa` + `mple.com`) is found whole.
 * How much to hold comes from the matchers: for each, the run of characters at the end of the text
 * that could belong to one of its matches (the current "word" for an email, digits and separators
 * for a card number), capped at its longest match; a unit leaves once it lies entirely before the
 * longest such run. Redactions rewrite pieces before their unit leaves.
 *
 * @example
 * const scanner = new HoldbackScanner(rules);
 * for (const unit of units) for (const ready of scanner.push(unit).ready) send(ready.render());
 * for (const ready of scanner.end().ready) send(ready.render());
 */
export class HoldbackScanner {
  private held: Unit[] = [];
  /** Characters of the held text already scanned as final (their matches are reported). */
  private settled = 0;

  constructor(private readonly rules: readonly CompiledRule[]) {}

  push(unit: Unit): ScanStep {
    this.held.push(unit);
    return this.step(false);
  }

  /** The stream ended: everything held is final. */
  end(): ScanStep {
    return this.step(true);
  }

  /** Characters at the end of `text` that a match in progress could still need. */
  private holdback(text: string): number {
    let hold = 0;
    for (const rule of this.rules) {
      for (const m of rule.matchers) {
        const cap = Math.min(m.maxLength, text.length);
        let n = 0;
        if (!m.alphabet) n = cap;
        else while (n < cap && m.alphabet.test(text[text.length - 1 - n]!)) n++;
        if (n > hold) hold = n;
      }
    }
    return hold;
  }

  private step(final: boolean): ScanStep {
    const pieces = this.held.flatMap((u) => u.pieces);
    const text = pieces.map((p) => p.text).join('');
    const safe = final ? text.length : text.length - this.holdback(text);
    const all = findHits(text, this.rules);
    const hits = all.filter((h) => h.end <= safe && h.end > this.settled);
    const blocked = blockingHit(hits);
    if (blocked) {
      this.held = [];
      return { ready: [], hits, blocked };
    }
    // A match already complete but reaching past `safe` may still grow: nothing of it leaves yet.
    let open = safe;
    for (const h of all) if (h.end > safe && h.start < open) open = h.start;
    const spans = redactions(hits);
    const shift = rewrite(pieces, spans);
    const limit = open + spans.filter((h) => h.end <= open).reduce((n, h) => n + placeholder(h).length - (h.end - h.start), 0);
    this.settled = safe + shift;

    const ready: Unit[] = [];
    let offset = 0;
    while (this.held.length > 0) {
      const unit = this.held[0]!;
      const length = unit.pieces.reduce((n, p) => n + p.text.length, 0);
      // A unit without text leaves as soon as the text before it has: only text can complete a match.
      if (!final && offset + length > limit) break;
      ready.push(unit);
      this.held.shift();
      offset += length;
    }
    this.settled -= offset;
    return { ready, hits };
  }
}

/**
 * Replaces each redacted span (offsets into the pieces joined) by its placeholder: the piece where
 * the span starts gets the placeholder, later pieces lose the rest of the span. Resolves how much
 * longer the text became.
 */
function rewrite(pieces: Piece[], spans: readonly Hit[]): number {
  let shift = 0;
  for (const hit of [...spans].reverse()) {
    let offset = 0;
    let placed = false;
    for (const piece of pieces) {
      const from = offset;
      const to = offset + piece.text.length;
      offset = to;
      if (to <= hit.start || from >= hit.end) continue;
      const cutStart = Math.max(hit.start, from) - from;
      const cutEnd = Math.min(hit.end, to) - from;
      const insert = placed ? '' : placeholder(hit);
      placed = true;
      piece.text = piece.text.slice(0, cutStart) + insert + piece.text.slice(cutEnd);
    }
    shift += placeholder(hit).length - (hit.end - hit.start);
  }
  return shift;
}
