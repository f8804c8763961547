import type { ProviderDefinition, Usage } from './types.ts';
import { field, isObject, mergeUsage, num, str } from './read.ts';

function cohereUsage(body: unknown): Usage | undefined {
  const units = field(body, 'usage', 'billed_units') ?? field(body, 'meta', 'billed_units');
  const tokens = field(body, 'usage', 'tokens') ?? field(body, 'meta', 'tokens');
  const u = isObject(tokens) ? tokens : units;
  if (!isObject(u)) return undefined;
  return { tokensIn: num(u.input_tokens), tokensOut: num(u.output_tokens) };
}

/** Cohere (v1 and v2 chat). Stream usage arrives on the `message-end` event's `delta`. */
export const cohere: ProviderDefinition = {
  id: 'cohere',
  baseUrl: 'https://api.cohere.ai',
  authHeader: 'authorization',
  // v1 streams report usage as `meta.billed_units` in `stream-end`.
  usageMarkers: ['usage', 'billed_units'],
  compat: { format: 'cohere', chatPath: 'v2/chat', modelsPath: 'v1/models' },
  model: ({ body }) => str(field(body, 'model')),
  usageFromJson: cohereUsage,
  usageFromEvent: (event, usage) => {
    const u = cohereUsage(field(event, 'delta')) ?? cohereUsage(field(event, 'response')) ?? cohereUsage(event);
    if (u) mergeUsage(usage, u);
  },
};
