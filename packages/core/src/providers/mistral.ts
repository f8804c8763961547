import { openAiCompatible } from './openai-compatible.ts';

export const mistral = openAiCompatible({
  id: 'mistral',
  baseUrl: 'https://api.mistral.ai',
  // Mistral streams always end with usage and reject unknown body fields.
  streamUsage: undefined,
  compat: { format: 'openai', chatPath: 'v1/chat/completions', embeddingsPath: 'v1/embeddings', modelsPath: 'v1/models' },
});
