import { tokenForbidden, unauthorizedToken } from '../errors.ts';
import type { ProxyContext, Stage } from '../pipeline/context.ts';
import { injectStoredKey } from '../keys/key-injection.ts';
import type { ProviderKeys } from '../keys/provider-keys.ts';
import { modelAllowed, type TokenVerifier } from './gateway-tokens.ts';
import type { GatewayTokenRecord } from './token-store.ts';

export interface AuthParts {
  tokens: TokenVerifier;
  keys: ProviderKeys;
  /** Requests the gateway makes to itself (the moderation hook): no gateway token needed. */
  isInternal(request: Request): boolean;
}

function checkPolicy(ctx: ProxyContext, token: GatewayTokenRecord): void {
  if (token.allowed_providers && !token.allowed_providers.includes(ctx.provider.id)) {
    throw tokenForbidden(`gateway token '${token.name}' may not use provider '${ctx.provider.id}'`);
  }
  if (token.allowed_models) {
    const model = ctx.model();
    if (model === undefined) throw tokenForbidden(`gateway token '${token.name}' is limited to some models and this request names none`);
    if (!modelAllowed(token.allowed_models, model)) throw tokenForbidden(`gateway token '${token.name}' may not use model '${model.slice(0, 128)}'`);
  }
}

/**
 * Authenticated gateways and stored keys, right after logging and before the cache (so a cache
 * hit is authorized too, and the cache key covers the injected key). With `authentication` on,
 * every request needs `cf-aig-authorization: Bearer <gateway token>` (401 code 2009 otherwise;
 * the header never goes upstream); the token's provider and model allow-lists apply (403 code
 * 2130). Then a stored provider key is injected when the request carries none; a key the
 * provider answers with 401 or 429 rests for a while.
 */
export function authStage(parts: AuthParts): Stage {
  return async (ctx, next) => {
    if (ctx.gateway.settings.authentication && !parts.isInternal(ctx.request)) {
      const presented = ctx.options.gatewayToken;
      if (!presented) throw unauthorizedToken(`gateway '${ctx.gateway.id}' requires cf-aig-authorization: Bearer <gateway token>`);
      const token = await parts.tokens.verify(ctx.gateway.id, presented);
      if (token === 'unknown') throw unauthorizedToken(`unknown gateway token for gateway '${ctx.gateway.id}'`);
      if (token === 'expired') throw unauthorizedToken('the gateway token has expired');
      checkPolicy(ctx, token);
      const { token_hash: _hash, ...visible } = token;
      ctx.trace.gatewayToken = visible;
    }
    const picked = await injectStoredKey(ctx, parts.keys);
    if (!picked) return next();
    const response = await next();
    parts.keys.report(picked.id, response.status, response.headers.get('retry-after'));
    return response;
  };
}
