import { describeStorageConformance } from '../testing/index.ts';
import { createMemoryStorage } from './memory.ts';

describeStorageConformance('memory', async () => ({ storage: createMemoryStorage() }));
