import { describe, expect, it } from 'vitest';
import { readEmbedding } from './provider-embedder.ts';

describe('readEmbedding', () => {
  it('reads float arrays and base64 little-endian float32', () => {
    expect(readEmbedding({ data: [{ embedding: [0.5, -1, 2] }] })).toEqual(Float32Array.from([0.5, -1, 2]));
    const floats = Float32Array.from([0.25, -0.5, 3]);
    let binary = '';
    for (const b of new Uint8Array(floats.buffer)) binary += String.fromCharCode(b);
    expect(readEmbedding({ data: [{ embedding: btoa(binary) }] })).toEqual(floats);
  });

  it('refuses responses without an embedding', () => {
    for (const body of [{}, { data: [] }, { data: [{ embedding: [] }] }, { data: [{ embedding: ['x'] }] }, null]) {
      expect(() => readEmbedding(body)).toThrow('no data[0].embedding');
    }
  });
});
