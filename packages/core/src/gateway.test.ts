import { describe, expect, it } from 'vitest';
import { createGateway, type GatewayOptions } from './gateway.ts';

interface Seen { url: string; method: string; headers: Headers; body: string }

function setup(options: Partial<GatewayOptions> = {}, respond: (req: Request) => Response | Promise<Response> = () => Response.json({ ok: true })) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, method: req.method, headers: req.headers, body: await req.clone().text() });
    return respond(req);
  }) as typeof globalThis.fetch;
  const gateway = createGateway({
    logger: { info: () => {}, error: () => {} },
    ...options,
    fetch,
    env: { AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1', ...options.env },
  });
  return { gateway, seen };
}

async function envelope(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { success: boolean; error: { code: number; message: string }[] };
  expect(body.success).toBe(false);
  return body.error[0]!;
}

describe('passthrough', () => {
  it('forwards method, path, query, body and headers, minus cf-aig-* and hop-by-hop', async () => {
    const { gateway, seen } = setup();
    const res = await gateway.request('/v1/acct/default/openai/chat/completions?x=1', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'cf-aig-cache-ttl': '60', 'cf-aig-metadata': '{}', connection: 'close', 'x-extra': 'kept' },
      body: '{"model":"gpt-4o-mini","messages":[]}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('http://upstream.test/v1/chat/completions?x=1');
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.body).toBe('{"model":"gpt-4o-mini","messages":[]}');
    expect([...seen[0]!.headers.keys()].filter((h) => h.startsWith('cf-aig-'))).toEqual([]);
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer sk-test');
    expect(seen[0]!.headers.get('x-extra')).toBe('kept');
    expect(Number(res.headers.get('aigw-overhead-ms'))).toBeGreaterThanOrEqual(0);
  });

  it('passes upstream errors through unchanged', async () => {
    const { gateway } = setup({}, () => new Response('{"error":{"message":"bad key"}}', { status: 401, headers: { 'content-type': 'application/json', 'x-upstream': '1' } }));
    const res = await gateway.request('/v1/a/default/openai/models');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-upstream')).toBe('1');
    expect(await res.text()).toBe('{"error":{"message":"bad key"}}');
  });

  it('streams the response as it arrives', async () => {
    let push!: (s: string) => void;
    let end!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (s) => controller.enqueue(new TextEncoder().encode(s));
        end = () => controller.close();
      },
    });
    const { gateway } = setup({}, () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const res = await gateway.request('/v1/a/default/openai/chat/completions', { method: 'POST', body: '{"stream":true}' });
    const reader = res.body!.getReader();
    push('data: one\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
    push('data: two\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: two\n\n');
    end();
    expect((await reader.read()).done).toBe(true);
  });

  it('aborts the upstream call when the client goes away', async () => {
    let upstreamSignal: AbortSignal | undefined;
    const { gateway } = setup({}, (req) => {
      upstreamSignal = req.signal;
      // Like a real fetch: pending until the signal aborts it.
      // The abort may land before the call on a slow first request: a real fetch then rejects at once.
      if (req.signal.aborted) return Promise.reject(req.signal.reason);
      return new Promise<Response>((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
    });
    const controller = new AbortController();
    const pending = gateway.request('/v1/a/default/openai/chat/completions', { method: 'POST', body: '{}', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await Promise.resolve(pending).catch(() => undefined);
    expect(upstreamSignal?.aborted).toBe(true);
  });
});

describe('gateway errors', () => {
  it('unknown gateway → 404 2001, default always exists, configured gateways exist', async () => {
    const { gateway } = setup({ env: { AIGW_CONFIG_JSON: '{"gateways":{"prod":{"cache_ttl":60}}}' } });
    expect((await gateway.request('/v1/a/default/openai/models')).status).toBe(200);
    expect((await gateway.request('/v1/a/prod/openai/models')).status).toBe(200);
    const res = await gateway.request('/v1/a/nope/openai/models');
    expect(res.status).toBe(404);
    expect(await envelope(res)).toMatchObject({ code: 2001 });
  });

  it('auto-creates unknown gateways when configured', async () => {
    const { gateway } = setup({ env: { AIGW_AUTO_CREATE_GATEWAYS: 'true' } });
    expect((await gateway.request('/v1/a/fresh/openai/models')).status).toBe(200);
  });

  it('AIGW_ACCOUNT_ID refuses other accounts with 404 2001', async () => {
    const { gateway } = setup({ env: { AIGW_ACCOUNT_ID: 'mine' } });
    expect((await gateway.request('/v1/mine/default/openai/models')).status).toBe(200);
    const res = await gateway.request('/v1/theirs/default/openai/models');
    expect(res.status).toBe(404);
    expect(await envelope(res)).toMatchObject({ code: 2001 });
  });

  it('unknown provider → 400 2008', async () => {
    const { gateway, seen } = setup();
    const res = await gateway.request('/v1/a/default/not-a-provider/x');
    expect(res.status).toBe(400);
    expect(await envelope(res)).toMatchObject({ code: 2008 });
    expect(seen).toHaveLength(0);
  });

  it('path tricks → 400 2103 and nothing is sent', async () => {
    const { gateway, seen } = setup();
    for (const path of ['/v1/a/default/openai/chat%2F..%2Fx', '/v1/a/default/openai/x%5C..%5Cy', '/v1/a/default/azure-openai/evil.com%23/d/x']) {
      const res = await gateway.request(path);
      expect(res.status, path).toBe(400);
      expect((await envelope(res)).code).toBe(2103);
    }
    // URL parsing resolves dot segments (also %2e%2e) before routing: they can only climb within aigw's own paths.
    const dots = await gateway.request('/v1/a/default/openai/%2e%2e/%2e%2e/%2e%2e/x');
    expect(dots.status).toBe(404);
    expect((await envelope(dots)).code).toBe(2104);
    expect(seen).toHaveLength(0);
  });

  it('body over the limit → 413 2101, with or without content-length', async () => {
    const { gateway, seen } = setup({ env: { AIGW_MAX_BODY_BYTES: '100' } });
    const declared = await gateway.request('/v1/a/default/openai/chat/completions', { method: 'POST', body: 'x'.repeat(101) });
    expect(declared.status).toBe(413);
    expect((await envelope(declared)).code).toBe(2101);
    const streamed = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('x'.repeat(60)));
        c.enqueue(new TextEncoder().encode('x'.repeat(60)));
        c.close();
      },
    });
    const chunked = await gateway.request('/v1/a/default/openai/chat/completions', { method: 'POST', body: streamed, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(seen).toHaveLength(0);
    expect((await gateway.request('/v1/a/default/openai/chat/completions', { method: 'POST', body: 'x'.repeat(100) })).status).toBe(200);
  });

  it('unreachable upstream → 502 2005 without leaking the key', async () => {
    const { gateway } = setup({}, () => {
      throw new TypeError('fetch failed: connect ECONNREFUSED');
    });
    const res = await gateway.request('/v1/a/default/openai/models', { headers: { authorization: 'Bearer sk-secret-123' } });
    expect(res.status).toBe(502);
    const error = await envelope(res);
    expect(error.code).toBe(2005);
    expect(error.message).not.toContain('sk-secret-123');
  });

  it('unknown routes get the envelope; health answers', async () => {
    const { gateway } = setup();
    const res = await gateway.request('/nope');
    expect(res.status).toBe(404);
    expect((await envelope(res)).code).toBe(2104);
    expect(await (await gateway.request('/health')).json()).toEqual({ status: 'ok' });
  });
});

describe('config seeding', () => {
  it('applies config settings to the default gateway and keeps stored settings on restart', async () => {
    const { createMemoryStorage } = await import('./storage/memory.ts');
    const storage = createMemoryStorage();
    const env = { AIGW_ADMIN_TOKEN: 't', AIGW_CONFIG_JSON: '{"gateways":{"default":{"cache_ttl":120}}}' };
    const first = createGateway({ storage, env, logger: { info: () => {}, error: () => {} } });
    await first.ready;
    expect((await storage.gateways.getGateway('default'))?.settings).toEqual({ cache_ttl: 120 });
    await storage.gateways.updateGateway('default', { cache_ttl: 600 }, new Date().toISOString());
    const second = createGateway({ storage, env, logger: { info: () => {}, error: () => {} } });
    await second.ready;
    expect((await storage.gateways.getGateway('default'))?.settings).toEqual({ cache_ttl: 600 });
  });
});
