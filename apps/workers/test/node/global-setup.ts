import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildWorker, type WorkerBuild } from './build-worker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workerBuild: WorkerBuild;
  }
}

/** Builds the Worker once for every Node-side test file. */
export default async function setup(project: TestProject) {
  const build = await buildWorker();
  project.provide('workerBuild', build);
  return () => rmSync(build.dir, { recursive: true, force: true });
}
