import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** Tests that run inside workerd (miniflare), with the D1 binding of wrangler.jsonc. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        // A D1 of its own for the conformance suite, which drops its tables between tests.
        d1Databases: { CONFORMANCE_DB: 'aigw-conformance' },
        bindings: {
          AIGW_CONFIG_JSON: JSON.stringify({ gateways: { prod: { cache_ttl: 60 } } }),
          AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1',
        },
      },
    }),
  ],
  // D1 in miniflare answers every query through a Durable Object: a 1 MB cache entry takes seconds.
  test: { name: 'workerd', include: ['test/workerd/**/*.test.ts'], testTimeout: 20_000 },
});
