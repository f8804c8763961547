/**
 * Re-encrypts every stored provider key with a new `AIGW_SECRET_KEY` (docs/security.md, "Rotating
 * AIGW_SECRET_KEY"):
 *
 *   AIGW_DB_URL=file:/srv/aigw/data/aigw.db AIGW_SECRET_KEY=<new> AIGW_SECRET_KEY_PREVIOUS=<old> \
 *     pnpm --filter @aigw/server rekey
 *
 * With `--write-key-file`, the new key also replaces `<data dir>/secret.key` (for deployments that
 * rely on the generated file rather than the environment).
 */
import process from 'node:process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reencryptProviderKeys } from '@aigw/core';
import { createLibsqlStorage } from '@aigw/libsql';
import { dataDir, SECRET_KEY_FILE } from './secret-key.ts';

const env = process.env;
const secret = env.AIGW_SECRET_KEY;
const previous = (env.AIGW_SECRET_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
if (!secret || previous.length === 0) {
  console.error('[aigw] [rekey] set AIGW_SECRET_KEY (the new secret) and AIGW_SECRET_KEY_PREVIOUS (the old one, or several, comma-separated)');
  process.exit(2);
}

const storage = createLibsqlStorage({ url: env.AIGW_DB_URL ?? 'file:./data/aigw.db', authToken: env.AIGW_DB_AUTH_TOKEN });
try {
  await storage.init?.();
  const result = await reencryptProviderKeys(storage, { secret, previous });
  console.log(`[aigw] [rekey] re-encrypted ${result.reencrypted} key(s), ${result.unchanged} already under the new secret`);
  if (result.failed.length > 0) {
    console.error(`[aigw] [rekey] ${result.failed.length} key(s) could not be decrypted with any given secret: ${result.failed.join(', ')}`);
    process.exitCode = 1;
  }
  if (process.argv.includes('--write-key-file')) {
    const path = join(dataDir(env), SECRET_KEY_FILE);
    writeFileSync(path, `${secret}\n`, { mode: 0o600 });
    console.log(`[aigw] [rekey] wrote the new secret to ${path}`);
  }
} finally {
  await storage.close?.();
}
