import { openAiCompatible } from './openai-compatible.ts';

export const mistral = openAiCompatible({ id: 'mistral', baseUrl: 'https://api.mistral.ai' });
