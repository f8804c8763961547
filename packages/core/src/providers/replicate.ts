import type { ProviderDefinition } from './types.ts';
import { field, str } from './read.ts';

/** Replicate predictions: the model is in the path (`models/{owner}/{name}/predictions`) or the body's `version`. */
export const replicate: ProviderDefinition = {
  id: 'replicate',
  baseUrl: 'https://api.replicate.com/v1',
  authHeader: 'authorization',
  model: ({ path, body }) => /(?:^|\/)models\/([^/]+\/[^/]+)/.exec(path)?.[1] ?? str(field(body, 'version')),
};
