import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortUrl, summarizeProfile } from './profile-summary.ts';

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
});
