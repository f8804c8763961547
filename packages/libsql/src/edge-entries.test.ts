import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module an entry loads, following relative imports. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(join(import.meta.dirname, entry), 'utf8');
  for (const [, specifier] of source.matchAll(/(?:from|import\()\s*['"](\.\/[^'"]+)['"]/g)) {
    if (specifier) importGraph(specifier.slice(2), seen);
  }
  return seen;
}

/** Workers bundle whatever an entry reaches: no node:*, and no native libSQL client. */
const FORBIDDEN: Record<string, RegExp> = {
  'd1.ts': /['"](node:|@libsql\/|drizzle-orm\/libsql)|(from |import\()['"]libsql['"]/,
  'web.ts': /['"](node:|@libsql\/client['"]|drizzle-orm\/libsql['"])|(from |import\()['"]libsql['"]/,
};

describe('entries for Workers', () => {
  for (const [entry, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${entry} loads no node:* module and no native libSQL client`, () => {
      const files = [...importGraph(entry)];
      expect(files).toContain('gateway-store.ts');
      const offenders = files.filter((file) => forbidden.test(readFileSync(join(import.meta.dirname, file), 'utf8')));
      expect(offenders).toEqual([]);
    });
  }
});
