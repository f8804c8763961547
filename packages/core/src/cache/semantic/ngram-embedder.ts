import { normalize } from '../cosine.ts';
import type { Embedder } from './embedder.ts';

/** Vector length of the built-in embedder: 2 KiB a vector, enough spread for prompt-sized texts. */
export const NGRAM_DIMENSIONS = 512;

/**
 * Function words carry little of what a prompt asks, but make any two prompts look alike. Question
 * words (what, why, how, who, when, where, which) are kept: "why" and "how" ask different things.
 */
const STOP_WORDS = new Set(
  ('a an the of in on at to for is are was were be been do does did i me my you your it its whats can could would should ' +
    'please tell give and or with by from that this there will shall may might s about into than then them they we our us just some')
    .split(' '),
);

/** FNV-1a, 32 bits, with a seed so one feature yields independent bucket and sign hashes. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Lower case, accents and punctuation removed, content words only. */
export function contentWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
}

/**
 * Hashed character n-gram vector of a text: character 3- to 5-grams of each content word (padded
 * with spaces so word starts and ends count), log-scaled counts, signed feature hashing into
 * `dims` buckets, unit length. Paraphrases that reuse words or word stems score high; prompts that
 * differ in one content word score lower, but not always below the threshold (see docs/cache.md).
 *
 * @example
 * cosine(ngramVector('How do I reverse a list in Python?'), ngramVector('how to reverse a python list')) // ≈ 0.97
 */
export function ngramVector(text: string, dims = NGRAM_DIMENSIONS): Float32Array {
  const counts = new Map<string, number>();
  for (const word of contentWords(text)) {
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n);
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
      }
    }
  }
  const vector = new Float32Array(dims);
  for (const [gram, count] of counts) {
    const sign = fnv1a(gram, 0x9e3779b9) & 1 ? 1 : -1;
    vector[fnv1a(gram) % dims]! += sign * (1 + Math.log(count));
  }
  return normalize(vector);
}

/** The default embedder: no network, no model, a few microseconds a prompt. */
export const ngramEmbedder: Embedder = {
  id: `ngram-v1-${NGRAM_DIMENSIONS}`,
  embed: async (text) => ngramVector(text),
};
