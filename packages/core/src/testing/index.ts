/**
 * @module @aigw/core/testing
 * Test helpers for code built on aigw: the storage conformance suite every driver must pass.
 * Imports vitest, so it is meant for test files only.
 */
export { describeStorageConformance, type StorageFactory, type StorageUnderTest } from './storage-conformance.ts';
export { describeCacheConformance } from './cache-conformance.ts';
export { describeCountersConformance } from './counters-conformance.ts';
export { ManualClock } from './manual-clock.ts';
export { describeLogsConformance } from './logs-conformance.ts';
export { describeSecurityConformance } from './security-conformance.ts';
