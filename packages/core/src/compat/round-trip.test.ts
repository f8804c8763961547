/**
 * Property-style tests on generated conversations (a small seeded generator, many seeds):
 * translating a request or a response there and back keeps its meaning.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../providers/read.ts';
import { anthropicRequest } from './anthropic/anthropic-request.ts';
import { anthropicResponse } from './anthropic/anthropic-response.ts';
import type { ChatCompletion, ChatMessage, ChatRequest, ChatToolCall } from './chat-types.ts';
import { messagesToChat } from './messages/messages-request.ts';
import { chatToMessage } from './messages/messages-response.ts';
import { args, ctxFor, rng, SEEDS, text, TOOL_NAMES, type Rng } from './test-random.ts';

/** A random chat request shaped like real conversations: systems first, tool calls answered in order. */
function chatRequest(r: Rng): ChatRequest {
  const messages: ChatMessage[] = [];
  for (let i = r.int(3); i > 0; i--) messages.push({ role: r.pick(['system', 'developer'] as const), content: text(r) });
  const turns = 1 + r.int(4);
  for (let t = 0; t < turns; t++) {
    const parts = [{ type: 'text', text: text(r) }];
    if (r.bool(0.3)) parts.push({ type: 'image_url', image_url: { url: r.bool() ? 'data:image/png;base64,iVBORw0KGgo=' : 'https://example.com/a.jpg' } } as never);
    messages.push({ role: 'user', content: parts.length === 1 && r.bool() ? parts[0]!.text : parts });
    if (t === turns - 1 && r.bool(0.4)) break;
    const calls: ChatToolCall[] = Array.from({ length: r.bool(0.5) ? 1 + r.int(3) : 0 }, (_, k) => ({
      id: `call_${t}_${k}`,
      type: 'function',
      function: { name: r.pick(TOOL_NAMES), arguments: JSON.stringify(args(r)) },
    }));
    const reply = calls.length === 0 || r.bool() ? text(r) : null;
    messages.push({ role: 'assistant', content: reply, ...(calls.length ? { tool_calls: calls } : {}) });
    for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: text(r) });
    if (calls.length && t === turns - 1) break;
  }
  const req: ChatRequest = { model: 'anthropic/m-1', messages };
  if (r.bool()) req[r.pick(['max_tokens', 'max_completion_tokens'])] = 1 + r.int(5000);
  if (r.bool()) req.temperature = r.int(10) / 10;
  if (r.bool()) req.top_p = r.int(10) / 10;
  if (r.bool()) req.stop = r.bool() ? 'END' : ['END', '###'];
  if (r.bool()) req.user = 'u-1';
  if (r.bool(0.6)) {
    req.tools = TOOL_NAMES.slice(0, 1 + r.int(4)).map((name) => ({
      type: 'function',
      function: { name, ...(r.bool() ? { description: text(r) } : {}), parameters: { type: 'object', properties: { q: { type: 'string' } } }, ...(r.bool(0.2) ? { strict: true } : {}) },
    }));
    if (r.bool()) req.tool_choice = r.pick(['auto', 'none', 'required', { type: 'function', function: { name: 'get_weather' } }] as const);
    if (r.bool(0.3)) req.parallel_tool_calls = false;
  }
  if (r.bool(0.2)) req.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object', properties: { a: { type: 'string' } } } } };
  if (r.bool(0.2)) req.reasoning_effort = r.pick(['low', 'medium', 'high']);
  return req;
}

/** What a chat request means, with the distinctions no provider keeps removed. */
function canonical(req: ChatRequest): Json {
  const messages = req.messages.map((m) => {
    const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content ?? []);
    const allText = parts.every((p) => p.type === 'text');
    const content = allText ? parts.map((p) => (p as { text: string }).text).join('') : parts;
    if (m.role === 'developer' || m.role === 'system') return { role: 'system', content };
    if (m.role === 'assistant') return { role: 'assistant', content: content === '' && m.tool_calls?.length ? null : content, ...(m.tool_calls?.length ? { tool_calls: m.tool_calls } : {}) };
    return { ...m, content };
  });
  const out: Json = { messages, max_tokens: req.max_completion_tokens ?? req.max_tokens ?? 4096 };
  for (const key of ['temperature', 'top_p', 'user', 'reasoning_effort', 'response_format'] as const) if (req[key] !== undefined) out[key] = req[key];
  if (req.stop !== undefined) out.stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.tools) out.tools = req.tools;
  const serial = req.parallel_tool_calls === false && req.tool_choice !== 'none';
  if (req.tool_choice !== undefined || serial) out.tool_choice = req.tool_choice ?? 'auto';
  if (serial) out.parallel_tool_calls = false;
  return out;
}

describe('round trips on generated conversations', () => {
  it('chat → Anthropic Messages → chat keeps every message, tool call, tool result and parameter', () => {
    for (const seed of SEEDS) {
      const req = chatRequest(rng(seed));
      const native = anthropicRequest(req, ctxFor('anthropic'));
      const back = messagesToChat(native, { provider: 'openai', compat: { format: 'openai', chatPath: 'x' } });
      const { model: _m, ...rest } = back;
      expect(rest, `seed ${seed}`).toEqual(canonical(req));
    }
  });

  it('chat completion → Anthropic Message → chat completion keeps content, tool calls, finish reason and usage', () => {
    for (const seed of SEEDS) {
      const r = rng(seed);
      const calls = Array.from({ length: r.int(3) }, (_, k) => ({ id: `toolu_${k}`, type: 'function' as const, function: { name: r.pick(TOOL_NAMES), arguments: JSON.stringify(args(r)) } }));
      const content = calls.length && r.bool() ? null : text(r);
      const completion: ChatCompletion = {
        id: 'msg_1', object: 'chat.completion', created: 1_700_000_000, model: 'm-1',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) }, logprobs: null, finish_reason: calls.length ? 'tool_calls' : r.pick(['stop', 'length', 'content_filter'] as const) }],
        usage: { prompt_tokens: 100 + r.int(100), completion_tokens: r.int(50), total_tokens: 0, prompt_tokens_details: { cached_tokens: r.int(100) } },
      };
      completion.usage!.total_tokens = completion.usage!.prompt_tokens + completion.usage!.completion_tokens;
      const back = anthropicResponse(chatToMessage(completion, 'm-1'), ctxFor('anthropic'));
      expect(back, `seed ${seed}`).toEqual(completion);
    }
  });
});
