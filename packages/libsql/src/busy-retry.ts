import { BUSY_TIMEOUT_MS } from './options.ts';

/** Waits between attempts at a locked database: short first (a log batch holds it for a few ms). */
const RETRY_MS = [1, 1, 2, 4];

const isBusy = (error: unknown) => /SQLITE_BUSY/.test(`${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`);

/**
 * Runs `call` (a statement or batch that has not run when it fails busy) until another connection
 * (the log writer thread, another instance) lets go of the write lock, for at most
 * `BUSY_TIMEOUT_MS`. It waits on timers: a busy timeout inside SQLite would sleep the event loop.
 */
export async function retryBusy<T>(call: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
  }
}
