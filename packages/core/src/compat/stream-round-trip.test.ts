/**
 * Property-style tests on generated provider answers: a stream split anywhere maps to the same
 * bytes, obeys the client dialect's sequence rules, and means the same as the JSON answer.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../providers/read.ts';
import { chatAdapters } from './adapters.ts';
import type { ChatCompletion, ChatToolCall } from './chat-types.ts';
import { chatStreamEncoder } from './chat-stream-encoder.ts';
import { mapEventStream } from './map-stream.ts';
import { chatToMessage } from './messages/messages-response.ts';
import { messagesStreamEncoder } from './messages/messages-stream-encoder.ts';
import { SseParser } from './sse-parser.ts';
import type { NativeStreamMapper, StreamEncoder } from './stream-events.ts';
import { args, ctxFor, rng, SEEDS, text, TOOL_NAMES, type Rng } from './test-random.ts';

/** Content a provider may answer with, to render in each native format. */
interface Answer {
  id: string;
  items: ({ kind: 'text'; pieces: string[] } | { kind: 'tool'; id: string; name: string; args: Json; pieces: string[] })[];
  finish: 'stop' | 'length' | 'tool_calls';
  usage: { input: number; output: number };
}

function split(r: Rng, s: string): string[] {
  const pieces: string[] = [];
  let rest = s;
  while (rest.length > 0) {
    const n = 1 + r.int(Math.max(1, rest.length));
    pieces.push(rest.slice(0, n));
    rest = rest.slice(n);
  }
  return pieces.length ? pieces : [''];
}

function answer(r: Rng): Answer {
  const items: Answer['items'] = [];
  if (r.bool(0.8)) items.push({ kind: 'text', pieces: split(r, text(r, 8)) });
  for (let k = r.bool(0.5) ? 1 + r.int(3) : 0; k > 0; k--) {
    const a = args(r);
    items.push({ kind: 'tool', id: `call_${k}`, name: r.pick(TOOL_NAMES), args: a, pieces: split(r, JSON.stringify(a)) });
  }
  const tools = items.some((i) => i.kind === 'tool');
  return { id: 'resp-1', items, finish: tools ? 'tool_calls' : r.pick(['stop', 'length'] as const), usage: { input: 10 + r.int(90), output: 1 + r.int(90) } };
}

