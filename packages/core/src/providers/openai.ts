import { openAiCompatible } from './openai-compatible.ts';

export const openai = openAiCompatible({ id: 'openai', baseUrl: 'https://api.openai.com/v1' });
