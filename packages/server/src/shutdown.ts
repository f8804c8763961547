import process from 'node:process';

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. A second signal exits at once. `stop` should
 * stop accepting connections, let in-flight requests finish, flush queues and close storage.
 */
export function onShutdown(stop: () => Promise<void>, log: (m: string) => void = console.log): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`[aigw] ${signal}: finishing in-flight requests and flushing`);
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error('[aigw] shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}
