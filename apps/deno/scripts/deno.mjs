#!/usr/bin/env node
/**
 * Runs the Deno that package.json pins (the binary of the matching `@deno/<platform>` package, or
 * `deno` on PATH where none matches) with this script's arguments, and passes SIGINT/SIGTERM on.
 *
 * Why not the `deno` npm package: pnpm links its `bin.cjs` into node_modules/.bin, where
 * `deno task` finds it before its own executable; that shim runs Deno under `spawnSync` and dies
 * on SIGTERM without passing it on, so the server is orphaned instead of shutting down.
 *
 * @example
 * node scripts/deno.mjs task serve
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the pinned Deno binary, or `deno` when this platform has no package. */
export function denoBinary() {
  const platform = process.platform === 'linux' ? `linux-${process.arch}-glibc` : `${process.platform}-${process.arch}`;
  try {
    const pkg = createRequire(import.meta.url).resolve(`@deno/${platform}/package.json`);
    return join(dirname(pkg), process.platform === 'win32' ? 'deno.exe' : 'deno');
  } catch {
    return 'deno';
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const child = spawn(denoBinary(), process.argv.slice(2), { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`[aigw] [deno] cannot start ${denoBinary()}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