const sse = (event: string | undefined, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** The same answer as each provider would stream it, and as its JSON body. */
const RENDER: Record<'anthropic' | 'google' | 'cohere' | 'openai', { stream(a: Answer): string; json(a: Answer): unknown }> = {
  anthropic: {
    stream(a) {
      const stop = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' }[a.finish];
      let out = sse('message_start', { type: 'message_start', message: { id: a.id, type: 'message', role: 'assistant', model: 'm-1', content: [], usage: { input_tokens: a.usage.input, output_tokens: 1 } } });
      a.items.forEach((item, index) => {
        const block = item.kind === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: item.id, name: item.name, input: {} };
        out += sse('content_block_start', { type: 'content_block_start', index, content_block: block });
        for (const p of item.pieces) out += sse('content_block_delta', { type: 'content_block_delta', index, delta: item.kind === 'text' ? { type: 'text_delta', text: p } : { type: 'input_json_delta', partial_json: p } });
        out += sse('content_block_stop', { type: 'content_block_stop', index });
      });
      return out + sse('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: a.usage.output } }) + sse('message_stop', { type: 'message_stop' });
    },
    json: (a) => ({
      id: a.id, type: 'message', role: 'assistant', model: 'm-1',
      content: a.items.map((i) => (i.kind === 'text' ? { type: 'text', text: i.pieces.join('') } : { type: 'tool_use', id: i.id, name: i.name, input: i.args })),
      stop_reason: { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' }[a.finish], usage: { input_tokens: a.usage.input, output_tokens: a.usage.output },
    }),
  },
  google: {
    stream(a) {
      const chunks: Json[] = a.items.flatMap((i): Json[] => (i.kind === 'text' ? i.pieces.map((p) => ({ text: p })) : [{ functionCall: { name: i.name, args: i.args } }]));
      const usage = { promptTokenCount: a.usage.input, candidatesTokenCount: a.usage.output, totalTokenCount: a.usage.input + a.usage.output };
      if (chunks.length === 0) chunks.push({ text: '' });
      return chunks
        .map((part, i) => {
          const last = i === chunks.length - 1;
          return `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [part] }, index: 0, ...(last ? { finishReason: a.finish === 'length' ? 'MAX_TOKENS' : 'STOP' } : {}) }], usageMetadata: usage, modelVersion: 'm-1', responseId: a.id })}\r\n\r\n`;
        })
        .join('');
    },
    json: (a) => ({
      candidates: [{ content: { role: 'model', parts: a.items.map((i) => (i.kind === 'text' ? { text: i.pieces.join('') } : { functionCall: { name: i.name, args: i.args } })) }, finishReason: a.finish === 'length' ? 'MAX_TOKENS' : 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: a.usage.input, candidatesTokenCount: a.usage.output }, modelVersion: 'm-1', responseId: a.id,
    }),
  },
  cohere: {
    stream(a) {
      const finish = { stop: 'COMPLETE', length: 'MAX_TOKENS', tool_calls: 'TOOL_CALL' }[a.finish];
      let out = sse('message-start', { type: 'message-start', id: a.id, delta: { message: { role: 'assistant' } } });
      let tool = 0;
      for (const i of a.items) {
        if (i.kind === 'text') for (const p of i.pieces) out += sse('content-delta', { type: 'content-delta', index: 0, delta: { message: { content: { text: p } } } });
        else {
          const index = tool++;
          out += sse('tool-call-start', { type: 'tool-call-start', index, delta: { message: { tool_calls: { id: i.id, type: 'function', function: { name: i.name, arguments: '' } } } } });
          for (const p of i.pieces) out += sse('tool-call-delta', { type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: p } } } } });
        }
      }
      return out + sse('message-end', { type: 'message-end', delta: { finish_reason: finish, usage: { tokens: { input_tokens: a.usage.input, output_tokens: a.usage.output } } } });
    },
    json: (a) => ({
      id: a.id,
      message: {
        role: 'assistant',
        content: a.items.filter((i) => i.kind === 'text').map((i) => ({ type: 'text', text: i.pieces.join('') })),
        tool_calls: a.items.flatMap((i) => (i.kind === 'tool' ? [{ id: i.id, type: 'function', function: { name: i.name, arguments: i.pieces.join('') } }] : [])),
      },
      finish_reason: { stop: 'COMPLETE', length: 'MAX_TOKENS', tool_calls: 'TOOL_CALL' }[a.finish],
      usage: { tokens: { input_tokens: a.usage.input, output_tokens: a.usage.output } },
    }),
  },
  openai: {
    stream(a) {
      const head = { id: a.id, object: 'chat.completion.chunk', created: 1, model: 'm-1' };
      let out = sse(undefined, { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      let tool = 0;
      for (const i of a.items) {
        if (i.kind === 'text') for (const p of i.pieces) out += sse(undefined, { ...head, choices: [{ index: 0, delta: { content: p }, finish_reason: null }] });
        else {
          const index = tool++;
          out += sse(undefined, { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index, id: i.id, type: 'function', function: { name: i.name, arguments: '' } }] }, finish_reason: null }] });
          for (const p of i.pieces) out += sse(undefined, { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: p } }] }, finish_reason: null }] });
        }
      }
      out += sse(undefined, { ...head, choices: [{ index: 0, delta: {}, finish_reason: a.finish }] });
      return out + sse(undefined, { ...head, choices: [], usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output } }) + 'data: [DONE]\n\n';
    },
    json: (a) => {
      const text = a.items.filter((i) => i.kind === 'text').map((i) => i.pieces.join('')).join('');
      const calls = a.items.flatMap((i) => (i.kind === 'tool' ? [{ id: i.id, type: 'function', function: { name: i.name, arguments: i.pieces.join('') } }] : []));
      return {
        id: a.id, object: 'chat.completion', created: 1, model: 'm-1',
        choices: [{ index: 0, message: { role: 'assistant', content: text === '' && calls.length ? null : text, ...(calls.length ? { tool_calls: calls } : {}) }, finish_reason: a.finish }],
        usage: { prompt_tokens: a.usage.input, completion_tokens: a.usage.output, total_tokens: a.usage.input + a.usage.output },
      };
    },
  },
};

