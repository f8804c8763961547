import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';

/** Every path into an upstream call, tried with inputs that would reach another host if they could. */
describe('no request can make the gateway call an arbitrary host', () => {
  const hosts: string[] = [];
  const gateway = createGateway({
    logger: { info: () => {}, error: () => {} },
    fetch: (async (input: RequestInfo | URL) => {
      hosts.push(new URL(input instanceof Request ? input.url : String(input)).host);
      return Response.json({ choices: [{ message: { content: 'x' } }] });
    }) as typeof fetch,
    env: { AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1' },
  });
  const post = (path: string, body: unknown) =>
    gateway.request(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify(body) });

  it('passthrough paths', async () => {
    for (const path of ['/v1/a/default/openai/%2e%2e/%2e%2e/x', '/v1/a/default/openai/..%2f..%2fevil.test', '/v1/a/default/openai//evil.test/x', '/v1/a/default/openai/@evil.test/x']) {
      const res = await post(path, {});
      if (res.status < 400) expect(hosts.at(-1)).toBe('upstream.test');
    }
    expect((await post('/v1/a/default/aws-bedrock/s3/us-east-1/bucket', {})).status).toBe(400);
    expect((await post('/v1/a/default/azure-openai/evil.test%2f/d/chat/completions', {})).status).toBe(400);
  });

  it('universal steps with absolute or protocol-relative endpoints', async () => {
    for (const endpoint of ['http://evil.test/v1/chat', '//evil.test/chat', '/../../evil', 'https:evil.test']) {
      await post('/v1/a/default', [{ provider: 'openai', endpoint, headers: { authorization: 'Bearer k' }, query: { model: 'm', messages: [] } }]);
    }
    expect(hosts.every((h) => h === 'upstream.test' || h.endsWith('.amazonaws.com') || h.endsWith('.openai.azure.com'))).toBe(true);
  });

  it('unified API models', async () => {
    for (const model of ['openai/../../evil.test', 'openai/http://evil.test', 'evil.test/x']) await post('/v1/a/default/compat/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] });
    expect(hosts.every((h) => h === 'upstream.test')).toBe(true);
    expect(hosts.length).toBeGreaterThan(0);
  });
});
