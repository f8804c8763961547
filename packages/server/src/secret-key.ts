import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Env } from '@aigw/core';

/** File in the data directory that keeps a generated `AIGW_SECRET_KEY`. */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The data directory: `AIGW_DATA_DIR`, else the directory of a `file:` database, else `./data`.
 * Relative paths resolve against the current directory, like `file:` URLs.
 */
export function dataDir(env: Env): string {
  if (env.AIGW_DATA_DIR) return resolve(env.AIGW_DATA_DIR);
  const url = env.AIGW_DB_URL ?? 'file:./data/aigw.db';
  if (url.startsWith('file:')) return dirname(resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')));
  return resolve('data');
}

/**
 * `AIGW_SECRET_KEY` (SPEC §2): the environment's when set; otherwise the one kept in
 * `<data dir>/secret.key`, generated (32 random bytes, base64url, file mode 0600) on first start.
 * An in-memory database gets a key for this process only (nothing it encrypts outlives it).
 * Instances sharing a remote database must share one key: set it in their environment.
 */
export function resolveSecretKey(env: Env, log: (message: string) => void = console.log): string {
  if (env.AIGW_SECRET_KEY) return env.AIGW_SECRET_KEY;
  if (env.AIGW_DB_URL === ':memory:') return randomBytes(32).toString('base64url');
  const path = join(dataDir(env), SECRET_KEY_FILE);
  const existing = read(path);
  if (existing) return existing;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64url');
  try {
    // `wx`: of several processes starting at once on one data directory, exactly one writes.
    writeFileSync(path, `${key}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`[aigw] cannot write ${path}: ${(err as Error).message}`);
    return waitForKey(path);
  }
  log(`[aigw] generated AIGW_SECRET_KEY in ${path} (mode 0600): it encrypts stored provider keys, back it up`);
  if (env.AIGW_DB_URL && !env.AIGW_DB_URL.startsWith('file:')) {
    log('[aigw] the database is remote: every instance using it needs this same AIGW_SECRET_KEY in its environment');
  }
  return key;
}

function read(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`[aigw] cannot read ${path}: ${(err as Error).message}`);
  }
  // Someone loosened the mode: tighten it again, the key guards every stored provider key.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return text.trim() || undefined;
}

/** Another process created the file a moment ago: its content may still be on its way. */
function waitForKey(path: string): string {
  for (let i = 0; i < 200; i++) {
    const key = read(path);
    if (key) return key;
    const until = Date.now() + 10;
    while (Date.now() < until) {
      // a rare race at first start: spin briefly rather than make the start-up path async
    }
  }
  throw new Error(`[aigw] ${path} exists but stays empty`);
}
