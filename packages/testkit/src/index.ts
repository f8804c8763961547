/**
 * @module @aigw/testkit
 * Starts aigw apps as real processes and runs the shared end-to-end suites against them.
 */
export { spawnApp, freePort, type SpawnedApp, type SpawnOptions } from './spawn-app.ts';
export { describeProxySuite, type AppStarter } from './proxy-suite.ts';
export { rawRequest } from './raw-request.ts';
