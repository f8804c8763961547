export interface LibsqlStorageOptions {
  /** `file:./data/aigw.db`, `:memory:`, `libsql://…`, `http://…` or `https://…`. */
  url: string;
  /** Token for a remote libSQL server. */
  authToken?: string;
  /**
   * For a database file: the module of the log writer thread (`logWriterWorkerUrl`, or its bundled
   * copy) to write request logs on a worker thread with its own connection. Absent: logs are
   * written on the calling thread, like every other store.
   */
  logWorker?: URL;
}

/**
 * WAL pages after which a commit of the log writer thread checkpoints (SQLite's default: 1,000). Its
 * batches dirty index pages at scattered places (a log's duration, its cost); a longer WAL lets one
 * checkpoint copy a page back once for many batches instead of once for every few. The main
 * connection's bound is twice this when a writer thread runs, so the checkpoints happen there and
 * never in a request's write. The WAL file grows to about 40 MB (4 KB pages). If the thread stops
 * and the main thread writes the batches itself, its checkpoints come every 20,000 pages, in whichever
 * write crosses that: a longer stall, but only after the thread has failed (which is logged).
 */
export const WRITER_CHECKPOINT_PAGES = 10_000;

/** How long a write waits for another connection's lock on a shared file before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/** The URL as error messages may show it: without the query, which can carry `authToken`. */
export function displayUrl(url: string): string {
  return url.split('?')[0] ?? url;
}
