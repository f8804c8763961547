import type { ProviderDefinition } from './types.ts';
import { googleAiStudio } from './google-ai-studio.ts';
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
};
