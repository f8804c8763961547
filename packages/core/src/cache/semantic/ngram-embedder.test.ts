import { describe, expect, it } from 'vitest';
import { cosine } from '../cosine.ts';
import { DEFAULT_SEMANTIC_THRESHOLD } from '../semantic-settings.ts';
import { contentWords, NGRAM_DIMENSIONS, ngramEmbedder, ngramVector } from './ngram-embedder.ts';
import fixture from './paraphrase-pairs.json' with { type: 'json' };
import { semanticRequest } from './semantic-request.ts';

interface Pair {
  a: string;
  b: string;
  paraphrase: boolean;
}

/** The cache's decision for two prompts: same guards (numbers, negations), and similar enough. */
function wouldMatch(a: string, b: string, threshold: number): { score: number; match: boolean } {
  const body = (text: string) => ({ model: 'm', messages: [{ role: 'user', content: text }] });
  const ra = semanticRequest(body(a), '/v1/chat/completions')!;
  const rb = semanticRequest(body(b), '/v1/chat/completions')!;
  const score = cosine(ngramVector(ra.text), ngramVector(rb.text));
  return { score, match: ra.material === rb.material && score >= threshold };
}

function measure(pairs: Pair[], threshold: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    const { match } = wouldMatch(p.a, p.b, threshold);
    if (match && p.paraphrase) tp++;
    else if (match) fp++;
    else if (p.paraphrase) fn++;
  }
  return { precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1), tp, fp, fn };
}

describe('ngram embedder', () => {
  it('makes unit vectors of a fixed length, the same for the same text', () => {
    const v = ngramVector('How do I reverse a list in Python?');
    expect(v).toHaveLength(NGRAM_DIMENSIONS);
    expect(cosine(v, v)).toBeCloseTo(1, 5);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(ngramVector('How do I reverse a list in Python?')).toEqual(v);
    expect(ngramEmbedder.id).toBe(`ngram-v1-${NGRAM_DIMENSIONS}`);
  });

  it('ignores case, accents, punctuation and function words', () => {
    expect(contentWords('What is the Café’s NAME?!')).toEqual(['what', 'cafe', 'name']);
    expect(cosine(ngramVector('Why is the sky blue?'), ngramVector('why is the SKY blue??'))).toBeCloseTo(1, 5);
  });

  it('scores a paraphrase well above an unrelated prompt', () => {
    const q = ngramVector('How do I reverse a list in Python?');
    expect(cosine(q, ngramVector('how can I reverse a python list'))).toBeGreaterThan(0.9);
    expect(cosine(q, ngramVector('What are the health benefits of green tea?'))).toBeLessThan(0.3);
  });

  it('gives an empty or stop-word-only text a zero vector, which matches nothing', () => {
    expect(cosine(ngramVector(''), ngramVector(''))).toBe(0);
    expect(cosine(ngramVector('is it the'), ngramVector('is it the'))).toBe(0);
  });

  it(`measures precision and recall on the labelled pairs (default threshold ${DEFAULT_SEMANTIC_THRESHOLD})`, () => {
    const pairs = fixture.pairs as Pair[];
    expect(pairs.filter((p) => p.paraphrase).length).toBeGreaterThanOrEqual(30);
    expect(pairs.filter((p) => !p.paraphrase).length).toBeGreaterThanOrEqual(30);
    const rows = [0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.91, 0.92, 0.93, 0.95].map((t) => ({ threshold: t, ...measure(pairs, t) }));
    console.log(
      `[aigw] [cache] ngram embedder on ${pairs.length} labelled pairs:\n` +
        rows.map((r) => `  threshold ${r.threshold.toFixed(2)}: precision ${r.precision.toFixed(2)} recall ${r.recall.toFixed(2)} (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})`).join('\n'),
    );
    const atDefault = measure(pairs, DEFAULT_SEMANTIC_THRESHOLD);
    // Regression guards on the documented numbers (docs/cache.md): precision first, recall second.
    expect(atDefault.precision).toBeGreaterThanOrEqual(0.95);
    expect(atDefault.recall).toBeGreaterThanOrEqual(0.55);
  });

  it('keeps numbers and negations as hard guards regardless of similarity', () => {
    expect(wouldMatch('Convert 100 degrees Fahrenheit to Celsius.', 'Convert 90 degrees Fahrenheit to Celsius.', 0.5).match).toBe(false);
    expect(wouldMatch('Is it safe to eat raw cookie dough?', 'Is it not safe to eat raw cookie dough?', 0.5).match).toBe(false);
    expect(wouldMatch('Convert 100 degrees Fahrenheit to Celsius.', 'convert 100 Fahrenheit into Celsius', 0.5).match).toBe(true);
  });
});
