import type { Logger } from '../gateway-deps.ts';
import type { Storage } from '../storage/types.ts';
import { randomToken, sha256Hex, timingSafeEqual } from '../crypto.ts';

const META_KEY = 'admin_token_sha256';

/**
 * The admin token's SHA-256. `AIGW_ADMIN_TOKEN` when set; otherwise the first start generates a
 * token, stores only its hash and prints the token once. Instances sharing a database agree on one.
 */
export async function resolveAdminTokenHash(adminToken: string | undefined, storage: Storage, logger: Logger): Promise<string> {
  if (adminToken) return sha256Hex(adminToken);
  const stored = await storage.meta.getMeta(META_KEY);
  if (stored) return stored;
  const token = randomToken('aigw_admin_');
  const hash = await sha256Hex(token);
  if (await storage.meta.setMetaIfAbsent(META_KEY, hash)) {
    logger.info(`[aigw] generated an admin token (shown once, only its hash is stored): ${token}`);
    return hash;
  }
  return (await storage.meta.getMeta(META_KEY)) ?? hash;
}

/** Checks an `Authorization: Bearer …` value against the token hash in constant time. */
export async function isAdminAuthorized(authorization: string | undefined, tokenHash: string): Promise<boolean> {
  const match = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return false;
  return timingSafeEqual(await sha256Hex(match[1]), tokenHash);
}
