import { openAiCompatible } from './openai-compatible.ts';

/** Hugging Face Inference: `/huggingface/{model}` runs a model; the chat route is OpenAI-compatible. */
export const huggingface = openAiCompatible({
  id: 'huggingface',
  baseUrl: 'https://api-inference.huggingface.co/models',
  // Not every model server behind it knows `stream_options`.
  streamUsage: undefined,
  model: ({ path, body }) => {
    const fromBody = (body as { model?: unknown } | undefined)?.model;
    if (typeof fromBody === 'string') return fromBody;
    return path.split('/').slice(0, 2).join('/') || undefined;
  },
});
