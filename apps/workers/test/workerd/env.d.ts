import type { WorkerEnv } from '../../src/env.ts';

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import('../../src/index.ts');
    }
    interface Env extends WorkerEnv {
      DB: D1Database;
      /** Test-only (vitest.workers.config.ts). */
      CONFORMANCE_DB: D1Database;
    }
  }
}
