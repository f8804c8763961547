import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations, renderMigrationsModule } from '../scripts/read-migrations.ts';
import { migrations } from './migrations.ts';

const root = join(import.meta.dirname, '..');
const regenerate = 'run `pnpm --filter @aigw/libsql gen:migrations` and commit drizzle/ and src/migrations.ts';

describe('migrations', () => {
  it(`embeds exactly the SQL in drizzle/ (else ${regenerate})`, () => {
    const files = readMigrations(join(root, 'drizzle'));
    expect(migrations).toEqual(files);
    expect(readFileSync(join(root, 'src', 'migrations.ts'), 'utf8')).toBe(renderMigrationsModule(files));
  });

  it(`are up to date with src/schema.ts (else ${regenerate})`, () => {
    const out = mkdtempSync(join(tmpdir(), 'aigw-drizzle-'));
    try {
      cpSync(join(root, 'drizzle'), out, { recursive: true });
      // drizzle-kit prefixes `--out` with `./` and exits 0 on errors: pass it relative, read its output.
      const output = execFileSync(
        join(root, 'node_modules', '.bin', 'drizzle-kit'),
        ['generate', '--dialect', 'sqlite', '--schema', './src/schema.ts', '--out', relative(root, out)],
        { cwd: root, encoding: 'utf8', stdio: 'pipe' },
      );
      expect(output).toContain('No schema changes');
      expect(readdirSync(out).sort()).toEqual(readdirSync(join(root, 'drizzle')).sort());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
