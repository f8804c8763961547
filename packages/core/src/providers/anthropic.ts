import type { ProviderDefinition, Usage } from './types.ts';
import { field, isObject, mergeUsage, num, str } from './read.ts';
import { anthropicStreamError } from './stream-errors.ts';

/** Usage in Anthropic's shape (also Claude on Bedrock's InvokeModel and on Vertex). Cached and cache-write tokens are added to the input. */
export function anthropicUsage(usage: unknown): Usage | undefined {
  if (!isObject(usage)) return undefined;
  const cacheRead = num(usage.cache_read_input_tokens);
  const uncached = num(usage.input_tokens);
  const cacheWrite = num(usage.cache_creation_input_tokens) ?? 0;
  return {
    // Anthropic reports cached and cache-creation tokens beside input_tokens, not inside it.
    tokensIn: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + cacheWrite,
    tokensOut: num(usage.output_tokens),
    cachedTokensIn: cacheRead,
  };
}

/** Anthropic Messages API. `@anthropic-ai/sdk` 1.x sends the key as a bearer token, older ones as x-api-key. */
export const anthropic: ProviderDefinition = {
  id: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  authHeader: 'x-api-key',
  credentialHeaders: ['x-api-key', 'authorization'],
  streamError: anthropicStreamError,
  compat: { format: 'anthropic', chatPath: 'v1/messages', modelsPath: 'v1/models', headers: { 'anthropic-version': '2023-06-01' } },
  model: ({ body }) => str(field(body, 'model')),
  usageFromJson: (body) => anthropicUsage(field(body, 'usage')),
  usageFromEvent: foldAnthropicEvent,
};

/** Folds one Anthropic stream event into `usage`: message_start carries input usage; message_delta the running output count. */
export function foldAnthropicEvent(event: unknown, usage: Usage): void {
  const u = anthropicUsage(field(event, 'message', 'usage')) ?? anthropicUsage(field(event, 'usage'));
  if (!u) return;
  if (field(event, 'type') === 'message_delta' && u.tokensIn === 0) delete u.tokensIn;
  mergeUsage(usage, u);
}
