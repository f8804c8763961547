import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleDashboard, GENERATED_PATH } from '../build/bundle.ts';
import { dashboardAssets } from '../src/index.ts';

describe('src/generated/assets.ts', () => {
  it('is up to date with src/app (run `pnpm --filter @aigw/dashboard build` after changing it)', async () => {
    const { module } = await bundleDashboard();
    expect(readFileSync(GENERATED_PATH, 'utf8') === module, 'src/generated/assets.ts is stale: run `pnpm --filter @aigw/dashboard build`').toBe(true);
  }, 60_000);

  it('exports one self-contained page whose ETag is its content hash', () => {
    const { html, etag } = dashboardAssets;
    expect(etag).toBe(`"${createHash('sha256').update(html).digest('hex').slice(0, 32)}"`);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
    // Nothing is loaded from elsewhere: no src/href to another resource besides the empty icon.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link(?![^>]*href="data:,")[^>]*>/);
  });
});
