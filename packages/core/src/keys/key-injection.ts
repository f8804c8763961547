import { ErrorCode, GatewayError, unknownKeyAlias } from '../errors.ts';
import type { ProxyContext } from '../pipeline/context.ts';
import { hasCredential, injectCredential } from './credential.ts';
import type { PickedKey, ProviderKeys } from './provider-keys.ts';

export const DEFAULT_ALIAS = 'default';

/**
 * Puts a stored provider key on the upstream request when the client sent none (SPEC §5): only on
 * gateways with `authentication` on, so whoever reaches an open gateway can never spend the
 * organisation's keys. `cf-aig-byok-alias` picks the alias (default `default`); an alias with no
 * key for the provider is a 400 (code 2040). Resolves the key used, if any.
 */
export async function injectStoredKey(ctx: ProxyContext, keys: ProviderKeys): Promise<PickedKey | undefined> {
  if (hasCredential(ctx)) return undefined;
  const alias = ctx.options.byokAlias;
  const provider = ctx.provider.id;
  if (!ctx.gateway.settings.authentication) {
    if (alias !== undefined) throw unknownKeyAlias(alias, provider, 'stored keys are used only on gateways with authentication on; no key');
    return undefined;
  }
  let picked: PickedKey | undefined;
  try {
    picked = await keys.pick(ctx.gateway.id, provider, alias ?? DEFAULT_ALIAS);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError(ErrorCode.secretKeyMissing, 503, `[aigw] [keys] cannot decrypt the stored key: ${(err as Error).message.replace('[aigw] [keys] ', '')}`, { cause: err });
  }
  if (!picked) {
    if (alias !== undefined) throw unknownKeyAlias(alias, provider);
    return undefined;
  }
  injectCredential(ctx, picked.key);
  ctx.trace.providerKey = { id: picked.id, alias: picked.alias };
  return picked;
}
