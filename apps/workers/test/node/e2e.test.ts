import { inject } from 'vitest';
import { describeProxySuite } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// No graceful-shutdown test: workerd has no SIGTERM drain to check; Cloudflare lets in-flight
// requests finish on deploys by itself. The suite's "aborts the upstream request when the client
// disconnects" is filtered out in vitest.e2e.config.ts: see wrangler-dev.test.ts for why.
// wrangler dev's local proxy answers an upload the Worker refuses mid-way with a reset or a 503
// (seen in CI runs), not the Worker's 413; test/workerd/worker.test.ts checks the 413 in workerd.
describeProxySuite('workers', (env) => spawnWranglerDev(inject('workerBuild').script, env), { gracefulShutdown: false, oversizeUpload: false });
