/**
 * Golden fixtures: for each `fixtures/<case>/`, a client request (`case.json`) goes through a real
 * gateway whose upstream answers with `native-response.json|sse` — provider shapes written from
 * each provider's public API reference. The request the provider receives must equal
 * `native-request.json`, and what the client receives must equal `response.json|sse`, byte for byte.
 * After a deliberate mapping change, `AIGW_UPDATE_GOLDEN=1` rewrites the two expected files; review
 * the diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../gateway.ts';

const DIR = join(import.meta.dirname, 'fixtures');
const UPDATE = process.env.AIGW_UPDATE_GOLDEN === '1';

interface Case {
  description: string;
  endpoint: 'chat/completions' | 'messages' | 'embeddings';
  request: Record<string, unknown>;
  headers?: Record<string, string>;
  upstream: { status: number; contentType: string };
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

async function runCase(dir: string) {
  const spec = JSON.parse(read(dir, 'case.json')) as Case;
  const sse = existsSync(join(dir, 'native-response.sse'));
  const upstreamBody = read(dir, sse ? 'native-response.sse' : 'native-response.json');
  let seen: { url: string; headers: Record<string, string>; body: unknown } | undefined;
  let n = 0;
  const gateway = createGateway({
    logger: { info: () => {}, error: () => {} },
    clock: { now: () => 1_767_225_600_000, sleep: async () => {} },
    ids: { uuid: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}` },
    env: {
      AIGW_PROVIDER_OPENAI_URL: 'https://openai.test/v1',
      AIGW_PROVIDER_ANTHROPIC_URL: 'https://anthropic.test',
      AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: 'https://google.test',
      AIGW_PROVIDER_COHERE_URL: 'https://cohere.test',
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => (headers[k] = v));
      seen = { url: req.url, headers, body: JSON.parse(await req.text()) };
      return new Response(upstreamBody, { status: spec.upstream.status, headers: { 'content-type': spec.upstream.contentType } });
    }) as typeof fetch,
  });
  const res = await gateway.request(`/v1/acct/default/compat/${spec.endpoint}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-golden', 'content-type': 'application/json', ...spec.headers },
    body: JSON.stringify(spec.request),
  });
  const text = await res.text();
  await gateway.close();
  return { res, text, seen: seen! };
}

const cases = readdirSync(DIR).filter((name) => existsSync(join(DIR, name, 'case.json')));

describe('golden fixtures', () => {
  it('has fixtures for every native format, both front ends, streams and errors', () => {
    for (const prefix of ['anthropic-', 'google-', 'cohere-', 'openai-', 'messages-']) expect(cases.some((c) => c.startsWith(prefix)), prefix).toBe(true);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(DIR, name);
      const { res, text, seen } = await runCase(dir);
      const outName = res.headers.get('content-type')?.includes('text/event-stream') ? 'response.sse' : 'response.json';
      // Ids the gateway makes up come from the shared id source; which number a mapper gets depends on other stages.
      const ids = (s: string) => s.replace(/00000000000070008000\d{12}/g, '<generated>');
      const output = ids(outName === 'response.json' ? `${JSON.stringify({ status: res.status, body: JSON.parse(text) }, null, 2)}\n` : text);
      const upstream = ids(`${JSON.stringify(seen, null, 2)}\n`);
      if (UPDATE) {
        writeFileSync(join(dir, 'native-request.json'), upstream);
        writeFileSync(join(dir, outName), output);
      }
      expect(upstream).toBe(read(dir, 'native-request.json'));
      expect(output).toBe(read(dir, outName));
      expect(res.headers.get('cf-aig-provider')).toBe(String((JSON.parse(read(dir, 'case.json')) as Case).request.model).split('/')[0]);
    });
  }
});
