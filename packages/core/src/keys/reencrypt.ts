import type { Storage } from '../storage/types.ts';
import { keyContext } from './provider-keys.ts';
import { SecretBox } from './secret-box.ts';

export interface ReencryptResult {
  /** Keys now encrypted with the new secret. */
  reencrypted: number;
  /** Keys already under the new secret. */
  unchanged: number;
  /** Keys no given secret could decrypt (left as they were), by id. */
  failed: string[];
}

/**
 * Rotates `AIGW_SECRET_KEY`: decrypts every stored provider key with `secret` or one of
 * `previous` and encrypts it again with `secret`. Safe to run while gateways serve (each row is
 * replaced in one statement; gateways started with `AIGW_SECRET_KEY_PREVIOUS` read both forms) and
 * to run again (keys already under `secret` are skipped).
 *
 * @example
 * await reencryptProviderKeys(storage, { secret: NEW, previous: [OLD] });
 */
export async function reencryptProviderKeys(storage: Storage, options: { secret: string; previous: readonly string[] }): Promise<ReencryptResult> {
  const box = await SecretBox.create(options.secret, options.previous);
  const result: ReencryptResult = { reencrypted: 0, unchanged: 0, failed: [] };
  for (const record of await storage.providerKeys.listProviderKeys()) {
    if (SecretBox.keyIdOf(record.ciphertext) === box.keyId) {
      result.unchanged++;
      continue;
    }
    let plain: string;
    try {
      plain = await box.open(record.ciphertext, keyContext(record));
    } catch {
      result.failed.push(record.id);
      continue;
    }
    await storage.providerKeys.updateProviderKeyCiphertext(record.id, await box.seal(plain, keyContext(record)));
    result.reencrypted++;
  }
  return result;
}
