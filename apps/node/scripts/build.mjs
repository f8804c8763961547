// Bundles apps/node (src/main.ts and the workspace packages it imports) into dist/main.mjs, so the
// gateway runs on plain `node` instead of `node --import tsx`. tsx compiles every .ts file at start
// and keeps a module-loader thread with its own V8 heap alive for the whole life of the process:
// the bundle starts ~3× faster and idles at ~45 MB less RSS (numbers in docs/deployment.md).
//
// Plain JavaScript on purpose: it must run on Node 20 before anything is compiled.
// Usage: node apps/node/scripts/build.mjs [--quiet]
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${appDir}dist`;
// The log writer thread (see @aigw/libsql) is a second entry: src/main.ts points at its bundle.
const workerEntry = fileURLToPath(new URL('../../../packages/libsql/src/log-writer-worker.ts', import.meta.url));
const quiet = process.argv.includes('--quiet');

/**
 * `libsql` loads its prebuilt native addon with a computed `require`, which a bundle cannot follow:
 * it stays an import of the very file the source would have loaded, written relative to dist/ so
 * the checkout can move as a whole.
 */
const nativeExternal = {
  name: 'native-external',
  setup(b) {
    b.onResolve({ filter: /^libsql$/ }, (args) => {
      const resolved = createRequire(args.importer).resolve(args.path);
      const path = relative(outdir, resolved).split(sep).join('/');
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

const started = performance.now();
await build({
  entryPoints: { main: `${appDir}src/main.ts`, 'log-writer-worker': workerEntry },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies bundled into an ES module still call `require` for Node built-ins.
  banner: { js: "import { createRequire as __aigwCreateRequire } from 'node:module'; const require = __aigwCreateRequire(import.meta.url);" },
  plugins: [nativeExternal],
});
if (!quiet) console.log(`[aigw] built ${relative(process.cwd(), outdir) || outdir} in ${Math.round(performance.now() - started)} ms`);