/** Feeds `body` in random byte slices (multi-byte characters split too) through the stream mapper. */
async function pipe(body: string, mapper: NativeStreamMapper, encoder: StreamEncoder, r?: Rng): Promise<string> {
  const bytes = new TextEncoder().encode(body);
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      let at = 0;
      while (at < bytes.length) {
        const n = r ? 1 + r.int(24) : bytes.length;
        controller.enqueue(bytes.slice(at, at + n));
        at += n;
      }
      controller.close();
    },
  });
  return new Response(mapEventStream(source, mapper, encoder)).text();
}

/** Accumulates OpenAI chunks as the openai SDK does, checking the sequence rules on the way. */
function accumulateChat(body: string): ChatCompletion {
  expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
  const events = new SseParser().push(body).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Json);
  const message: { content: string; tool_calls: ChatToolCall[] } = { content: '', tool_calls: [] };
  let finish: string | undefined;
  let usage: unknown;
  events.forEach((chunk, n) => {
    const choices = chunk.choices as Json[];
    if (choices.length === 0) {
      usage = chunk.usage;
      expect(n).toBe(events.length - 1);
      return;
    }
    const delta = choices[0]!.delta as Json;
    if (n === 0) expect(delta.role).toBe('assistant');
    else expect(delta.role).toBeUndefined();
    if (typeof delta.content === 'string') message.content += delta.content;
    for (const tc of (delta.tool_calls as Json[] | undefined) ?? []) {
      const index = tc.index as number;
      const fn = tc.function as { name?: string; arguments?: string };
      if (tc.id !== undefined) {
        expect(index).toBe(message.tool_calls.length);
        expect(tc.type).toBe('function');
        message.tool_calls.push({ id: tc.id as string, type: 'function', function: { name: fn.name!, arguments: fn.arguments ?? '' } });
      } else message.tool_calls[index]!.function.arguments += fn.arguments ?? '';
    }
    if (choices[0]!.finish_reason !== null) {
      expect(finish).toBeUndefined();
      finish = choices[0]!.finish_reason as string;
    }
  });
  return {
    id: '', object: 'chat.completion', created: 0, model: '',
    choices: [{ index: 0, message: { role: 'assistant', content: message.content === '' && message.tool_calls.length ? null : message.content, refusal: null, ...(message.tool_calls.length ? { tool_calls: message.tool_calls } : {}) }, logprobs: null, finish_reason: finish as never }],
    usage: usage as never,
  };
}

/** Accumulates Anthropic SSE as @anthropic-ai/sdk does, checking the event order rules on the way. */
function accumulateMessage(body: string): Json {
  const events = new SseParser().push(body).map((e) => ({ event: e.event, data: JSON.parse(e.data) as Json }));
  for (const e of events) expect(e.event).toBe(e.data.type);
  expect(events[0]!.data.type).toBe('message_start');
  expect(events.filter((e) => e.data.type === 'message_start')).toHaveLength(1);
  expect(events.at(-1)!.data.type).toBe('message_stop');
  expect(events.at(-2)!.data.type).toBe('message_delta');
  const message = structuredClone(events[0]!.data.message) as Json & { content: Json[]; usage: Json };
  const json: string[] = [];
  let open: number | undefined;
  for (const { data } of events.slice(1, -2)) {
    const index = data.index as number;
    if (data.type === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(index).toBe(message.content.length);
      open = index;
      message.content.push(data.content_block as Json);
      json.push('');
    } else if (data.type === 'content_block_delta') {
      expect(index).toBe(open);
      const delta = data.delta as Json;
      if (delta.type === 'text_delta') message.content[index]!.text += delta.text as string;
      else json[index] += delta.partial_json as string;
    } else {
      expect(data.type).toBe('content_block_stop');
      expect(index).toBe(open);
      open = undefined;
    }
  }
  message.content.forEach((b, i) => {
    if (b.type === 'tool_use') b.input = JSON.parse(json[i] || '{}');
  });
  const delta = events.at(-2)!.data;
  Object.assign(message, delta.delta);
  Object.assign(message.usage, delta.usage);
  return message;
}

