import { openAiCompatible } from './openai-compatible.ts';

export const openrouter = openAiCompatible({ id: 'openrouter', baseUrl: 'https://openrouter.ai/api' });
