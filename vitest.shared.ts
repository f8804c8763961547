import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The settings every package's vitest config starts from: its tests beside the code or under
 * test/, and a JSON report that `scripts/test.mjs` sums into one closing line.
 */
export function aigwTestConfig(overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
      },
    }),
    overrides,
  );
}
