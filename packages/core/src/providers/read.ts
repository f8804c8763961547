import type { Usage } from './types.ts';

/** Small helpers for reading fields out of untyped JSON without `any`. */
export type Json = Record<string, unknown>;

export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

export const field = (x: unknown, ...path: string[]): unknown => {
  let cur = x;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
};

export const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

export const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Overwrites only the counts that are present, so later events refine earlier ones. */
export function mergeUsage(target: Usage, source: Usage): void {
  if (source.tokensIn !== undefined) target.tokensIn = source.tokensIn;
  if (source.tokensOut !== undefined) target.tokensOut = source.tokensOut;
  if (source.cachedTokensIn !== undefined) target.cachedTokensIn = source.cachedTokensIn;
}
