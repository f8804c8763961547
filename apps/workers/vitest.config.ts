import { defineConfig } from 'vitest/config';

/** `vitest run` runs both projects: inside workerd, and in Node against `wrangler dev`. */
export default defineConfig({
  test: {
    projects: ['./vitest.workers.config.ts', './vitest.e2e.config.ts'],
    // The Node-side files mostly wait on wrangler and timers: run them side by side.
    maxWorkers: 3,
    // Summed by scripts/test.mjs into the suite's closing line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
