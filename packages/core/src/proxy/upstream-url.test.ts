import { describe, expect, it } from 'vitest';
import { buildUpstreamUrl } from './upstream-url.ts';
import { createProviderRegistry } from '../providers/registry.ts';
import { GatewayError } from '../errors.ts';

const providers = createProviderRegistry({ providerUrls: {}, customProviders: [{ slug: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' }] });
const get = (id: string) => providers.get(id)!;
const build = (id: string, rest: string, search = '') => buildUpstreamUrl(get(id), rest, search, 'acct').href;

describe('buildUpstreamUrl', () => {
  it('appends the path and query to the base URL as sent', () => {
    expect(build('openai', 'chat/completions', '?a=1&b=%20x')).toBe('https://api.openai.com/v1/chat/completions?a=1&b=%20x');
    expect(build('google-ai-studio', 'v1beta/models/gemini-2.5-flash:generateContent')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(build('custom-vllm', 'chat/completions')).toBe('http://127.0.0.1:8000/v1/chat/completions');
  });

  it('shapes templated providers from the path', () => {
    expect(build('azure-openai', 'myres/gpt4o/chat/completions', '?api-version=2024-10-21')).toBe(
      'https://myres.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
    );
    expect(build('aws-bedrock', 'bedrock-runtime/us-east-1/model/anthropic.claude-v2/invoke')).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v2/invoke',
    );
    expect(build('google-vertex-ai', 'v1/projects/p1/locations/europe-west4/publishers/google/models/gemini:generateContent')).toBe(
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/locations/europe-west4/publishers/google/models/gemini:generateContent',
    );
    expect(build('workers-ai', '@cf/meta/llama-3.1-8b-instruct')).toBe(
      'https://api.cloudflare.com/client/v4/accounts/acct/ai/run/@cf/meta/llama-3.1-8b-instruct',
    );
    expect(build('workers-ai', 'v1/chat/completions')).toBe('https://api.cloudflare.com/client/v4/accounts/acct/ai/v1/chat/completions');
  });

  it.each([
    ['../../evil.com/x', 'dot'],
    ['%2e%2e/%2E%2E/x', 'dot'],
    ['chat%2fcompletions', 'separator'],
    ['chat%5C..%5Cx', 'separator'],
    ['a\\b', 'separator'],
    ['%zz', 'percent'],
  ])('rejects %s', (rest, why) => {
    expect(() => build('openai', rest)).toThrow(GatewayError);
    expect(() => build('openai', rest)).toThrow(new RegExp(why));
  });

  it.each(['//evil.com/x', '@evil.com/x', 'x@evil.com:443/y', 'http://evil.com/'])('keeps the host for %s', (rest) => {
    expect(new URL(build('openai', rest)).host).toBe('api.openai.com');
  });

  it('refuses template parameters that are not host labels', () => {
    expect(() => build('azure-openai', 'evil.com%23/dep/chat')).toThrow(GatewayError);
    expect(() => build('azure-openai', 'a.b/dep/chat')).toThrow(/not a valid resource/);
    expect(() => build('aws-bedrock', 'bedrock-runtime/evil.com@x/model')).toThrow(/not a valid region/);
    expect(() => build('google-vertex-ai', 'v1/projects/p/locations/x.evil.com/m')).toThrow(/not a valid region/);
  });
});
