import { openAiCompatible } from './openai-compatible.ts';

export const openrouter = openAiCompatible({
  id: 'openrouter',
  baseUrl: 'https://openrouter.ai/api',
  compat: { format: 'openai', chatPath: 'v1/chat/completions', modelsPath: 'v1/models' },
});
