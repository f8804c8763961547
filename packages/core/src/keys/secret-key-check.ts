import type { GatewayDeps } from '../gateway-deps.ts';
import { SecretBox, secretKeyId, secretProblem } from './secret-box.ts';

/**
 * At startup: says loudly when stored provider keys cannot be decrypted with the configured
 * `AIGW_SECRET_KEY` (+ `AIGW_SECRET_KEY_PREVIOUS`), e.g. after the data directory's generated key
 * was lost or instances sharing a database were given different keys. Never fails the start:
 * requests that need such a key get a clear 503 instead.
 */
export async function checkSecretKey(deps: Pick<GatewayDeps, 'env' | 'storage' | 'logger'>): Promise<void> {
  try {
    const stored = await deps.storage.providerKeys.listProviderKeys();
    if (stored.length === 0) return;
    const secret = deps.env.AIGW_SECRET_KEY;
    const problem = secretProblem(secret);
    if (problem) {
      deps.logger.error(`[aigw] [keys] ${problem}: the ${stored.length} stored provider key(s) cannot be used`);
      return;
    }
    const previous = (deps.env.AIGW_SECRET_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const known = new Set(await Promise.all([secret!, ...previous].map(secretKeyId)));
    const foreign = stored.filter((k) => !known.has(SecretBox.keyIdOf(k.ciphertext) ?? ''));
    if (foreign.length > 0) {
      deps.logger.error(
        `[aigw] [keys] ${foreign.length} stored provider key(s) were encrypted with another AIGW_SECRET_KEY (ids ${[...new Set(foreign.map((k) => SecretBox.keyIdOf(k.ciphertext)))].join(', ')}); set the old secret in AIGW_SECRET_KEY_PREVIOUS, or store those keys again`,
      );
    }
  } catch (err) {
    deps.logger.error('[aigw] [keys] could not check stored provider keys', err);
  }
}
