/**
 * @module @aigw/testkit
 * Starts aigw apps as real processes and runs the shared end-to-end suites against them.
 */
export { spawnApp, freePort, type SpawnedApp, type SpawnOptions } from './spawn-app.ts';
export { describeProxySuite, type AppStarter } from './proxy-suite.ts';
export { rawRequest } from './raw-request.ts';
export { describeCompatSuite } from './compat-suite.ts';
export { describeRoutingSuite } from './routing-suite.ts';
export { describeCacheSuite } from './cache-suite.ts';
export { describeResilienceSuite } from './resilience-suite.ts';
export { describeDashboardSuite } from './dashboard-suite.ts';
export { launchChromium, chromiumAvailable, CHROMIUM_PATH } from './chromium.ts';
export { describeObservabilitySuite, type ObservabilitySuiteOptions } from './observability-suite.ts';
export { describeSecuritySuite } from './security-suite.ts';
