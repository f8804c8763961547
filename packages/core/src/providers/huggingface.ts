import { openAiCompatible } from './openai-compatible.ts';

/** Hugging Face Inference: `/huggingface/{model}` runs a model; the chat route is OpenAI-compatible. */
export const huggingface = openAiCompatible({
  id: 'huggingface',
  baseUrl: 'https://api-inference.huggingface.co/models',
  model: ({ path, body }) => {
    const fromBody = (body as { model?: unknown } | undefined)?.model;
    if (typeof fromBody === 'string') return fromBody;
    return path.split('/').slice(0, 2).join('/') || undefined;
  },
});
