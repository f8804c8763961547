import type { WorkerOptions } from 'node:worker_threads';
import type { Storage } from '@aigw/core';
import { logWriterClient, writerPort, type LogWriterClient } from './log-writer.ts';

/** How long `close()` waits for the thread to finish its writes and close its connection. */
const CLOSE_TIMEOUT_MS = 10_000;

interface WriterThread {
  client: LogWriterClient;
  stop(): Promise<void>;
}

async function startThread(workerUrl: URL, url: string, onExit: (error: Error) => void): Promise<WriterThread> {
  const { Worker } = await import('node:worker_threads');
  // The thread's heap only ever holds a batch or two: a small young generation (Node) and Bun's
  // `smol` heap keep its memory near its live size instead of the main thread's headroom.
  const options: WorkerOptions & { smol?: boolean } = { workerData: { url }, resourceLimits: { maxYoungGenerationSizeMb: 4 }, smol: true };
  const worker = new Worker(workerUrl, options);
  // An idle thread does not keep the process alive; one with a write to answer does (a shutdown
  // that has closed the server awaits the last flush, which nothing else would wait for).
  worker.unref();
  let busy = 0;
  const held = async <T>(call: () => Promise<T>): Promise<T> => {
    if (busy++ === 0) worker.ref();
    try {
      return await call();
    } finally {
      if (--busy === 0) worker.unref();
    }
  };
  const remote = logWriterClient(writerPort(worker, { json: 'Bun' in globalThis || 'Deno' in globalThis }));
  const client: LogWriterClient = { ...remote, writeLogs: (batch) => held(() => remote.writeLogs(batch)), close: () => held(() => remote.close()) };
  let done = false;
  const died = (error: Error) => {
    client.fail(error);
    if (!done) onExit(error);
    done = true;
  };
  worker.on('error', died);
  worker.on('exit', (code) => died(new Error(`the log writer thread exited with code ${code}`)));
  return {
    client,
    async stop() {
      done = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
      await Promise.race([client.close().catch(() => {}), timeout]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/**
 * `storage` with `logs.writeLogs` on a worker thread running `workerUrl` (see
 * `log-writer-worker.ts`) over its own connection to the file `url`; every other call stays on
 * `storage`. The thread starts after `storage` has opened and migrated the file. If it cannot start
 * or dies, the batches it had fail (the log queue retries them) and later batches are written by
 * `storage` itself, with one message on stderr.
 */
export function withLogWriterThread(storage: Storage, workerUrl: URL, url: string): Storage {
  const local = storage.logs;
  let thread: Promise<WriterThread | undefined> | undefined;
  let stopped = false;
  const fallBack = (error: Error) => {
    console.error(`[aigw] [libsql] the log writer thread stopped (${error.message}); writing logs on the main thread`);
    thread = Promise.resolve(undefined);
  };
  const start = async () => {
    await storage.init?.();
    return startThread(workerUrl, url, fallBack).catch((error: Error) => (fallBack(error), undefined));
  };

  return {
    ...storage,
    logs: {
      ...local,
      async writeLogs(batch) {
        const writer = stopped ? undefined : await (thread ??= start());
        return writer ? writer.client.writeLogs(batch) : local.writeLogs(batch);
      },
    },
    async close() {
      stopped = true;
      await (await thread)?.stop();
      await storage.close?.();
    },
  };
}
