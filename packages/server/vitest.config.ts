import { aigwTestConfig } from '../../vitest.shared.ts';

export default aigwTestConfig();
