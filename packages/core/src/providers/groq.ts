import { openAiCompatible } from './openai-compatible.ts';

export const groq = openAiCompatible({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1' });
