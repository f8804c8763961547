import { describe, expect, it } from 'vitest';
import type { SqliteDb } from './db.ts';
import { writeBatch } from './log-bulk.ts';
import type { RawStatement } from './raw-batch.ts';

describe('writeBatch on a RawBatch that binds many values', () => {
  it('inserts every row in parts of a power of two rows, so a table has a few statement shapes whatever the batch size', async () => {
    const sent: RawStatement[] = [];
    const raw = { maxParams: 1_000, maxValueBytes: 1e9, batch: async (statements: RawStatement[]) => void sent.push(...statements) };
    const columns = Array.from({ length: 37 }, (_, i) => `c${i}`);
    for (let rows = 1; rows <= 200; rows++) {
      const before = sent.length;
      await writeBatch({} as SqliteDb, raw, [{ table: 'logs', columns, rows: Array.from({ length: rows }, (_, r) => columns.map(() => r)) }], []);
      const mine = sent.slice(before);
      // Every row once, in order, and no statement over the limit.
      expect(mine.flatMap((s) => s.args)).toEqual(Array.from({ length: rows }, (_, r) => columns.map(() => r)).flat());
      for (const s of mine) expect(s.args.length).toBeLessThanOrEqual(1_000);
    }
    // 1_000 / 37 = 27 rows at most, so parts of 16, 8, 4, 2 and 1 rows.
    const shapes = new Set(sent.map((s) => s.args.length / columns.length));
    expect([...shapes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16]);
  });
});
