import { openAiCompatible } from './openai-compatible.ts';

export const grok = openAiCompatible({
  id: 'grok',
  baseUrl: 'https://api.x.ai',
  compat: { format: 'openai', chatPath: 'v1/chat/completions', modelsPath: 'v1/models' },
});
