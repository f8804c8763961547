import type { ProviderDefinition, Usage } from './types.ts';
import { field, isObject, mergeUsage, num } from './read.ts';
import { googleStreamError } from './stream-errors.ts';

/** Usage in Google's `usageMetadata` shape (AI Studio and Vertex). */
export function googleUsage(body: unknown): Usage | undefined {
  const meta = field(body, 'usageMetadata');
  if (!isObject(meta)) return undefined;
  const out = num(meta.candidatesTokenCount);
  const thoughts = num(meta.thoughtsTokenCount);
  return {
    tokensIn: num(meta.promptTokenCount),
    tokensOut: out === undefined && thoughts === undefined ? undefined : (out ?? 0) + (thoughts ?? 0),
    cachedTokensIn: num(meta.cachedContentTokenCount),
  };
}

/** The model sits in the path: `…/models/{model}:generateContent`. */
export const googleModelFromPath = (path: string): string | undefined =>
  /(?:^|\/)models\/([^/:]+)(?::|$)/.exec(path)?.[1];

export const googleAiStudio: ProviderDefinition = {
  id: 'google-ai-studio',
  baseUrl: 'https://generativelanguage.googleapis.com',
  authHeader: 'x-goog-api-key',
  credentialQuery: ['key'],
  streamError: googleStreamError,
  compat: {
    format: 'google',
    chatPath: 'v1beta/models/{model}:generateContent',
    streamPath: 'v1beta/models/{model}:streamGenerateContent?alt=sse',
    modelsPath: 'v1beta/models',
  },
  model: ({ path }) => googleModelFromPath(path),
  usageFromJson: (body) => (Array.isArray(body) ? googleUsage(body.at(-1)) : googleUsage(body)),
  usageFromEvent: (event, usage) => {
    const u = googleUsage(event);
    if (u) mergeUsage(usage, u);
  },
};
