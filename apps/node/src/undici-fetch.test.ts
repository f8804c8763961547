import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { MAX_BUFFERED_RESPONSE_BYTES, responseBytes } from '@aigw/core';
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

  it('returns status, headers and a JSON body already read, as a bytesResponse', async () => {
    const res = await chat();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const bytes = responseBytes(res);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toContain('mock reply to: hi');
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

  it('streams an event stream as it comes', async () => {
    const res = await chat({ 'x-mock-chunks': '3' }, true);
    expect(responseBytes(res)).toBeUndefined();
    expect(await res.text()).toContain('data: [DONE]');
  });

  describe('against a server that compresses or sends long JSON of undeclared length', () => {
    let server: Server;
    let base: string;
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_BUFFERED_RESPONSE_BYTES + 1000) });
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/gzip') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipSync('{"usage":{"prompt_tokens":3}}'));
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
          for (let i = 0; i < big.length; i += 1 << 20) res.write(big.slice(i, i + (1 << 20)));
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('decodes a compressed JSON body before handing it over whole', async () => {
      const res = await fetch(`${base}/gzip`);
      expect(new TextDecoder().decode(responseBytes(res))).toBe('{"usage":{"prompt_tokens":3}}');
    });

    it('streams a JSON body past the in-memory limit, with nothing lost', async () => {
      const res = await fetch(`${base}/big`);
      expect(responseBytes(res)).toBeUndefined();
      expect(await res.text()).toBe(big);
    });
  });
});
