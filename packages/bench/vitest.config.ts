import { aigwTestConfig } from '../../vitest.shared.ts';

// The test starts real processes and runs the bench's machinery on tiny counts: give it time.
export default aigwTestConfig({ test: { testTimeout: 300_000, hookTimeout: 60_000 } });
