import type { GatewayDeps } from '../gateway-deps.ts';
import { randomToken, sha256Hex, timingSafeEqual } from '../crypto.ts';
import type { GatewayTokenRecord } from './token-store.ts';

/** Every gateway token starts with this, so secret scanners (and aigw's own DLP) recognise one. */
export const TOKEN_PREFIX = 'aigw_gt_';
/** Characters of a token kept in clear (`prefix`) to tell tokens apart in lists. */
const SHOWN = TOKEN_PREFIX.length + 4;
const MAX_CACHED = 10_000;

/** A new token and what is stored of it. */
export async function newGatewayToken(): Promise<{ token: string; hash: string; prefix: string }> {
  const token = randomToken(TOKEN_PREFIX);
  return { token, hash: await sha256Hex(token), prefix: token.slice(0, SHOWN) };
}

/** Why a token does not authorize anything on a gateway. */
export type TokenRejection = 'unknown' | 'expired';

/**
 * Checks presented gateway tokens. Only hashes are stored; the lookup goes by hash and the
 * stored hash is compared again in constant time. Valid tokens are cached per process for
 * `ttlMs` (a deleted or changed token stops working on other instances within that time).
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { record: GatewayTokenRecord; expires: number }>();

  constructor(
    private readonly deps: Pick<GatewayDeps, 'storage' | 'clock'>,
    private readonly ttlMs = 1000,
  ) {}

  async verify(gateway: string, token: string): Promise<GatewayTokenRecord | TokenRejection> {
    const hash = await sha256Hex(token);
    const now = this.deps.clock.now();
    const cacheKey = `${gateway}\n${hash}`;
    let record = this.cache.get(cacheKey);
    if (!record || record.expires <= now) {
      const found = await this.deps.storage.tokens.getTokenByHash(gateway, hash);
      if (!found || !timingSafeEqual(found.token_hash, hash)) {
        this.cache.delete(cacheKey);
        return 'unknown';
      }
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      record = { record: found, expires: now + this.ttlMs };
      this.cache.set(cacheKey, record);
    }
    const { expires_at } = record.record;
    if (expires_at !== null && Date.parse(expires_at) <= now) return 'expired';
    return record.record;
  }

  /** Forgets cached tokens of a gateway (after an admin change made through this process). */
  invalidate(gateway: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${gateway}\n`)) this.cache.delete(key);
  }
}

/**
 * Whether `model` matches one of `patterns`: exact, or a prefix when the pattern ends in `*`
 * (`gpt-4o*` allows `gpt-4o` and `gpt-4o-mini`).
 *
 * @example
 * modelAllowed(['gpt-4o-mini'], 'gpt-4o') // false
 */
export function modelAllowed(patterns: readonly string[], model: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? model.startsWith(p.slice(0, -1)) : p === model));
}
