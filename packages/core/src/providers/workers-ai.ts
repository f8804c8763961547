import { openAiCompatible, openAiUsage } from './openai-compatible.ts';
import { field } from './read.ts';

/**
 * Cloudflare Workers AI, scoped to the account in the request URL. `/workers-ai/@cf/…` runs a model;
 * `/workers-ai/v1/…` is its OpenAI-compatible API.
 */
export const workersAi = openAiCompatible({
  id: 'workers-ai',
  baseUrl: 'https://api.cloudflare.com/client/v4/accounts/{account}/ai',
  // Native `run` inputs are validated against each model's schema; leave them as sent.
  streamUsage: undefined,
  compat: { format: 'openai', chatPath: 'v1/chat/completions', embeddingsPath: 'v1/embeddings', modelsPath: 'v1/models' },
  route: (segments, { account }) => ({
    params: { account },
    path: segments[0] === 'v1' || segments[0] === 'run' ? segments : ['run', ...segments],
  }),
  model: ({ path, body }) => {
    const fromBody = (body as { model?: unknown } | undefined)?.model;
    if (typeof fromBody === 'string') return fromBody;
    const m = /(?:^|\/)run\/(.+)$/.exec(path)?.[1];
    return m && decodeURIComponent(m);
  },
  // Native `run` answers wrap the output in Cloudflare's envelope: `{result: {response, usage}, success}`.
  // Its streams end with a `data: {"response":"","usage":{…}}` event, which the OpenAI reader handles.
  usageFromJson: (body) => openAiUsage(body) ?? openAiUsage(field(body, 'result')),
});
