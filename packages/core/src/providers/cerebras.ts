import { openAiCompatible } from './openai-compatible.ts';

export const cerebras = openAiCompatible({
  id: 'cerebras',
  baseUrl: 'https://api.cerebras.ai/v1',
  compat: { format: 'openai', chatPath: 'chat/completions', modelsPath: 'models' },
});
