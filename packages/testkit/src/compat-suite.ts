import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { expectedUsage, sampleFromSchema, type Format } from '@aigw/mock-provider';
import type { AppStarter } from './proxy-suite.ts';
import { mockedApp, mockProviderEnv, sdkClients } from './suite-app.ts';

const KEY = 'sk-test-compat-0123456789';

interface Target {
  model: string;
  format: Format;
  /** The mock path the native request must reach. */
  path: RegExp;
  /** Where the native request must carry the client's key. */
  auth: [header: string, value: string];
}

const TARGETS: Target[] = [
  { model: 'openai/gpt-4o-mini', format: 'openai', path: /^\/v1\/chat\/completions$/, auth: ['authorization', `Bearer ${KEY}`] },
  { model: 'anthropic/claude-sonnet-4-5', format: 'anthropic', path: /^\/v1\/messages$/, auth: ['x-api-key', KEY] },
  { model: 'google-ai-studio/gemini-2.5-flash', format: 'google', path: /^\/v1beta\/models\/gemini-2\.5-flash:(generate|streamGenerate)Content$/, auth: ['x-goog-api-key', KEY] },
  { model: 'cohere/command-a-03-2025', format: 'cohere', path: /^\/v2\/chat$/, auth: ['authorization', `Bearer ${KEY}`] },
];

const weather = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] };
const time = { type: 'object', properties: { zone: { type: 'string' } } };
const TOOLS: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: weather } },
  { type: 'function', function: { name: 'get_time', description: 'Time in a zone', parameters: time } },
];

/**
 * The unified API (SPEC §3.3) through a real process: the official `openai` SDK on
 * `/compat/chat/completions` and `@anthropic-ai/sdk` on `/compat/messages`, against the mock
 * provider speaking each native format (OpenAI, Anthropic, Google, Cohere).
 */
