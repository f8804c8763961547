import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeStorageConformance } from '@aigw/core/testing';
import { createClient } from '@libsql/client';
import Database from 'libsql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { drizzle } from 'drizzle-orm/libsql';
import { createLibsqlStorage } from './index.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-libsql-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (id: string) => ({ id, settings: { cache_ttl: 1 }, created_at: 't', modified_at: 't' });

describeStorageConformance('libsql :memory:', async () => ({ storage: createLibsqlStorage({ url: ':memory:' }) }));

describeStorageConformance('libsql file:', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-libsql-'));
  return {
    storage: createLibsqlStorage({ url: `file:${join(dir, 'nested', 'dir', 'aigw.db')}` }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('createLibsqlStorage with a file: URL', () => {
  it('creates the missing parent directory and switches the file to WAL', async () => {
    const path = join(tempDir(), 'data', 'aigw.db');
    const storage = createLibsqlStorage({ url: `file:${path}` });
    await storage.init?.();
    await storage.close?.();
    expect(existsSync(path)).toBe(true);
    const client = createClient({ url: `file:${path}` });
    expect((await client.execute('PRAGMA journal_mode')).rows[0]?.[0]).toBe('wal');
    client.close();
  });

  it('has counters, cache and admin writes wait for a write lock another connection holds on timers, not on the thread', async () => {
    const path = join(tempDir(), 'aigw.db');
    const storage = createLibsqlStorage({ url: `file:${path}` });
    await storage.init?.();
    // The native binding keeps the transaction on its one connection (the client's pool may not).
    const holder = new Database(path);
    try {
      holder.exec('BEGIN IMMEDIATE');
      let settled = false;
      const started = Date.now();
      const increment = Promise.resolve(storage.counters.incrementCounter({ key: 'rl', amount: 1, expiresAt: 9e12 }));
      const entry = { status: 200, headers: [['content-type', 'application/json']] as [string, string][], chunks: [new Uint8Array([123, 125])], owner: 'o', createdAt: 1, expiresAt: 9e12 };
      const put = Promise.resolve(storage.cache.put('gw', 'k', entry));
      // An admin write (drizzle) waits the same way.
      const created = storage.gateways.createGateway(record('held'));
      void Promise.race([increment, put, created]).finally(() => (settled = true));
      // Other work goes on while the increment waits: a busy timeout inside SQLite would hold this
      // thread (and the holder's COMMIT below) until it gave up.
      await new Promise((r) => setTimeout(r, 30));
      expect(await storage.gateways.getGateway('nope')).toBeUndefined();
      // Generous: a thread held by SQLite's busy timeout would take its 5 s here.
      expect(Date.now() - started).toBeLessThan(2000);
      expect(settled).toBe(false);
      holder.exec('COMMIT');
      expect(await increment).toEqual({ count: 1, previous: 0 });
      expect(await storage.counters.getCounters(['rl'])).toEqual([1]);
      await put;
      expect((await storage.cache.get('gw', 'k', 2))?.chunks).toEqual([new Uint8Array([123, 125])]);
      expect(await created).toBe(true);
      expect(await storage.gateways.getGateway('held')).toEqual(record('held'));
    } finally {
      holder.close();
      await storage.close?.();
    }
  });

  it('resolves a relative path against the current directory', async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const storage = createLibsqlStorage({ url: 'file:./data/aigw.db' });
      await storage.init?.();
      await storage.close?.();
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, 'data', 'aigw.db'))).toBe(true);
  });

  it('migrates once when several instances start at the same time, and they share rows', async () => {
    const url = `file:${join(tempDir(), 'shared.db')}`;
    const instances = [1, 2, 3, 4].map(() => createLibsqlStorage({ url }));
    await Promise.all(instances.map((s) => s.init?.()));
    const [a, b] = instances;
    expect(await a?.gateways.createGateway(record('prod'))).toBe(true);
    expect(await b?.gateways.createGateway(record('prod'))).toBe(false);
    expect(await b?.gateways.getGateway('prod')).toEqual(record('prod'));
    await Promise.all(instances.map((s) => s.close?.()));

    const client = createClient({ url });
    const applied = await client.execute('SELECT tag FROM __aigw_migrations');
    expect(applied.rows.map((r) => r[0])).toEqual(migrations.map((m) => m.tag));
    client.close();
  });

  it('lets several processes start at once on one file and write to it', async () => {
    const url = `file:${join(tempDir(), 'data', 'shared.db')}`;
    const child = `
      const { createLibsqlStorage } = await import('./src/index.ts');
      const storage = createLibsqlStorage({ url: process.env.DB_URL });
      await storage.init();
      for (let n = 0; n < 20; n++) {
        await storage.gateways.createGateway({ id: process.env.PREFIX + n, settings: {}, created_at: 't', modified_at: 't' });
      }
      await storage.close();`;
    const run = (prefix: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
        cwd: join(import.meta.dirname, '..'),
        env: { ...process.env, DB_URL: url, PREFIX: prefix },
      });
    await Promise.all(['a', 'b', 'c'].map(run));
    const storage = createLibsqlStorage({ url });
    expect(await storage.gateways.listGateways()).toHaveLength(60);
    await storage.close?.();
  }, 60_000);

  it('applies only the pending migrations to an existing database and keeps its rows', async () => {
    const url = `file:${join(tempDir(), 'old.db')}`;
    const client = createClient({ url });
    await migrate(drizzle(client), migrations.slice(0, 1));
    await client.execute("INSERT INTO gateways VALUES ('prod', '{\"cache_ttl\":1}', 't', 't')");
    client.close();

    const storage = createLibsqlStorage({ url });
    await storage.init?.();
    expect(await storage.gateways.getGateway('prod')).toEqual(record('prod'));
    expect(await storage.meta.setMetaIfAbsent('k', 'v')).toBe(true);
    await storage.close?.();
  });

  it('prepares each admin and analytics query shape once, however often it runs', async () => {
    const storage = createLibsqlStorage({ url: `file:${join(tempDir(), 'aigw.db')}` });
    await storage.init?.();
    await storage.gateways.createGateway(record('prod'));
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      const queries = async () => {
        await storage.gateways.getGateway('prod');
        await storage.gateways.listGateways();
        await storage.logs.listLogs({ gateway: 'prod', filters: [{ key: 'model', operator: 'eq', value: ['m'] }], orderBy: 'created_at', direction: 'desc', limit: 10 });
        await storage.logs.countLogs('prod');
        await storage.logs.queryRollups({ gateway: 'prod', granularity: 60_000, bucketMs: 60_000, from: 0, to: 3_600_000, groupBy: 'model' });
      };
      await queries();
      const shapes = prepare.mock.calls.length;
      expect(shapes).toBeGreaterThan(0);
      for (let i = 0; i < 20; i++) await queries();
      expect(prepare.mock.calls.length).toBe(shapes);
    } finally {
      prepare.mockRestore();
      await storage.close?.();
    }
  });

  it('names the driver and the URL when the file cannot be opened', async () => {
    const dir = tempDir();
    const storage = createLibsqlStorage({ url: `file:${dir}` });
    await expect(storage.init?.()).rejects.toThrow(`[aigw] [libsql] cannot open file:${dir}: `);
  });
});

describe('createLibsqlStorage lifecycle', () => {
  it('opens on first use without init() and refuses calls after close()', async () => {
    const storage = createLibsqlStorage({ url: ':memory:' });
    expect(await storage.gateways.listGateways()).toEqual([]);
    await storage.close?.();
    await expect(storage.gateways.listGateways()).rejects.toThrow('[aigw] [libsql] :memory: is closed');
  });

  it('never puts the URL query (it may hold a token) in error messages', async () => {
    const storage = createLibsqlStorage({ url: 'http://127.0.0.1:1?authToken=secret' });
    const message = await Promise.resolve(storage.init?.()).then(() => '', String);
    expect(message).toContain('[aigw] [libsql] cannot open http://127.0.0.1:1: ');
    expect(message).not.toContain('secret');
  });
});
