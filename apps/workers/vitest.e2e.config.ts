import { defineConfig } from 'vitest/config';

/** Tests that run in Node and look at the Worker from outside: its bundle, and `wrangler dev` serving it. */
export default defineConfig({
  test: {
    name: 'node',
    include: ['test/node/**/*.test.ts'],
    globalSetup: ['test/node/global-setup.ts'],
    // workerd does not notice a client that leaves before the response headers (measured in
    // test/node/wrangler-dev.test.ts), so this one test of the shared suite cannot pass here.
    testNamePattern: /^(?!.*aborts the upstream request when the client disconnects)/,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
