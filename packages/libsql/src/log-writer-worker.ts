/**
 * The log writer thread's entry (started by `createLibsqlStorage` with `logWorker`): its own
 * connection to the same database file writes the log batches with prepared statements, so the
 * tens of microseconds a row SQLite and the driver spend binding and indexing it leave the event
 * loop that serves requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from './connect.ts';
import { createLogStore } from './log-store.ts';
import { serveLogWrites, writerPort } from './log-writer.ts';
import { WRITER_CHECKPOINT_PAGES, type LibsqlStorageOptions } from './options.ts';

if (!parentPort) throw new Error('[aigw] [libsql] log-writer-worker.ts runs as a worker thread only');
const { url } = workerData as Pick<LibsqlStorageOptions, 'url'>;
// drizzle for the store's few reads (`STOP_INSERTING` counts); every write goes through `raw`,
// the native connection's prepared statements.
const connection = await connect({ url }, WRITER_CHECKPOINT_PAGES);
serveLogWrites(
  writerPort(parentPort),
  createLogStore(
    async () => connection.db,
    async () => connection.raw,
  ),
  async () => connection.close?.(),
);
