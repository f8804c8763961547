import type { ProviderDefinition, Usage } from './types.ts';
import { field, isObject, num, str } from './read.ts';

/**
 * Usage of a prediction: language models report `metrics.input_token_count` and
 * `metrics.output_token_count` once it has finished (`Prefer: wait`, or the poll that sees it
 * finish). A prediction still `starting`/`processing` has none yet; re-reading a finished one
 * through the gateway reports its tokens again.
 */
export function replicateUsage(body: unknown): Usage | undefined {
  const metrics = field(body, 'metrics');
  if (!isObject(metrics)) return undefined;
  const tokensIn = num(metrics.input_token_count);
  const tokensOut = num(metrics.output_token_count);
  return tokensIn === undefined && tokensOut === undefined ? undefined : { tokensIn, tokensOut };
}

/**
 * Replicate predictions: the model is in the path (`models/{owner}/{name}/predictions`) or the
 * body's `version` (`owner/name:hash` or a bare hash; a finished prediction names its `model`).
 * Streams are served from `urls.stream` on another host, not through the gateway, and carry no usage.
 */
export const replicate: ProviderDefinition = {
  id: 'replicate',
  baseUrl: 'https://api.replicate.com/v1',
  authHeader: 'authorization',
  model: ({ path, body }) => /(?:^|\/)models\/([^/]+\/[^/]+)/.exec(path)?.[1] ?? str(field(body, 'version')),
  usageFromJson: replicateUsage,
};
