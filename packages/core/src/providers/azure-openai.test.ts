import { describe, expect, it } from 'vitest';
import { testGateway, USAGE } from '../observability/test-upstream.ts';

describe('azure-openai streams', () => {
  const stream = async (apiVersion: string) => {
    const t = testGateway();
    const res = await t.gateway.request(`/v1/a/default/azure-openai/res1/dep1/chat/completions?api-version=${apiVersion}`, {
      method: 'POST',
      headers: { 'api-key': 'azure-key-000000000', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    const text = await res.text();
    await t.logs(1);
    const log = await t.storage.logs.getLog('default', res.headers.get('cf-aig-log-id')!);
    await t.gateway.close();
    return { sent: JSON.parse(t.calls[0]!.body) as Record<string, unknown>, url: t.calls[0]!.url, text, log };
  };

  it('ask for usage on api-versions that accept stream_options, and hide the extra chunk from the client', async () => {
    for (const version of ['2024-10-21', '2025-04-01-preview', 'preview']) {
      const { sent, url, text, log } = await stream(version);
      expect(url).toBe(`https://res1.openai.azure.com/openai/deployments/dep1/chat/completions?api-version=${version}`);
      expect(sent.stream_options).toEqual({ include_usage: true });
      expect(text).not.toContain('usage');
      expect(text).toContain('[DONE]');
      expect(log).toMatchObject({ tokens_in: USAGE.in, tokens_out: USAGE.out });
    }
  });

  it('leave older api-versions, which reject stream_options, as the client sent them', async () => {
    for (const version of ['2024-06-01', '2024-08-01-preview']) {
      const { sent, log } = await stream(version);
      expect(sent).not.toHaveProperty('stream_options');
      expect(log).toMatchObject({ tokens_in: null, tokens_out: null });
    }
  });
});
