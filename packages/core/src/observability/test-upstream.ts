/**
 * Test-only: a fake provider upstream (OpenAI, Anthropic, Google shapes, JSON and SSE) with fixed
 * usage, and a gateway in memory wired to it. Not exported from the package.
 */
import { createGateway, type Gateway, type GatewayOptions } from '../gateway.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';

export const ADMIN = 'admin-token-for-tests-0123456789';
export const USAGE = { in: 1200, out: 300, cached: 200 };

export interface SeenCall {
  url: string;
  headers: Headers;
  body: string;
}

const sse = (events: unknown[], named = false) =>
  events.map((e) => `${named ? `event: ${(e as { type: string }).type}\n` : ''}data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');

function stream(text: string, pieces = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / pieces);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const eventStream = (text: string) => new Response(stream(text, 4), { headers: { 'content-type': 'text/event-stream' } });

/** Answers like the provider named by the path; `x-fail: 500` answers that status, `x-fail: network` throws. */
export async function fakeProvider(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const fail = req.headers.get('x-fail');
  if (fail === 'network') throw new TypeError('fetch failed: connection refused');
  if (fail) return json({ error: { message: 'upstream broke' } }, Number(fail));
  const body = req.method === 'POST' ? ((await req.json()) as Record<string, unknown>) : {};
  const path = url.pathname;
  if (path.endsWith('/chat/completions')) {
    const usage = { prompt_tokens: USAGE.in, completion_tokens: USAGE.out, total_tokens: USAGE.in + USAGE.out, prompt_tokens_details: { cached_tokens: USAGE.cached } };
    if (body.stream !== true) return json({ id: 'c1', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'hello' } }], usage });
    const chunk = (content: string) => ({ id: 'c1', choices: [{ index: 0, delta: { content } }] });
    const events: unknown[] = [chunk('hel'), chunk('lo')];
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) events.push({ id: 'c1', choices: [], usage });
    events.push('[DONE]');
    return eventStream(sse(events));
  }
  if (path.endsWith('/v1/messages')) {
    const usage = { input_tokens: USAGE.in - USAGE.cached, cache_read_input_tokens: USAGE.cached, cache_creation_input_tokens: 0 };
    if (body.stream !== true) return json({ id: 'm1', type: 'message', content: [{ type: 'text', text: 'hello' }], usage: { ...usage, output_tokens: USAGE.out } });
    return eventStream(
      sse(
        [
          { type: 'message_start', message: { id: 'm1', usage: { ...usage, output_tokens: 1 } } },
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hello, usage is fine' } },
          { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: USAGE.out } },
          { type: 'message_stop' },
        ],
        true,
      ),
    );
  }
  if (/:(stream)?generateContent$/i.test(path)) {
    const meta = (out: number) => ({ usageMetadata: { promptTokenCount: USAGE.in, candidatesTokenCount: out, cachedContentTokenCount: USAGE.cached } });
    const part = (text: string, out: number) => ({ candidates: [{ content: { parts: [{ text }] } }], ...meta(out) });
    if (path.endsWith(':generateContent')) return json(part('hello', USAGE.out));
    return eventStream(sse([part('hel', 100), part('lo', USAGE.out)]));
  }
  return json({ ok: true });
}

export interface TestGateway {
  gateway: Gateway;
  storage: Storage;
  calls: SeenCall[];
  /** Admin API request with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Waits until the queue has written `n` logs for `gateway`. */
  logs(n: number, gateway?: string): Promise<void>;
}

export function testGateway(options: Partial<GatewayOptions> = {}, upstream = fakeProvider): TestGateway {
  const storage = options.storage ?? createMemoryStorage();
  const calls: SeenCall[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    calls.push({ url: req.url, headers: req.headers, body: await req.clone().text() });
    return upstream(req);
  }) as typeof globalThis.fetch;
  const gateway = createGateway({
    logger: { info: () => {}, error: () => {} },
    ...options,
    storage,
    fetch,
    env: {
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_LOG_FLUSH_MS: '5',
      AIGW_PROVIDER_OPENAI_URL: 'http://openai.test/v1',
      AIGW_PROVIDER_ANTHROPIC_URL: 'http://anthropic.test',
      AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: 'http://google.test',
      ...options.env,
    },
  });
  return {
    gateway,
    storage,
    calls,
    admin: async (path, init = {}) => gateway.request(`/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } }),
    logs: async (n, id = 'default') => {
      for (let i = 0; i < 500 && (await storage.logs.countLogs(id)) < n; i++) await new Promise((r) => setTimeout(r, 5));
    },
  };
}
