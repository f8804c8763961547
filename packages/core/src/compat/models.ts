import { isObject, str } from '../providers/read.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { CompatFormat } from '../providers/types.ts';

/** An entry of `GET …/compat/models`, in OpenAI's model-list shape. */
export interface CompatModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * What `GET …/compat/models` lists without `?provider=`: one entry per configured provider the
 * unified API reaches, with id `{provider}` (use `{provider}/{model}` in requests), plus what it offers.
 */
export function configuredProviders(providers: ProviderRegistry) {
  return [...providers.values()]
    .filter((p) => p.compat)
    .map((p) => ({
      id: p.id,
      object: 'provider' as const,
      created: 0,
      owned_by: p.id,
      format: p.compat!.format,
      chat: true,
      embeddings: p.compat!.embeddingsPath !== undefined,
      models: p.compat!.modelsPath !== undefined,
    }));
}

/** Model ids in a provider's own list: OpenAI/Anthropic `data[].id`, Google and Cohere `models[].name`. */
const READERS: Record<CompatFormat, (body: unknown) => string[]> = {
  openai: (b) => ids(isObject(b) ? b.data : undefined, 'id'),
  anthropic: (b) => ids(isObject(b) ? b.data : undefined, 'id'),
  google: (b) => ids(isObject(b) ? b.models : undefined, 'name').map((n) => n.replace(/^models\//, '')),
  cohere: (b) => ids(isObject(b) ? b.models : undefined, 'name'),
};

function ids(list: unknown, key: string): string[] {
  return (Array.isArray(list) ? list : []).map((m) => (isObject(m) ? str(m[key]) : undefined)).filter((id): id is string => id !== undefined);
}

/** A provider's model list → OpenAI's, ids prefixed with the provider so they can be sent back as `model`. */
export function providerModels(provider: string, format: CompatFormat, body: unknown, created: number): { object: 'list'; data: CompatModel[] } {
  return { object: 'list', data: READERS[format](body).map((id) => ({ id: `${provider}/${id}`, object: 'model', created, owned_by: provider })) };
}
