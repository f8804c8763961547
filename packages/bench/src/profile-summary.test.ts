import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { shortUrl, sourceMapper, summarizeProfile } from './profile-summary.ts';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });

describe('summarizeProfile', () => {
  it('ranks self time by function, package and nearest aigw caller, after a start time', () => {
    const profile = {
      startTime: 1000,
      nodes: [
        frame(1, '(root)', '', [2, 4]),
        frame(2, 'handle', 'file:///repo/packages/core/src/gateway.ts', [3]),
        frame(3, 'run', 'file:///repo/node_modules/.pnpm/libsql@1/node_modules/libsql/index.js'),
        frame(4, '(idle)', ''),
      ],
      samples: [3, 3, 3, 2, 4],
      timeDeltas: [500, 1000, 1000, 1000, 5000],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'prof-')), 'p.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    const s = summarizeProfile(file, '/repo', 2000);
    expect(s.totalMs).toBe(3);
    expect(s.functions[0]).toEqual({ name: 'libsql/index.js:run:1', ms: 2, pct: 66.7 });
    expect(s.owners.map((o) => o.name)).toEqual(['libsql', 'packages/core']);
    expect(s.byOurCaller).toEqual([{ name: 'packages/core/src/gateway.ts:handle:1', ms: 3, pct: 100 }]);
  });

  it('shortens URLs to package or repo paths', () => {
    expect(shortUrl('file:///r/node_modules/.pnpm/hono@4/node_modules/hono/dist/a.js', '/r')).toBe('hono/dist/a.js');
    expect(shortUrl('file:///r/apps/node/src/main.ts', '/r')).toBe('apps/node/src/main.ts');
    expect(shortUrl('node:events', '/r')).toBe('node:events');
  });

  it("moves a bundle's frames to the source files and lines of its source map", () => {
    const dir = mkdtempSync(join(tmpdir(), 'prof-'));
    mkdirSync(join(dir, 'dist'));
    const bundle = join(dir, 'dist/main.mjs');
    writeFileSync(bundle, 'a();\nb();\n');
    // Generated line 0 → a.ts line 0; generated line 1 → b.ts line 4.
    writeFileSync(`${bundle}.map`, JSON.stringify({ version: 3, sources: ['../src/a.ts', '../src/b.ts'], names: [], mappings: 'AAAA;ACIA' }));
    const map = sourceMapper();
    const url = pathToFileURL(bundle).href;
    expect(map({ functionName: 'b', url, lineNumber: 1, columnNumber: 0 })).toEqual({ functionName: 'b', url: pathToFileURL(join(dir, 'src/b.ts')).href, lineNumber: 4, columnNumber: 0 });
    expect(map({ functionName: 'a', url, lineNumber: 0, columnNumber: 0 }).url).toBe(pathToFileURL(join(dir, 'src/a.ts')).href);
    // No map beside the file, or not a file: unchanged.
    const plain = { functionName: 'x', url: pathToFileURL(join(dir, 'other.js')).href, lineNumber: 3 };
    expect(map(plain)).toBe(plain);
    expect(map({ functionName: 'y', url: 'node:events', lineNumber: 1 }).url).toBe('node:events');
  });
});
