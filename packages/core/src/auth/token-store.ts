import type { MaybePromise } from '../storage/types.ts';
import type { BudgetWindowSpec } from '../budgets/budget-window.ts';

/** A request limit carried by one gateway token (counted after the cache, like the gateway's). */
export interface TokenRateLimit {
  limit: number;
  /** Window length in seconds. */
  interval: number;
  technique: 'fixed' | 'sliding';
}

/** A spend limit carried by one gateway token. */
export interface TokenBudget extends BudgetWindowSpec {
  limit_usd: number;
}

/**
 * A gateway token (aigw's virtual key). Only the SHA-256 of the token is stored; `prefix` (the
 * first characters) lets people tell tokens apart in lists without revealing them.
 */
export interface GatewayTokenRecord {
  id: string;
  gateway: string;
  name: string;
  /** Hex SHA-256 of the whole token. */
  token_hash: string;
  prefix: string;
  /** ISO-8601. */
  created_at: string;
  /** ISO-8601; null: never expires. */
  expires_at: string | null;
  /** Provider ids this token may call; null: any. */
  allowed_providers: string[] | null;
  /** Models this token may ask for (exact, or a prefix ending in `*`); null: any. */
  allowed_models: string[] | null;
  rate_limit: TokenRateLimit | null;
  budget: TokenBudget | null;
}

/** The fields of a token that the admin API may change after creation. */
export type GatewayTokenPatch = Partial<Pick<GatewayTokenRecord, 'name' | 'expires_at' | 'allowed_providers' | 'allowed_models' | 'rate_limit' | 'budget'>>;

/** Gateway tokens, per gateway. Lookups on the hot path go by hash (an indexed column). */
export interface GatewayTokenStore {
  /** Inserts the token; resolves `false` when its id or hash already exists. */
  createToken(record: GatewayTokenRecord): MaybePromise<boolean>;
  getTokenByHash(gateway: string, tokenHash: string): MaybePromise<GatewayTokenRecord | undefined>;
  getToken(gateway: string, id: string): MaybePromise<GatewayTokenRecord | undefined>;
  /** Oldest first. */
  listTokens(gateway: string): MaybePromise<GatewayTokenRecord[]>;
  /** Resolves the updated record, or `undefined` when there is none. */
  updateToken(gateway: string, id: string, patch: GatewayTokenPatch): MaybePromise<GatewayTokenRecord | undefined>;
  /** Resolves `true` when a token was deleted. */
  deleteToken(gateway: string, id: string): MaybePromise<boolean>;
}
