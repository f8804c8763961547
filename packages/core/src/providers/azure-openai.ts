import { openAiCompatible } from './openai-compatible.ts';
import { invalidPath } from '../errors.ts';

/** Azure OpenAI: `/azure-openai/{resource}/{deployment}/…`; the model is the deployment. */
export const azureOpenai = openAiCompatible({
  id: 'azure-openai',
  baseUrl: 'https://{resource}.openai.azure.com/openai/deployments/{deployment}',
  authHeader: 'api-key',
  // `stream_options` depends on the api-version the client chose; older versions reject it.
  streamUsage: undefined,
  credentialHeaders: ['api-key', 'authorization'],
  route: ([resource, deployment, ...path]) => {
    if (!resource || !deployment) throw invalidPath('azure-openai paths start with {resource}/{deployment}/');
    return { params: { resource, deployment }, path };
  },
});
