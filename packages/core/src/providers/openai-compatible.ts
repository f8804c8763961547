import type { ProviderDefinition, Usage } from './types.ts';
import { field, isObject, mergeUsage, num, str } from './read.ts';

/** Usage in OpenAI's shape (`prompt_tokens`, `completion_tokens`, cached tokens in details). */
export function openAiUsage(body: unknown): Usage | undefined {
  const usage = field(body, 'usage');
  if (!isObject(usage)) return undefined;
  return {
    tokensIn: num(usage.prompt_tokens) ?? num(usage.input_tokens),
    tokensOut: num(usage.completion_tokens) ?? num(usage.output_tokens),
    cachedTokensIn: num(field(usage, 'prompt_tokens_details', 'cached_tokens')) ?? num(field(usage, 'input_tokens_details', 'cached_tokens')),
  };
}

/**
 * A provider that speaks OpenAI's API: bearer auth, `model` in the body, usage in OpenAI's shape
 * (the last stream chunk carries it when `stream_options.include_usage` is set).
 *
 * @example
 * export const groq = openAiCompatible({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1' });
 */
export function openAiCompatible(def: Pick<ProviderDefinition, 'id' | 'baseUrl'> & Partial<ProviderDefinition>): ProviderDefinition {
  return {
    authHeader: 'authorization',
    model: ({ body }) => str(field(body, 'model')),
    usageFromJson: openAiUsage,
    usageFromEvent: (event, usage) => {
      const u = openAiUsage(event);
      if (u) mergeUsage(usage, u);
    },
    ...def,
  };
}
