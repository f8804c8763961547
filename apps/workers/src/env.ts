import type { Env } from '@aigw/core';
import type { D1DatabaseBinding } from '@aigw/libsql/d1';

/**
 * What the Worker receives as `env`: wrangler `vars` / `--var` (SPEC §2 names), secrets, and the
 * D1 binding `DB`. A `vars` entry written as a JSON object in wrangler.jsonc (handy for
 * `AIGW_CONFIG_JSON`) arrives as an object, not a string.
 */
export interface WorkerEnv {
  DB?: D1DatabaseBinding;
  [name: string]: unknown;
}

/**
 * The SPEC §2 variables as the core reads them: strings only. Objects (JSON `vars`) are
 * serialised, numbers and booleans stringified, bindings left out.
 */
export function gatewayEnv(env: WorkerEnv): Env {
  const out: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('AIGW_')) continue;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (value !== null && typeof value === 'object' && isPlainJson(value)) out[name] = JSON.stringify(value);
  }
  return out;
}

function isPlainJson(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}
