import { openAiCompatible } from './openai-compatible.ts';

export const deepseek = openAiCompatible({
  id: 'deepseek',
  baseUrl: 'https://api.deepseek.com',
  compat: { format: 'openai', chatPath: 'chat/completions', modelsPath: 'models' },
});
