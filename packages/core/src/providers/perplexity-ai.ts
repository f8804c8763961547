import { openAiCompatible } from './openai-compatible.ts';

export const perplexityAi = openAiCompatible({
  id: 'perplexity-ai',
  baseUrl: 'https://api.perplexity.ai',
  // Perplexity streams always carry usage.
  streamUsage: undefined,
  compat: { format: 'openai', chatPath: 'chat/completions' },
});
