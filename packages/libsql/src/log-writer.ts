import type { MessagePort, Worker } from 'node:worker_threads';
import type { LogBatch, LogStore } from '@aigw/core';

/** One end of the channel between the log writer thread and its caller. */
export interface WriterPort {
  postMessage(message: unknown): void;
  onMessage<T>(listener: (message: T) => void): void;
}

/**
 * A worker's `parentPort`, a `Worker` or a `MessagePort` as a `WriterPort`. With `json`, messages
 * are sent as JSON text: on Bun and Deno, stringifying a batch and parsing it costs less than their
 * structured clone of its objects (on Node, more). Text received is parsed either way.
 */
export function writerPort(port: MessagePort | Worker, { json = false } = {}): WriterPort {
  return {
    postMessage: (message) => port.postMessage(json ? JSON.stringify(message) : message),
    onMessage: (listener) => void port.on('message', (message: unknown) => listener(typeof message === 'string' ? JSON.parse(message) : message)),
  };
}

type WriteResult = Awaited<ReturnType<LogStore['writeLogs']>>;
type Request = { id: number; batch: LogBatch } | { id: number; close: true };
type Reply = { id: number; result: WriteResult } | { id: number; error: string } | { id: number; closed: true };

/**
 * The thread side: writes each batch posted on `port` through `store`, one at a time in arrival
 * order, and answers each with its result or error message. A `close` request waits for the
 * writes before it, runs `onClose` (closing the connection) and is answered last.
 */
export function serveLogWrites(port: WriterPort, store: Pick<LogStore, 'writeLogs'>, onClose: () => unknown = () => {}): void {
  let chain = Promise.resolve();
  port.onMessage((request: Request) => {
    chain = chain.then(async () => {
      try {
        if ('close' in request) {
          await onClose();
          port.postMessage({ id: request.id, closed: true } satisfies Reply);
        } else {
          port.postMessage({ id: request.id, result: await store.writeLogs(request.batch) } satisfies Reply);
        }
      } catch (error) {
        port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
      }
    });
  });
}

/** The calling side of `serveLogWrites`. */
export interface LogWriterClient {
  writeLogs(batch: LogBatch): Promise<WriteResult>;
  /** Resolves once the writes posted before it are done and the thread's connection is closed. */
  close(): Promise<void>;
  /** Rejects every unanswered request (the thread died); later calls reject at once. */
  fail(error: Error): void;
}

/** Posts writes to a `serveLogWrites` thread over `port` and matches its answers by id. */
export function logWriterClient(port: WriterPort): LogWriterClient {
  const pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();
  let nextId = 0;
  let failed: Error | undefined;

  port.onMessage((reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply);
  });

  const send = (request: Omit<Request, 'id'>): Promise<Reply> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      port.postMessage({ ...request, id });
    });
  };

  return {
    async writeLogs(batch) {
      const reply = await send({ batch });
      return (reply as Extract<Reply, { result: WriteResult }>).result;
    },
    async close() {
      await send({ close: true });
    },
    fail(error) {
      failed = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    },
  };
}
