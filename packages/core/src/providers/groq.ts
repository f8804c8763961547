import { openAiCompatible } from './openai-compatible.ts';

export const groq = openAiCompatible({
  id: 'groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  compat: { format: 'openai', chatPath: 'chat/completions', modelsPath: 'models' },
});
