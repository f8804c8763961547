import { aigwTestConfig } from '../../vitest.shared.ts';

export default aigwTestConfig({ test: { testTimeout: 30_000, hookTimeout: 120_000, globalSetup: ['test/build-bundle.ts'] } });
