import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '../src/app');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });

describe('dashboard sources', () => {
  it('never turn text into markup (API data is shown with textContent only)', () => {
    const files = sources(appDir);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) =>
      [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/, /localStorage/]
        .filter((re) => re.test(readFileSync(f, 'utf8')))
        .map((re) => `${f}: ${re}`),
    );
    expect(offenders).toEqual([]);
  });
});
