import type { ProviderDefinition } from './types.ts';
import { googleAiStudio } from './google-ai-studio.ts';
import { invalidPath } from '../errors.ts';

/** Vertex AI: the region in `…/locations/{region}/…` picks the regional host. The client sends an OAuth bearer. */
export const googleVertexAi: ProviderDefinition = {
  ...googleAiStudio,
  id: 'google-vertex-ai',
  baseUrl: 'https://{region}-aiplatform.googleapis.com',
  authHeader: 'authorization',
  credentialQuery: [],
  route: (segments) => {
    const i = segments.indexOf('locations');
    const region = i >= 0 ? segments[i + 1] : undefined;
    if (!region) throw invalidPath('google-vertex-ai paths name a region: v1/projects/{project}/locations/{region}/…');
    return { params: { region }, path: segments };
  },
};
