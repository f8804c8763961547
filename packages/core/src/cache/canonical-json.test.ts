import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, 'x'] })).toBe('{"a":[{"c":3,"d":2},"x"],"b":1}');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('matches JSON.stringify for scalars and drops undefined members like it', () => {
    for (const v of [null, true, 0, -1.5, 'q"\\☃', 1e21]) expect(canonicalJson(v)).toBe(JSON.stringify(v));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('is the same for objects that differ only in key order', () => {
    const a = JSON.parse('{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0}');
    const b = JSON.parse('{"temperature":0,"messages":[{"content":"hi","role":"user"}],"model":"m"}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).not.toBe(canonicalJson({ ...b, temperature: 1 }));
  });
});
