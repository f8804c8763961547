import { unknownProvider, unsupportedParameter } from '../errors.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { ProviderCompat, ProviderDefinition } from '../providers/types.ts';
import { invalidCompatRequest } from './request-helpers.ts';

/** Where a unified-API request goes: the provider, its native API, and the model named upstream. */
export interface CompatTarget {
  provider: ProviderDefinition;
  compat: ProviderCompat;
  /** The model without the provider prefix, as sent upstream. */
  model: string;
  /** The model string as the client sent it (`anthropic/claude-sonnet-4-5`). */
  requested: string;
}

/**
 * Reads `model: "{provider}/{model}"`. The provider is everything before the first `/` (model
 * names may contain more). Unknown provider → 400 code 2008; a provider with no unified-API
 * support → 400 code 2150.
 *
 * @example
 * resolveTarget(registry, 'workers-ai/@cf/meta/llama-3.1-8b-instruct').model // '@cf/meta/llama-3.1-8b-instruct'
 */
export function resolveTarget(providers: ProviderRegistry, model: unknown, need: 'chat' | 'embeddings' = 'chat'): CompatTarget {
  if (typeof model !== 'string' || model === '') throw invalidCompatRequest("model must be a string '{provider}/{model}'");
  const slash = model.indexOf('/');
  const providerId = slash === -1 ? model : model.slice(0, slash);
  const name = slash === -1 ? '' : model.slice(slash + 1);
  const provider = providers.get(providerId);
  if (!provider) throw unknownProvider(providerId.slice(0, 64));
  if (name === '') throw invalidCompatRequest(`model '${model.slice(0, 128)}' names no model after '${providerId}/'`);
  const compat = provider.compat;
  if (!compat) throw unsupportedParameter('model', provider.id, 'this provider is not reachable through the unified API');
  if (need === 'embeddings' && !compat.embeddingsPath) throw unsupportedParameter('model', provider.id, 'this provider has no embeddings endpoint');
  return { provider, compat, model: name, requested: model };
}
