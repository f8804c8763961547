import { openAiCompatible } from './openai-compatible.ts';

export const grok = openAiCompatible({ id: 'grok', baseUrl: 'https://api.x.ai' });