describe('streams on generated answers', () => {
  for (const format of ['anthropic', 'google', 'cohere', 'openai'] as const) {
    it(`${format}: the stream, split anywhere, gives the same completion as the JSON answer`, async () => {
      for (const seed of SEEDS.slice(0, 60)) {
        const r = rng(seed);
        const a = answer(r);
        const adapter = chatAdapters[format];
        const body = RENDER[format].stream(a);
        const encoder = () => chatStreamEncoder({ id: 'x', model: 'm-1', created: 1, includeUsage: true });
        const whole = await pipe(body, adapter.stream(ctxFor(format)), encoder());
        const pieces = await pipe(body, adapter.stream(ctxFor(format)), encoder(), r);
        const ids = (t: string) => t.replace(/gen\d+/g, 'gen');
        expect(ids(pieces), `seed ${seed}`).toBe(ids(whole)); // same bytes whatever the split
        const streamed = accumulateChat(whole);
        const json = adapter.response(RENDER[format].json(a), ctxFor(format));
        const strip = (c: ChatCompletion) => ({
          message: { content: c.choices[0]!.message.content, tool_calls: c.choices[0]!.message.tool_calls?.map((t) => ({ name: t.function.name, args: JSON.parse(t.function.arguments) as unknown })) },
          finish: c.choices[0]!.finish_reason,
          usage: { in: c.usage?.prompt_tokens, out: c.usage?.completion_tokens },
        });
        expect(strip(streamed), `seed ${seed}`).toEqual(strip(json));
      }
    });
  }

  it('Anthropic SSE → neutral events → Anthropic SSE keeps every block, input, stop reason and usage', async () => {
    for (const seed of SEEDS.slice(0, 80)) {
      const r = rng(seed);
      const a = answer(r);
      const body = RENDER.anthropic.stream(a);
      const out = await pipe(body, chatAdapters.anthropic.stream(ctxFor('anthropic')), messagesStreamEncoder({ id: 'msg_x', model: 'm-1' }), r);
      const original = accumulateMessage(body.replace('"content":[]', '"content":[],"stop_reason":null,"stop_sequence":null'));
      const round = accumulateMessage(out);
      expect(round.content, `seed ${seed}`).toEqual(original.content);
      expect(round.stop_reason).toBe(original.stop_reason);
      expect(round.usage).toMatchObject({ input_tokens: a.usage.input, output_tokens: a.usage.output });
    }
  });

  it('every format → Anthropic SSE obeys the event order rules and matches the JSON answer mapped to a Message', async () => {
    for (const format of ['google', 'cohere', 'openai'] as const) {
      for (const seed of SEEDS.slice(0, 40)) {
        const r = rng(seed);
        const a = answer(r);
        const adapter = chatAdapters[format];
        const out = await pipe(RENDER[format].stream(a), adapter.stream(ctxFor(format)), messagesStreamEncoder({ id: 'msg_x', model: 'm-1' }), r);
        const streamed = accumulateMessage(out);
        const json = chatToMessage(adapter.response(RENDER[format].json(a), ctxFor(format)), 'm-1');
        const shape = (m: Json) => ({ content: (m.content as Json[]).map(({ id: _, ...b }) => b), stop_reason: m.stop_reason, usage: m.usage });
        expect(shape(streamed), `${format} seed ${seed}`).toEqual(shape(json));
      }
    }
  });
});
