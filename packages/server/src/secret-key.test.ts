import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDir, resolveSecretKey } from './secret-key.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-secret-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('resolveSecretKey', () => {
  it('the environment wins', () => {
    expect(resolveSecretKey({ AIGW_SECRET_KEY: 'from-env-0123456789abcdef', AIGW_DB_URL: `file:${join(temp(), 'a.db')}` })).toBe('from-env-0123456789abcdef');
  });

  it('generates a key once in the data directory with mode 0600, then reuses it', () => {
    const dir = temp();
    const env = { AIGW_DB_URL: `file:${join(dir, 'data', 'aigw.db')}` };
    const logs: string[] = [];
    const key = resolveSecretKey(env, (m) => logs.push(m));
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const path = join(dir, 'data', 'secret.key');
    expect(readFileSync(path, 'utf8').trim()).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).toContain(path);
    expect(resolveSecretKey(env, () => {})).toBe(key);
    chmodSync(path, 0o644);
    expect(resolveSecretKey(env, () => {})).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('AIGW_DATA_DIR places the file; :memory: keeps the key in memory only', () => {
    const dir = temp();
    writeFileSync(join(dir, 'secret.key'), 'kept-key-0123456789abcdef\n', { mode: 0o600 });
    expect(resolveSecretKey({ AIGW_DATA_DIR: dir, AIGW_DB_URL: 'libsql://db.example' }, () => {})).toBe('kept-key-0123456789abcdef');
    const a = resolveSecretKey({ AIGW_DB_URL: ':memory:' });
    expect(a).not.toBe(resolveSecretKey({ AIGW_DB_URL: ':memory:' }));
    expect(dataDir({ AIGW_DB_URL: 'file:///srv/aigw/aigw.db' })).toBe('/srv/aigw');
  });
});
