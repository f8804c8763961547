import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Vitest global setup: builds dist/main.mjs once, so the end-to-end tests run what `pnpm start` runs. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}
