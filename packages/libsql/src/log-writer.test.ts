import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { LogBatch, Storage } from '@aigw/core';
import { describeLogsConformance } from '@aigw/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect } from './connect.ts';
import { createLibsqlStorage } from './index.ts';
import { createLogStore } from './log-store.ts';
import { logWriterClient, serveLogWrites, writerPort } from './log-writer.ts';

const empty: LogBatch = { logs: [], rollups: [], limits: {} };

/**
 * What the log writer thread runs (`log-writer-worker.ts`), over an in-process channel: the store on
 * its own connection with prepared native statements, answering the main thread's writes. Every
 * other call reads the file through the main connection, as in the app.
 */
// Sent as objects (Node) and as JSON text (Bun, Deno): a batch comes out of either the same.
describe.each([{ json: false }, { json: true }])('log writes through the writer protocol on prepared native statements (json: $json)', ({ json }) => {
  let dir: string;
  let storage: Storage;
  let closeThreadSide: () => Promise<void>;
  let channel: MessageChannel;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-log-writer-'));
    const url = `file:${join(dir, 'aigw.db')}`;
    const main = createLibsqlStorage({ url });
    await main.init?.();
    const connection = await connect({ url });
    channel = new MessageChannel();
    serveLogWrites(writerPort(channel.port2), createLogStore(async () => connection.db, async () => connection.raw));
    const client = logWriterClient(writerPort(channel.port1, { json }));
    storage = { ...main, logs: { ...main.logs, writeLogs: (batch) => client.writeLogs(batch) } };
    closeThreadSide = async () => {
      channel.port1.close();
      await connection.close?.();
      await main.close?.();
    };
  });
  afterEach(async () => {
    await closeThreadSide();
    rmSync(dir, { recursive: true, force: true });
  });

  describeLogsConformance(() => storage);
});

describe('the log writer protocol', () => {
  const pair = (writeLogs: (batch: LogBatch) => Promise<{ stored: number; skipped: number }>, onClose?: () => unknown) => {
    const channel = new MessageChannel();
    serveLogWrites(writerPort(channel.port2), { writeLogs }, onClose);
    return { client: logWriterClient(writerPort(channel.port1)), end: () => channel.port1.close() };
  };

  it('answers writes in order, passes errors back as errors, and closes after the writes before it', async () => {
    const events: string[] = [];
    let n = 0;
    const { client, end } = pair(
      async () => {
        const i = n++;
        await new Promise((r) => setTimeout(r, 20 - i * 5));
        events.push(`write ${i}`);
        if (i === 1) throw new Error('database is locked');
        return { stored: i, skipped: 0 };
      },
      () => events.push('close'),
    );
    const writes = [client.writeLogs(empty), client.writeLogs(empty), client.writeLogs(empty)];
    const closed = client.close();
    expect(await writes[0]).toEqual({ stored: 0, skipped: 0 });
    await expect(writes[1]).rejects.toThrow('database is locked');
    expect(await writes[2]).toEqual({ stored: 2, skipped: 0 });
    await closed;
    expect(events).toEqual(['write 0', 'write 1', 'write 2', 'close']);
    end();
  });

  it('rejects unanswered writes, and every later one, once the thread is gone', async () => {
    const { client, end } = pair(() => new Promise(() => {}));
    const pending = client.writeLogs(empty);
    client.fail(new Error('the log writer thread exited with code 1'));
    await expect(pending).rejects.toThrow('exited with code 1');
    await expect(client.writeLogs(empty)).rejects.toThrow('exited with code 1');
    end();
  });
});

describe('createLibsqlStorage with a log writer thread that cannot run', () => {
  it('fails the batches it had, says so once, and writes later batches on the calling thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aigw-log-writer-'));
    const worker = join(dir, 'broken-worker.mjs');
    writeFileSync(worker, "throw new Error('no native module here');\n");
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const storage = createLibsqlStorage({ url: `file:${join(dir, 'aigw.db')}`, logWorker: pathToFileURL(worker) });
    try {
      const row = { gateway: 'gw', provider: 'openai', model: 'm', at: Date.UTC(2026, 0, 1), success: true, cached: false, tokensIn: 1, tokensOut: 1, cachedTokensIn: null, cost: null, duration: 5 };
      const { buildRollups } = await import('@aigw/core');
      const batch = { logs: [], rollups: buildRollups([row]), limits: {} };
      await expect(storage.logs.writeLogs(batch)).rejects.toThrow('no native module here');
      expect(await storage.logs.writeLogs(batch)).toEqual({ stored: 0, skipped: 0 });
      const rows = await storage.logs.queryRollups({ gateway: 'gw', granularity: 60_000, bucketMs: 60_000, from: 0, to: Date.UTC(2027, 0, 1) });
      expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(1);
      expect(errors.mock.calls.flat().join(' ')).toMatch(/the log writer thread stopped \(no native module here\); writing logs on the main thread/);
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
      await storage.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
