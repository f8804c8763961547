import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The core speaks Web standards only: no runtime modules, globals or storage drivers (STYLE.md). */
const FORBIDDEN = [
  /from\s+['"]node:/, /import\(\s*['"]node:/, /require\(/, /from\s+['"](bun|bun:[a-z]+)['"]/, /\bBun\./, /\bDeno\./,
  /process\.env/, /from\s+['"](@libsql|drizzle-orm|undici|@hono\/node-server|better-sqlite3)/,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !path.includes('/testing/') ? [path] : [];
  });
}

describe('packages/core', () => {
  it('imports nothing runtime-specific and no driver', () => {
    const files = sources(join(import.meta.dirname, '.'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${f}: ${re}`);
    });
    expect(offenders).toEqual([]);
  });

  it('declares no runtime-specific dependency: only these runtime-neutral, pure-JS ones', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@noble/hashes', 'hono', 'uuidv7', 'valibot']);
  });
});
