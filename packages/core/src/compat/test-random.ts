/**
 * Test-only helpers for the unified API's property tests: a seeded PRNG and generators of text,
 * JSON arguments and map contexts. Not exported from the package.
 */
import type { Json } from '../providers/read.ts';
import type { ProviderCompat } from '../providers/types.ts';
import type { MapContext } from './adapter.ts';

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bool = (p = 0.5) => next() < p;
  return { next, int, pick, bool };
}
export type Rng = ReturnType<typeof rng>;

const WORDS = ['alpha', 'beta', 'gamma', 'naïve', 'café', '東京', '🚀', 'x"y', 'back\\slash', 'new\nline', ' ', 'END'];
export const text = (r: Rng, max = 6) => Array.from({ length: 1 + r.int(max) }, () => r.pick(WORDS)).join(r.pick([' ', '', ', ']));
export const TOOL_NAMES = ['get_weather', 'lookup', 'send_mail', 'calc'];

function jsonValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 1 ? 4 : 6);
  if (kind === 0) return text(r, 2);
  if (kind === 1) return r.int(1000) - 500;
  if (kind === 2) return r.bool();
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: r.int(3) }, () => jsonValue(r, depth + 1));
  return args(r, depth + 1);
}
export function args(r: Rng, depth = 0): Json {
  const out: Json = {};
  for (let i = r.int(4); i > 0; i--) out[r.pick(['city', 'q', 'n', 'to', 'body', 'deep'])] = jsonValue(r, depth);
  return out;
}

let idSeq = 0;

/** A map context with fresh, numbered ids (`gen1`, `gen2`, …). */
export const ctxFor = (format: ProviderCompat['format'], provider: string = format): MapContext => ({
  provider,
  model: 'm-1',
  compat: { format, chatPath: 'x' },
  created: 1_700_000_000,
  newId: (prefix) => `${prefix}gen${++idSeq}`,
});

/** The seeds every property runs on. */
export const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);
