import type { ProviderDefinition } from './types.ts';
import { BedrockStreamUsage, bedrockUsage, foldBedrockEvent } from './aws-bedrock-usage.ts';
import { invalidPath } from '../errors.ts';

/**
 * AWS Bedrock: `/aws-bedrock/bedrock-runtime/{region}/…`. The client signs the request (SigV4) for
 * the real host, so the path and body must pass byte for byte.
 */
export const awsBedrock: ProviderDefinition = {
  id: 'aws-bedrock',
  baseUrl: 'https://{service}.{region}.amazonaws.com',
  authHeader: 'authorization',
  route: ([service, region, ...path]) => {
    if (!service || !region) throw invalidPath('aws-bedrock paths start with {service}/{region}/');
    // Only Bedrock's own hosts: a stored key must never be sent to another AWS service.
    if (!/^bedrock(?:-[a-z]+)*$/.test(service)) throw invalidPath(`'${service.slice(0, 64)}' is not a Bedrock service (bedrock, bedrock-runtime, bedrock-agent-runtime, …)`);
    return { params: { service, region }, path };
  },
  model: ({ path }) => {
    const m = /(?:^|\/)model\/([^/]+)\//.exec(path)?.[1];
    return m && decodeURIComponent(m);
  },
  usageFromJson: bedrockUsage,
  usageFromEvent: foldBedrockEvent,
  // ConverseStream and InvokeModelWithResponseStream answer in AWS's binary event-stream framing.
  binaryStreamUsage: { contentType: 'application/vnd.amazon.eventstream', create: () => new BedrockStreamUsage() },
};
