import { openAiCompatible, openAiStreamUsage } from './openai-compatible.ts';
import { invalidPath } from '../errors.ts';

/** Azure OpenAI: `/azure-openai/{resource}/{deployment}/…`; the model is the deployment. */
export const azureOpenai = openAiCompatible({
  id: 'azure-openai',
  baseUrl: 'https://{resource}.openai.azure.com/openai/deployments/{deployment}',
  authHeader: 'api-key',
  // `stream_options` came with api-version 2024-09-01-preview (GA 2024-10-21); older ones reject it.
  streamUsage: {
    request: (request) => (acceptsStreamOptions(request.query?.get('api-version')) ? openAiStreamUsage.request(request) : undefined),
    isUsageOnlyEvent: openAiStreamUsage.isUsageOnlyEvent,
  },
  credentialHeaders: ['api-key', 'authorization'],
  route: ([resource, deployment, ...path]) => {
    if (!resource || !deployment) throw invalidPath('azure-openai paths start with {resource}/{deployment}/');
    return { params: { resource, deployment }, path };
  },
});

/** Whether an Azure api-version accepts `stream_options`: dated 2024-09-01 or later, or `preview` / `latest`. */
function acceptsStreamOptions(version: string | null = null): boolean {
  if (version === 'preview' || version === 'latest') return true;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(version ?? '')?.[0];
  return date !== undefined && date >= '2024-09-01';
}
