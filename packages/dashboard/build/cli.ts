import { readFileSync, writeFileSync } from 'node:fs';
import { bundleDashboard, GENERATED_PATH } from './bundle.ts';

// `pnpm --filter @aigw/dashboard build`: regenerates src/generated/assets.ts.
const { module, html } = await bundleDashboard();
let previous = '';
try {
  previous = readFileSync(GENERATED_PATH, 'utf8');
} catch {
  // first build
}
if (previous === module) {
  console.log(`[dashboard] src/generated/assets.ts is up to date (${(html.length / 1024).toFixed(1)} KiB of HTML)`);
} else {
  writeFileSync(GENERATED_PATH, module);
  console.log(`[dashboard] wrote src/generated/assets.ts (${(html.length / 1024).toFixed(1)} KiB of HTML)`);
}
