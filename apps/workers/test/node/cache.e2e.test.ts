import { inject } from 'vitest';
import { describeCacheSuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// Storage is the local D1 of `wrangler dev` (no libSQL vector functions: the semantic cache
// computes cosine in JS there). Coalescing is per isolate.
describeCacheSuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env));
