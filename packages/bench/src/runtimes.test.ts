import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './paths.ts';
import { NODE_START_FLAGS, nodeStartFlags } from './runtimes.ts';

const startScript = (pkg: string) => (JSON.parse(readFileSync(join(REPO_ROOT, pkg), 'utf8')) as { scripts: { start: string } }).scripts.start;

describe('nodeStartFlags', () => {
  it('reads the Node flags between `node` and dist/main.mjs', () => {
    expect(nodeStartFlags('node scripts/build.mjs && node dist/main.mjs')).toEqual([]);
    expect(nodeStartFlags('node scripts/build.mjs && node --max-semi-space-size=4 --enable-source-maps dist/main.mjs')).toEqual([
      '--max-semi-space-size=4',
      '--enable-source-maps',
    ]);
  });

  it('refuses a start script that does not run the bundle', () => {
    expect(() => nodeStartFlags('tsx src/main.ts')).toThrow(/dist\/main\.mjs/);
  });

  it('the root `pnpm start` runs the same bundle with the same flags as apps/node', () => {
    const root = startScript('package.json');
    expect(root).toContain('apps/node/scripts/build.mjs');
    expect(nodeStartFlags(root.replaceAll('apps/node/', ''))).toEqual(NODE_START_FLAGS);
  });
});
