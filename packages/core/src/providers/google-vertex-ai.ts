import type { ProviderDefinition, Usage } from './types.ts';
import { anthropicUsage, foldAnthropicEvent } from './anthropic.ts';
import { googleAiStudio, googleUsage } from './google-ai-studio.ts';
import { openAiUsage } from './openai-compatible.ts';
import { field, mergeUsage } from './read.ts';
import { googleStreamError } from './stream-errors.ts';
import { invalidPath } from '../errors.ts';

/** Vertex AI: the region in `…/locations/{region}/…` picks the regional host. The client sends an OAuth bearer. */
export const googleVertexAi: ProviderDefinition = {
  ...googleAiStudio,
  id: 'google-vertex-ai',
  baseUrl: 'https://{region}-aiplatform.googleapis.com',
  authHeader: 'authorization',
  credentialQuery: [],
  streamError: googleStreamError,
  // Vertex paths name a project and region, which a `google-vertex-ai/{model}` string cannot carry.
  compat: undefined,
  route: (segments) => {
    const i = segments.indexOf('locations');
    const region = i >= 0 ? segments[i + 1] : undefined;
    if (!region) throw invalidPath('google-vertex-ai paths name a region: v1/projects/{project}/locations/{region}/…');
    return { params: { region }, path: segments };
  },
  // Gemini answers with `usageMetadata`; Claude (`publishers/anthropic/…:rawPredict`) in Anthropic's
  // shape; the OpenAI-compatible endpoint (`endpoints/openapi/chat/completions`) in OpenAI's.
  usageFromJson: (body) => {
    const last = Array.isArray(body) ? body.at(-1) : body;
    return googleUsage(last) ?? (isAnthropic(last) ? anthropicUsage(field(last, 'usage')) : openAiUsage(last));
  },
  usageFromEvent: (event, usage) => {
    const type = field(event, 'type');
    if (typeof type === 'string' && type.startsWith('message_')) return foldAnthropicEvent(event, usage);
    const u: Usage | undefined = googleUsage(event) ?? openAiUsage(event);
    if (u) mergeUsage(usage, u);
  },
};

const isAnthropic = (body: unknown): boolean => field(body, 'type') === 'message' || field(body, 'usage', 'input_tokens') !== undefined;
