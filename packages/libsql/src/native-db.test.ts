import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLibsqlStorage } from './index.ts';
import { filePath, openNativeDb } from './native-db.ts';
import type { NativeDb } from './native-db-types.ts';

describe('filePath', () => {
  it('reads the path SQLite opens from each file: URL form', () => {
    expect(filePath('file:./data/aigw.db')).toBe('./data/aigw.db');
    expect(filePath('file:/var/lib/aigw.db?mode=rwc')).toBe('/var/lib/aigw.db');
    expect(filePath('file:///var/lib/a%20b.db')).toBe('/var/lib/a b.db');
    expect(filePath('file://localhost/var/lib/aigw.db')).toBe('/var/lib/aigw.db');
  });
});

describe('openNativeDb', () => {
  let dir: string;
  let url: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-native-'));
    url = `file:${join(dir, 'aigw.db')}`;
    const storage = createLibsqlStorage({ url });
    await storage.init?.();
    await storage.close?.();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `test` with a native connection while another connection holds the write lock. */
  async function whileLocked(test: (holder: Database.Database, native: NativeDb) => Promise<void>) {
    const holder = new Database(filePath(url));
    const native = openNativeDb(url);
    try {
      holder.exec('BEGIN IMMEDIATE');
      await test(holder, native);
    } finally {
      holder.close();
      native.close();
    }
  }

  it('waits on timers, not on the event loop, while another connection holds the write lock', () =>
    whileLocked(async (holder, native) => {
      holder.exec("INSERT INTO counters (key, count, expires_at) VALUES ('k', 1, 9000000000000)");
      let settled = false;
      const started = Date.now();
      const pending = native.all('INSERT INTO counters (key, count, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count', ['k', 2, 9e12]);
      void pending.finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 60));
      expect(settled).toBe(false);
      // The timer fired on time: a busy timeout inside SQLite would have held the thread.
      expect(Date.now() - started).toBeLessThan(2000);
      holder.exec('COMMIT');
      expect(await pending).toEqual([{ count: 3 }]);
    }));

  it('commits every write that waited for the lock when several wait at once', () =>
    whileLocked(async (holder, native) => {
      const upsert = 'INSERT INTO counters (key, count, expires_at) VALUES (?, 1, 9e12) ON CONFLICT (key) DO UPDATE SET count = count + 1 RETURNING count';
      const writes = [
        native.all(upsert, ['a']),
        native.client.execute({ sql: "INSERT INTO gateways (id, settings, created_at, modified_at) VALUES (?, '{}', 't', 't') RETURNING id", args: ['g'] }),
        native.all(upsert, ['b']),
        native.client.execute({ sql: "INSERT INTO meta (key, value) VALUES (?, 'v')", args: ['m'] }),
      ];
      await new Promise((r) => setTimeout(r, 30));
      holder.exec('COMMIT');
      await Promise.all(writes);
      // Seen from another connection: committed, not left in an open transaction.
      expect(holder.prepare('SELECT key, count FROM counters ORDER BY key').all()).toEqual([
        { key: 'a', count: 1 },
        { key: 'b', count: 1 },
      ]);
      expect(holder.prepare('SELECT id FROM gateways').all()).toEqual([{ id: 'g' }]);
      expect(holder.prepare('SELECT key FROM meta').all()).toEqual([{ key: 'm' }]);
    }));

  it('runs a raw batch once another connection lets go of the write lock, waiting on timers', () =>
    whileLocked(async (holder, native) => {
      let settled = false;
      const pending = native.raw.batch([{ sql: 'INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?)', args: ['b', 1, 9e12] }]);
      void pending.finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 60));
      expect(settled).toBe(false);
      holder.exec('COMMIT');
      await pending;
      expect(await native.all('SELECT count FROM counters WHERE key = ?', ['b'])).toEqual([{ count: 1 }]);
    }));

  it('keeps a statement prepared across calls and fails a bad one with SQLite’s error', async () => {
    const native = openNativeDb(url);
    try {
      const text = 'INSERT INTO counters (key, count, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count';
      for (let i = 1; i <= 3; i++) expect(await native.all(text, ['x', 1, 9e12])).toEqual([{ count: i }]);
      await expect(native.all('SELECT nope FROM counters', [])).rejects.toThrow(/no such column/);
    } finally {
      native.close();
    }
  });

  it('checkpoints once the WAL holds `checkpointPages` pages, not at the default 1,000 of SQLite', async () => {
    const walPages = async (checkpointPages?: number) => {
      const native = openNativeDb(url, checkpointPages);
      try {
        await native.client.execute({ sql: 'CREATE TABLE IF NOT EXISTS blobs (b BLOB)' });
        await native.client.execute({ sql: 'DELETE FROM blobs' });
        // 15 commits of about 100 pages each.
        for (let i = 0; i < 15; i++) await native.client.execute({ sql: 'INSERT INTO blobs SELECT randomblob(4000) FROM generate_series(1, 100)' });
        return statSync(`${filePath(url)}-wal`).size / 4096;
      } finally {
        native.close();
      }
    };
    expect(await walPages()).toBeLessThan(1300);
    expect(await walPages(2000)).toBeGreaterThan(1400);
  });
});
