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

/** How long a write waits for another connection's lock on a shared file before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/** The URL as error messages may show it: without the query, which can carry `authToken`. */
export function displayUrl(url: string): string {
  return url.split('?')[0] ?? url;
}
