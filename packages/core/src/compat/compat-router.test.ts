import { describe, expect, it } from 'vitest';
import { createGateway, type GatewayOptions } from '../gateway.ts';

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

type Upstream = (req: Request, n: number) => Response | Promise<Response>;

function setup(upstream: Upstream, options: Partial<GatewayOptions> = {}) {
  const seen: Seen[] = [];
  const gateway = createGateway({
    logger: { info: () => {}, error: () => {} },
    ...options,
    env: {
      AIGW_PROVIDER_OPENAI_URL: 'https://openai.test/v1',
      AIGW_PROVIDER_ANTHROPIC_URL: 'https://anthropic.test',
      AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: 'https://google.test',
      AIGW_PROVIDER_COHERE_URL: 'https://cohere.test',
      ...options.env,
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      seen.push({ url: req.url, method: req.method, headers: req.headers, body: init?.body ? await req.clone().text() : '' });
      return upstream(req, seen.length);
    }) as typeof fetch,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, gatewayId = 'default') =>
    gateway.request(`/v1/acct/${gatewayId}/compat/${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { gateway, seen, post };
}

const anthropicMessage = (text: string) =>
  Response.json({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 2 } });
const chat = (model: string, extra: object = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

async function envelope(res: Response) {
  const body = (await res.json()) as { success: boolean; error: { code: number; message: string }[] };
  expect(body.success).toBe(false);
  return body.error[0]!;
}

describe('unified API routes', () => {
  it('is routed before passthrough; other paths under compat/ still fall to passthrough (unknown provider)', async () => {
    const { gateway, post } = setup(() => anthropicMessage('ok'));
    expect((await post('chat/completions', chat('anthropic/claude-x'))).status).toBe(200);
    const other = await gateway.request('/v1/acct/default/compat/responses', { method: 'POST', body: '{}' });
    expect(other.status).toBe(400);
    expect((await envelope(other)).code).toBe(2008);
  });

  it('answers bad input with the envelope before calling anyone', async () => {
    const { seen, post, gateway } = setup(() => anthropicMessage('never'));
    const cases: [unknown, number, number, string][] = [
      ['{not json', 400, 2100, 'JSON'],
      [[1, 2], 400, 2105, 'object'],
      [{ messages: [] }, 400, 2105, 'model'],
      [chat('gpt-4o'), 400, 2008, "'gpt-4o'"],
      [chat('replicate/flux'), 400, 2150, 'unified API'],
      [chat('anthropic/'), 400, 2105, 'names no model'],
      [chat('anthropic/claude', { messages: [] }), 400, 2105, 'messages'],
      [chat('anthropic/claude', { n: 2 }), 400, 2150, "'n'"],
      [chat('anthropic/claude', { response_format: { type: 'json_object' } }), 400, 2150, 'json_schema'],
      [chat('google-ai-studio/gemini', { parallel_tool_calls: false }), 400, 2150, 'parallel_tool_calls'],
      [chat('google-ai-studio/gemini', { messages: [{ role: 'tool', tool_call_id: 'x', content: 'r' }] }), 400, 2105, 'tool_call_id'],
      [chat('cohere/command', { logit_bias: { 1: 2 } }), 400, 2150, 'logit_bias'],
      [chat('cohere/command', { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }), 400, 2150, 'input_audio'],
      [chat('anthropic/claude', { messages: [{ role: 'user', content: 'x', name: 'bob' }] }), 400, 2150, 'messages[0].name'],
      [chat('anthropic/claude', { tools: [{ type: 'web_search' }] }), 400, 2150, 'web_search'],
    ];
    for (const [body, status, code, text] of cases) {
      const res = await post('chat/completions', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const error = await envelope(res);
      expect(error.code, JSON.stringify(body)).toBe(code);
      expect(error.message).toContain(text);
    }
    const messages = await post('messages', { model: 'google-ai-studio/g', max_tokens: 5, container: 'c', messages: [{ role: 'user', content: 'x' }] });
    expect((await envelope(messages)).message).toContain("'container'");
    expect((await envelope(await gateway.request('/v1/acct/nope/compat/chat/completions', { method: 'POST', body: '{}' }))).code).toBe(2001);
    expect(seen).toEqual([]);
  });

  it('maps the client key to each provider\'s header and drops the front end\'s own headers', async () => {
    const { seen, post } = setup((req) => (req.url.includes('anthropic') ? anthropicMessage('ok') : Response.json({ candidates: [] })));
    await post('messages', { model: 'google-ai-studio/gemini', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { authorization: '', 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'b', 'x-extra': '1' });
    expect(Object.fromEntries(seen[0]!.headers)).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'sk-ant', 'x-extra': '1' });
    await post('chat/completions', chat('anthropic/claude'), { 'anthropic-version': '2099-01-01' });
    expect(seen[1]!.headers.get('x-api-key')).toBe('sk-1');
    expect(seen[1]!.headers.get('authorization')).toBeNull();
    expect(seen[1]!.headers.get('anthropic-version')).toBe('2099-01-01');
  });

  it('accepts assistant messages as the openai SDK hands them back (refusal, annotations)', async () => {
    const { post, seen } = setup(() => anthropicMessage('ok'));
    const history = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: null, refusal: 'I cannot help with that.', annotations: [] },
      { role: 'user', content: 'b' },
    ];
    expect((await post('chat/completions', chat('anthropic/claude-x', { messages: history }))).status).toBe(200);
    expect(JSON.parse(seen[0]!.body).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'I cannot help with that.' }] });
  });

  it('records the requested model on the trace and names provider and model in headers, errors included', async () => {
    const { post } = setup(() => Response.json({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, { status: 429, headers: { 'retry-after': '7' } }));
    const res = await post('chat/completions', chat('anthropic/claude-x'));
    expect(res.status).toBe(429);
    expect(res.headers.get('cf-aig-provider')).toBe('anthropic');
    expect(res.headers.get('cf-aig-model')).toBe('claude-x');
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_error' } });
  });

  it('keeps gateway errors raised in the pipeline as the envelope', async () => {
    const { post } = setup(() => {
      throw new TypeError('connect ECONNREFUSED');
    });
    const res = await post('chat/completions', chat('anthropic/claude-x'));
    expect(res.status).toBe(502);
    expect((await envelope(res)).code).toBe(2005);
    expect(res.headers.get('cf-aig-provider')).toBe('anthropic');
  });

  it('turns a whole JSON answer into SSE when the client asked for a stream', async () => {
    const { post } = setup(() => anthropicMessage('all at once'));
    const res = await post('chat/completions', chat('anthropic/claude-x', { stream: true }));
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text).toContain('"content":"all at once"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('ends a broken provider stream with an error event in the client\'s dialect', async () => {
    const upstream = () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"c","usage":{"input_tokens":1,"output_tokens":0}}}\n\n'));
            c.error(new Error('socket hang up'));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const { post } = setup(upstream);
    const chatText = await (await post('chat/completions', chat('anthropic/claude-x', { stream: true }))).text();
    expect(chatText).toMatch(/data: {"error":{"message":"\[aigw\] \[compat\] the provider stream failed: socket hang up"/);
    expect(chatText).not.toContain('[DONE]');
    // Anthropic to Anthropic passes through: the client's stream fails as the provider's did.
    const passthrough = await post('messages', { model: 'anthropic/claude-x', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] });
    await expect(passthrough.text()).rejects.toThrow('socket hang up');
    const { post: postGoogle } = setup(() => new Response('data: {"candidates":[{"content":{"parts":[{"text":"Hi"}]},"index":0}]}\n\n', { headers: { 'content-type': 'text/event-stream' } }));
    const truncated = await (await postGoogle('messages', { model: 'google-ai-studio/g', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] })).text();
    expect(truncated).toContain('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"[aigw] [compat] the provider stream ended before it finished"}}');
    expect(truncated.match(/event: message_start/g)).toHaveLength(1);
  });

  it('cancels the provider stream when the client goes away', async () => {
    let cancelled = false;
    const upstream = () =>
      new Response(
        new ReadableStream({
          pull: (c) =>
            new Promise<void>((r) =>
              setTimeout(() => {
                if (!cancelled) c.enqueue(new TextEncoder().encode('data: {"candidates":[{"content":{"parts":[{"text":"x"}]},"index":0}]}\n\n'));
                r();
              }, 5),
            ),
          cancel: () => void (cancelled = true),
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const { post } = setup(upstream);
    const res = await post('chat/completions', chat('google-ai-studio/g', { stream: true }));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
  });

  it('caches the native answer and translates it again on a hit', async () => {
    const { post, seen } = setup(() => anthropicMessage('cached words'), { env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { cached: { cache_ttl: 300 } } }) } });
    const first = await post('chat/completions', chat('anthropic/claude-x'), {}, 'cached');
    const a = (await first.json()) as { choices: unknown };
    const second = await post('chat/completions', chat('anthropic/claude-x'), {}, 'cached');
    expect(seen).toHaveLength(1);
    expect(second.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(((await second.json()) as { choices: unknown }).choices).toEqual(a.choices);
    expect(a.choices).toMatchObject([{ message: { content: 'cached words' } }]);
  });

  it('forwards embeddings to OpenAI-format providers, prefix removed; refuses providers without them', async () => {
    const { post, seen } = setup(() => Response.json({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], model: 'e', usage: { prompt_tokens: 1, total_tokens: 1 } }));
    const res = await post('embeddings', { model: 'openai/text-embedding-3-small', input: 'x', dimensions: 8 });
    expect(res.status).toBe(200);
    expect(seen[0]!.url).toBe('https://openai.test/v1/embeddings');
    expect(JSON.parse(seen[0]!.body)).toEqual({ model: 'text-embedding-3-small', input: 'x', dimensions: 8 });
    const refused = await post('embeddings', { model: 'anthropic/claude', input: 'x' });
    expect((await envelope(refused)).message).toContain('no embeddings endpoint');
  });

  it('lists providers, and one provider\'s models in its own format, prefixed', async () => {
    const { gateway, seen } = setup(() => Response.json({ models: [{ name: 'models/gemini-2.5-flash' }, { name: 'models/gemini-2.5-pro' }] }));
    const list = (await (await gateway.request('/v1/acct/default/compat/models')).json()) as { data: { id: string; embeddings: boolean }[] };
    expect(list.data.map((p) => p.id)).toEqual(['openai', 'anthropic', 'google-ai-studio', 'groq', 'mistral', 'cohere', 'deepseek', 'grok', 'openrouter', 'perplexity-ai', 'cerebras', 'workers-ai']);
    expect(list.data.find((p) => p.id === 'openai')?.embeddings).toBe(true);
    const res = await gateway.request('/v1/acct/default/compat/models?provider=google-ai-studio', { headers: { authorization: 'Bearer g-key' } });
    expect(await res.json()).toMatchObject({ object: 'list', data: [{ id: 'google-ai-studio/gemini-2.5-flash', object: 'model' }, { id: 'google-ai-studio/gemini-2.5-pro' }] });
    expect(seen[0]!.url).toBe('https://google.test/v1beta/models');
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.headers.get('x-goog-api-key')).toBe('g-key');
  });

  it('reaches custom and account-scoped providers', async () => {
    const { post, seen } = setup(() => Response.json({ id: 'c', object: 'chat.completion', choices: [] }), {
      env: { AIGW_CONFIG_JSON: JSON.stringify({ customProviders: [{ slug: 'vllm', baseUrl: 'http://vllm.test/v1', allowInsecure: true }] }) },
    });
    await post('chat/completions', chat('custom-vllm/meta-llama/Llama-3.1-8B'));
    expect(seen[0]!.url).toBe('http://vllm.test/v1/chat/completions');
    expect(JSON.parse(seen[0]!.body).model).toBe('meta-llama/Llama-3.1-8B');
    await post('chat/completions', chat('workers-ai/@cf/meta/llama-3.1-8b-instruct'));
    expect(seen[1]!.url).toBe('https://api.cloudflare.com/client/v4/accounts/acct/ai/v1/chat/completions');
    expect(JSON.parse(seen[1]!.body).model).toBe('@cf/meta/llama-3.1-8b-instruct');
  });

  it('never lets a model name change the upstream path', async () => {
    const { post, seen } = setup(() => Response.json({}));
    for (const model of ['google-ai-studio/../../evil', 'google-ai-studio/a/b', 'google-ai-studio/..']) {
      const res = await post('chat/completions', chat(model));
      expect(res.status, model).toBe(400);
    }
    const encoded = await post('chat/completions', chat('google-ai-studio/gemini?x=1#y'));
    expect(encoded.status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['https://google.test/v1beta/models/gemini%3Fx%3D1%23y:generateContent']);
  });
});