export function describeCompatSuite(runtime: string, start: AppStarter) {
  describe(`${runtime}: unified API`, () => {
    const running = mockedApp(start, (mockUrl) => ({
      ...mockProviderEnv(mockUrl),
      AIGW_CONFIG_JSON: JSON.stringify({ customProviders: [{ slug: 'local', baseUrl: `${mockUrl}/local/v1`, allowInsecure: true }] }),
    }));
    const compatUrl = () => `${running.app.url}/v1/acct-1/default/compat`;
    const { openai, anthropic } = sdkClients(compatUrl, KEY);
    /** The native request the mock received last, parsed. */
    const native = () => JSON.parse(running.mock.requests.at(-1)!.body) as Record<string, unknown>;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${compatUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    for (const target of TARGETS) {
      describe(`chat/completions → ${target.model}`, () => {
        it('plain chat: text, usage equal to the mock\'s, provider key and headers', async () => {
          const { data, response } = await openai().chat.completions.create({ model: target.model, messages: [{ role: 'user', content: 'hello there' }] }).withResponse();
          expect(data.choices[0]?.message.content).toBe('mock reply to: hello there');
          expect(data.choices[0]?.finish_reason).toBe('stop');
          const usage = expectedUsage(target.format, native());
          expect(data.usage).toMatchObject({ prompt_tokens: usage.tokensIn, completion_tokens: usage.tokensOut, total_tokens: usage.tokensIn + usage.tokensOut });
          expect(response.headers.get('cf-aig-provider')).toBe(target.model.split('/')[0]);
          expect(response.headers.get('cf-aig-model')).toBe(target.model.slice(target.model.indexOf('/') + 1));
          const seen = running.mock.requests.at(-1)!;
          expect(seen.path).toMatch(target.path);
          expect(seen.headers[target.auth[0]]).toBe(target.auth[1]);
          if (target.format !== 'openai') expect(seen.headers.authorization === undefined || target.auth[0] === 'authorization').toBe(true);
        });

        it('system prompt and multi-turn conversation', async () => {
          const res = await openai().chat.completions.create({
            model: target.model,
            messages: [
              { role: 'system', content: 'Be terse.' },
              { role: 'user', content: 'first question' },
              { role: 'assistant', content: 'first answer' },
              { role: 'user', content: 'second question' },
            ],
          });
          expect(res.choices[0]?.message.content).toBe('mock reply to: second question');
          const body = native();
          expect(res.usage?.prompt_tokens).toBe(expectedUsage(target.format, body).tokensIn);
          const systemOf: Record<Format, () => unknown> = {
            openai: () => (body.messages as { content: string }[])[0]?.content,
            cohere: () => (body.messages as { role: string; content: string }[]).find((m) => m.role === 'system')?.content,
            anthropic: () => body.system,
            google: () => (body.systemInstruction as { parts: { text: string }[] }).parts[0]?.text,
          };
          expect(systemOf[target.format]()).toBe('Be terse.');
        });

        it('streams text: role first, one finish, a usage chunk, then [DONE]', async () => {
          const stream = await openai().chat.completions.create({
            model: target.model, messages: [{ role: 'user', content: 'stream me some words' }], stream: true, stream_options: { include_usage: true },
          });
          const chunks: OpenAI.ChatCompletionChunk[] = [];
          for await (const chunk of stream) chunks.push(chunk);
          expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
          expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('mock reply to: stream me some words');
          expect(chunks.flatMap((c) => c.choices.map((x) => x.finish_reason)).filter(Boolean)).toEqual(['stop']);
          expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
          const last = chunks.at(-1)!;
          const usage = expectedUsage(target.format, native());
          expect(last.choices).toEqual([]);
          expect(last.usage).toMatchObject({ prompt_tokens: usage.tokensIn, completion_tokens: usage.tokensOut });

          const raw = await (await post('/chat/completions', { model: target.model, stream: true, messages: [{ role: 'user', content: 'raw' }] })).text();
          expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
          expect(raw).not.toContain('"usage":{');
        });

        it('tools without streaming: parallel calls, then the answer to their results', async () => {
          const client = openai();
          const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'use get_weather and get_time' }];
          const first = await client.chat.completions.create({ model: target.model, messages, tools: TOOLS });
          const choice = first.choices[0]!;
          expect(choice.finish_reason).toBe('tool_calls');
          const calls = (choice.message.tool_calls ?? []).map((c) => (c.type === 'function' ? c : undefined)!);
          expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
            ['get_weather', sampleFromSchema(weather)],
            ['get_time', sampleFromSchema(time)],
          ]);
          expect(new Set(calls.map((c) => c.id)).size).toBe(2);
          expect(first.usage?.completion_tokens).toBe(expectedUsage(target.format, native()).tokensOut);

          messages.push(choice.message, ...calls.map((c, i) => ({ role: 'tool' as const, tool_call_id: c.id, content: i === 0 ? 'sunny' : 'noon' })));
          const second = await client.chat.completions.create({ model: target.model, messages, tools: TOOLS });
          expect(second.choices[0]?.message.content).toMatch(/^mock reply to tool results: .*sunny.*noon/);
          expect(second.choices[0]?.finish_reason).toBe('stop');
        });

        it('tools with streaming: the SDK accumulates the right arguments (stream() and runTools())', async () => {
          const client = openai();
          const final = await client.chat.completions
            .stream({ model: target.model, messages: [{ role: 'user', content: 'use get_weather and get_time' }], tools: TOOLS, stream: true })
            .finalChatCompletion();
          const calls = final.choices[0]!.message.tool_calls!.map((c) => (c.type === 'function' ? c : undefined)!);
          expect(calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
            ['get_weather', sampleFromSchema(weather)],
            ['get_time', sampleFromSchema(time)],
          ]);
          expect(final.choices[0]?.finish_reason).toBe('tool_calls');

          const seen: unknown[] = [];
          const runner = client.chat.completions.runTools({
            model: target.model,
            stream: true,
            messages: [{ role: 'user', content: 'what is the weather? use get_weather' }],
            tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: weather, parse: JSON.parse, function: (args: { city: string }) => (seen.push(args), `sunny in ${args.city}`) } }],
          });
          expect(await runner.finalContent()).toBe(`mock reply to tool results: ${target.format === 'google' ? JSON.stringify({ content: 'sunny in city-value' }) : 'sunny in city-value'}`);
          expect(seen).toEqual([sampleFromSchema(weather)]);
        });

        it('JSON mode: a schema-shaped answer', async () => {
          const schema = { type: 'object', properties: { answer: { type: 'string' }, score: { type: 'number' } }, required: ['answer', 'score'] };
          const res = await openai().chat.completions.create({
            model: target.model, messages: [{ role: 'user', content: 'rate this' }],
            response_format: { type: 'json_schema', json_schema: { name: 'rating', schema } },
          });
          expect(JSON.parse(res.choices[0]!.message.content!)).toEqual(sampleFromSchema(schema));
          const anyJson = openai().chat.completions.create({ model: target.model, messages: [{ role: 'user', content: 'json please' }], response_format: { type: 'json_object' } });
          if (target.format === 'anthropic') {
            // Anthropic only constrains output to a schema: refused by name, never silently dropped.
            await expect(anyJson).rejects.toMatchObject({ status: 400, message: expect.stringContaining('response_format') });
          } else {
            expect(JSON.parse((await anyJson).choices[0]!.message.content!)).toEqual({ reply: 'mock reply to: json please' });
          }
        });

        it("an upstream error arrives in OpenAI's shape with the upstream status", async () => {
          const err = await openai({ 'x-mock-status': '429' })
            .chat.completions.create({ model: target.model, messages: [{ role: 'user', content: 'x' }] })
            .catch((e: unknown) => e);
          expect(err).toBeInstanceOf(OpenAI.APIError);
          expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
          expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('mock: injected status 429');
          const raw = await post('/chat/completions', { model: target.model, messages: [{ role: 'user', content: 'x' }] }, { 'x-mock-status': '503' });
          expect(raw.status).toBe(503);
          expect(await raw.json()).toMatchObject({ error: { message: expect.stringContaining('mock: injected status 503'), type: expect.any(String) } });
        });
      });

      describe(`messages (Anthropic SDK) → ${target.model}`, () => {
        it('answers with text and the mock\'s usage', async () => {
          const msg = await anthropic().messages.create({ model: target.model, max_tokens: 256, system: 'Be terse.', messages: [{ role: 'user', content: 'hi claude' }] });
          expect(msg.content).toEqual([{ type: 'text', text: 'mock reply to: hi claude' }]);
          expect(msg.stop_reason).toBe('end_turn');
          const usage = expectedUsage(target.format, native());
          expect(msg.usage).toMatchObject({ input_tokens: usage.tokensIn, output_tokens: usage.tokensOut });
          expect(running.mock.requests.at(-1)!.path).toMatch(target.path);
          expect(running.mock.requests.at(-1)!.headers[target.auth[0]]).toBe(target.auth[1]);
        });

        it('streams byte-faithful Anthropic SSE: one message_start, ordered blocks, message_delta usage, message_stop', async () => {
          const stream = anthropic().messages.stream({ model: target.model, max_tokens: 256, messages: [{ role: 'user', content: 'stream claude' }] });
          const events: Anthropic.MessageStreamEvent[] = [];
          for await (const event of stream) events.push(event);
          const final = await stream.finalMessage();
          expect(events[0]?.type).toBe('message_start');
          expect(events.filter((e) => e.type === 'message_start')).toHaveLength(1);
          expect(events.at(-1)?.type).toBe('message_stop');
          expect(events.at(-2)?.type).toBe('message_delta');
          expect(final.content).toEqual([{ type: 'text', text: 'mock reply to: stream claude' }]);
          const usage = expectedUsage(target.format, native());
          expect(final.usage).toMatchObject({ input_tokens: usage.tokensIn, output_tokens: usage.tokensOut });
          expect(final.stop_reason).toBe('end_turn');
        });

        it('streams tool_use blocks with input_json_delta and consecutive indices', async () => {
          const stream = anthropic().messages.stream({
            model: target.model, max_tokens: 256, messages: [{ role: 'user', content: 'use get_weather and get_time' }],
            tools: [
              { name: 'get_weather', input_schema: weather as Anthropic.Tool.InputSchema },
              { name: 'get_time', input_schema: time as Anthropic.Tool.InputSchema },
            ],
          });
          const events: Anthropic.MessageStreamEvent[] = [];
          for await (const event of stream) events.push(event);
          const final = await stream.finalMessage();
          const starts = events.filter((e) => e.type === 'content_block_start');
          expect(starts.map((e) => e.index)).toEqual(starts.map((_, i) => i));
          expect(events.filter((e) => e.type === 'content_block_stop').map((e) => e.index)).toEqual(starts.map((_, i) => i));
          expect(events.some((e) => e.type === 'content_block_delta' && e.delta.type === 'input_json_delta')).toBe(true);
          const tools = final.content.filter((b) => b.type === 'tool_use');
          expect(tools.map((b) => [b.name, b.input])).toEqual([['get_weather', sampleFromSchema(weather)], ['get_time', sampleFromSchema(time)]]);
          expect(final.stop_reason).toBe('tool_use');

          const followUp = await anthropic().messages.create({
            model: target.model, max_tokens: 256,
            messages: [
              { role: 'user', content: 'use get_weather and get_time' },
              { role: 'assistant', content: final.content },
              { role: 'user', content: tools.map((b, i) => ({ type: 'tool_result' as const, tool_use_id: b.id, content: i === 0 ? 'sunny' : 'noon' })) },
            ],
            tools: [{ name: 'get_weather', input_schema: weather as Anthropic.Tool.InputSchema }, { name: 'get_time', input_schema: time as Anthropic.Tool.InputSchema }],
          });
          expect(followUp.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^mock reply to tool results: .*sunny.*noon/) });
        });

        it("an upstream error arrives in Anthropic's shape with the upstream status", async () => {
          const err = await anthropic({ 'x-mock-status': '429' })
            .messages.create({ model: target.model, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
            .catch((e: unknown) => e);
          expect(err).toBeInstanceOf(Anthropic.APIError);
          expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(429);
          expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('mock: injected status 429') } });
        });
      });
    }

    describe('routing and validation', () => {
      it('forwards OpenAI-compatible requests with only the prefix removed, unknown parameters included', async () => {
        const body = { model: 'custom-local/my-model', messages: [{ role: 'user', content: 'hi local' }], vendor_knob: { depth: 3 }, temperature: 0.2 };
        const res = await post('/chat/completions', body);
        expect(res.status).toBe(200);
        expect(running.mock.requests.at(-1)!.path).toBe('/local/v1/chat/completions');
        expect(native()).toEqual({ ...body, model: 'my-model' });
      });

      it('refuses unknown providers (2008) and parameters a provider cannot express (2150)', async () => {
        const unknown = await post('/chat/completions', { model: 'nope/x', messages: [{ role: 'user', content: 'x' }] });
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toEqual({ success: false, error: [{ code: 2008, message: expect.stringContaining('nope') }] });
        const param = await post('/chat/completions', { model: 'anthropic/claude', logprobs: true, messages: [{ role: 'user', content: 'x' }] });
        expect(param.status).toBe(400);
        expect(await param.json()).toEqual({ success: false, error: [{ code: 2150, message: expect.stringContaining("'logprobs'") }] });
        expect(running.mock.requests).toEqual([]);
      });

      it('sends images natively: base64 for data URLs, URL sources for links', async () => {
        const png = 'data:image/png;base64,iVBORw0KGgo=';
        const content: OpenAI.ChatCompletionContentPart[] = [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: png } }];
        for (const model of ['anthropic/claude-sonnet-4-5', 'google-ai-studio/gemini-2.5-flash']) {
          const res = await openai().chat.completions.create({ model, messages: [{ role: 'user', content }] });
          expect(res.choices[0]?.message.content).toBe('mock reply to: what is this [image image/png]');
        }
        expect((native().contents as { parts: unknown[] }[])[0]?.parts[1]).toEqual({ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } });
        await openai().chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] }] });
        expect((native().messages as { content: unknown[] }[])[0]?.content[0]).toEqual({ type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } });
      });

      it('embeddings through an OpenAI-compatible provider; models listed per provider', async () => {
        const res = await openai().embeddings.create({ model: 'openai/text-embedding-3-small', input: ['alpha', 'beta'] });
        expect(res.data.map((d) => d.embedding.length)).toEqual([8, 8]);
        expect(native().model).toBe('text-embedding-3-small');
        await expect(openai().embeddings.create({ model: 'anthropic/claude', input: 'x' })).rejects.toMatchObject({ status: 400 });

        const providers: string[] = [];
        for await (const m of openai().models.list()) providers.push(m.id);
        expect(providers).toEqual(expect.arrayContaining(['openai', 'anthropic', 'google-ai-studio', 'cohere', 'custom-local']));
        const listed = (await (await fetch(`${compatUrl()}/models?provider=openai`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { data: { id: string }[] };
        expect(listed.data.map((m) => m.id)).toContain('openai/gpt-4o-mini');
      });
    });
  });
}
