import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import { createUndiciFetch } from './undici-fetch.ts';

describe('createUndiciFetch', () => {
  let mock: MockProvider;
  const fetch = createUndiciFetch();
  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(() => mock.close());

  const chat = (headers: Record<string, string> = {}, stream = false) =>
    fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k', ...headers },
      body: new TextEncoder().encode(JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hi' }] })),
    });

  it('returns status, headers and the body as a web stream', async () => {
    const res = await chat();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('mock reply to: hi');
    expect(mock.requests.at(-1)!.headers.authorization).toBe('Bearer k');
  });

  it('survives cancelling a body whose data is already buffered', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await chat({ 'x-mock-status': '503' });
      await res.body!.cancel();
    }
    const stream = await chat({ 'x-mock-chunks': '50' }, true);
    const reader = stream.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect((await chat()).status).toBe(200);
  });
});
