import type { ProviderDefinition, StreamUsageOption, Usage } from './types.ts';
import { field, isObject, mergeUsage, num, str } from './read.ts';
import { openAiStreamError } from './stream-errors.ts';

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
 * Usage of an OpenAI event: a chat chunk's `usage`, the Responses API's `response.usage`, or
 * Groq's `x_groq.usage` (its streams' last chunk, whether or not usage was asked for).
 */
function openAiEventUsage(event: unknown): Usage | undefined {
  return openAiUsage(event) ?? openAiUsage(field(event, 'response')) ?? openAiUsage(field(event, 'x_groq'));
}

/**
 * OpenAI streams carry usage only with `stream_options.include_usage`: the gateway asks for it on
 * chat and text completions, and the extra chunk it brings (`choices: []`) is removed for clients
 * that did not ask. The Responses API always reports usage in `response.completed`.
 */
export const openAiStreamUsage: StreamUsageOption = {
  request: ({ path, body }) => {
    if (!isObject(body) || body.stream !== true || !/(?:^|\/)(?:chat\/)?completions$/.test(path)) return undefined;
    const options = isObject(body.stream_options) ? body.stream_options : {};
    if (options.include_usage === true) return undefined;
    return { ...body, stream_options: { ...options, include_usage: true } };
  },
  isUsageOnlyEvent: (event) => isObject(event) && Array.isArray(event.choices) && event.choices.length === 0 && isObject(event.usage),
};

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
      const u = openAiEventUsage(event);
      if (u) mergeUsage(usage, u);
    },
    streamUsage: openAiStreamUsage,
    streamError: openAiStreamError,
    ...def,
  };
}
