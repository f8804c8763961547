import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

/** What `wrangler deploy` would upload (built by global-setup.ts), checked for Node-only code. */
describe('the Worker bundle', () => {
  const meta = JSON.parse(readFileSync(inject('workerBuild').metafile, 'utf8')) as Metafile;
  const inputs = Object.keys(meta.inputs);
  /** `@libsql/client/lib-esm/web.js` for `…/node_modules/.pnpm/…/node_modules/@libsql/client/lib-esm/web.js`. */
  const packages = inputs.filter((path) => path.includes('node_modules/')).map((path) => path.split('node_modules/').at(-1)!);

  it('imports nothing at run time but cloudflare:* modules (no node:*, no nodejs_compat needed)', () => {
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((path) => !path.startsWith('cloudflare:'))).toEqual([]);
  });

  it('takes the web build of @libsql/client and nothing Node-only', () => {
    expect(packages).toContain('@libsql/client/lib-esm/web.js');
    const nodeOnly = [
      /^@libsql\/client\/lib-esm\/(node|sqlite3)\.js$/,
      /^libsql\//, // the native driver
      /^@libsql\/[a-z0-9]+-(x64|arm64)/, // its prebuilt binaries
      /^@libsql\/isomorphic-\w+\/node/,
      /^(undici|ws|@hono\/node-server)\//,
    ];
    expect(packages.filter((path) => nodeOnly.some((re) => re.test(path)))).toEqual([]);
    const nodeSources = /packages\/server\/|packages\/libsql\/src\/(index|file-directory)\.ts$/;
    expect(inputs.filter((path) => nodeSources.test(path))).toEqual([]);
  });

  it('is built from the Worker entry, the core and the D1 and web libSQL drivers', () => {
    expect(inputs).toContain('src/index.ts');
    for (const source of ['packages/core/src/gateway.ts', 'packages/libsql/src/d1.ts', 'packages/libsql/src/web.ts']) {
      expect(inputs.some((path) => path.endsWith(source)), source).toBe(true);
    }
  });
});
