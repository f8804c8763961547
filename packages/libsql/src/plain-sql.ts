import { sql, type SQL } from 'drizzle-orm';
import type { RawStatement } from './raw-batch.ts';

/**
 * A plain statement as drizzle SQL, for drivers reached only through drizzle: each `?` binds the
 * next argument, each `?NNN` the NNN-th (the text has no `?` in literals).
 */
export function plainSql({ sql: text, args }: RawStatement): SQL {
  const parts = text.split(/\?(\d*)/);
  let next = 0;
  return sql.join(
    parts.map((part, i) => {
      if (i % 2 === 0) return sql.raw(part);
      const index = part === '' ? next++ : Number(part) - 1;
      return sql`${args[index] ?? null}`;
    }),
  );
}
