/**
 * @module @aigw/core/testing
 * Test helpers for code built on aigw: the storage conformance suite every driver must pass.
 * Imports vitest, so it is meant for test files only.
 */
export { describeStorageConformance, type StorageFactory, type StorageUnderTest } from './storage-conformance.ts';
