import { openAiCompatible } from './openai-compatible.ts';

export const openai = openAiCompatible({
  id: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  compat: { format: 'openai', chatPath: 'chat/completions', embeddingsPath: 'embeddings', modelsPath: 'models', maxTokensField: 'max_completion_tokens' },
});
