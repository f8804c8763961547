import { unsupportedParameter } from '../../errors.ts';
import { isObject, num, type Json } from '../../providers/read.ts';
import type { ProviderCompat } from '../../providers/types.ts';
import type { ChatMessage, ChatPart, ChatRequest, ChatToolCall } from '../chat-types.ts';
import { invalidCompatRequest } from '../request-helpers.ts';

const SUPPORTED = new Set([
  'model', 'messages', 'system', 'max_tokens', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'stream', 'tools', 'tool_choice',
  'metadata', 'thinking', 'output_config', 'cache_control', 'service_tier',
]);

/** Extended-thinking budgets → `reasoning_effort` for providers that only know levels. */
function effortFromBudget(budget: number): string {
  return budget <= 4096 ? 'low' : budget <= 16384 ? 'medium' : 'high';
}

function textOf(content: unknown, where: string, provider: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidCompatRequest(`${where} must be a string or an array of blocks`);
  return content
    .map((b, j) => {
      if (!isObject(b) || b.type !== 'text' || typeof b.text !== 'string') throw unsupportedParameter(`${where}[${j}].type '${String(isObject(b) ? b.type : b)}'`, provider);
      return b.text;
    })
    .join('');
}

function imagePart(source: unknown, where: string, provider: string): ChatPart {
  if (isObject(source) && source.type === 'base64' && typeof source.data === 'string') {
    return { type: 'image_url', image_url: { url: `data:${String(source.media_type ?? 'image/png')};base64,${source.data}` } };
  }
  if (isObject(source) && source.type === 'url' && typeof source.url === 'string') return { type: 'image_url', image_url: { url: source.url } };
  throw unsupportedParameter(`${where}.source.type '${String(isObject(source) ? source.type : source)}'`, provider);
}

/** One Anthropic message → chat messages: tool results become `tool` messages ahead of the user's other content. */
function convert(m: Json, i: number, provider: string): ChatMessage[] {
  const where = `messages[${i}]`;
  if (m.role !== 'user' && m.role !== 'assistant') throw invalidCompatRequest(`${where}.role must be 'user' or 'assistant'`);
  const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
  if (!Array.isArray(blocks)) throw invalidCompatRequest(`${where}.content must be a string or an array of blocks`);
  const tools: ChatMessage[] = [];
  const parts: ChatPart[] = [];
  const calls: ChatToolCall[] = [];
  blocks.forEach((b, j) => {
    const at = `${where}.content[${j}]`;
    if (!isObject(b)) throw invalidCompatRequest(`${at} must be an object`);
    switch (b.type) {
      case 'text':
        if (typeof b.text !== 'string') throw invalidCompatRequest(`${at}.text must be a string`);
        parts.push({ type: 'text', text: b.text });
        return;
      case 'image':
        if (m.role !== 'user') break;
        parts.push(imagePart(b.source, at, provider));
        return;
      case 'document':
        if (m.role !== 'user' || !isObject(b.source) || b.source.type !== 'base64') break;
        parts.push({ type: 'file', file: { file_data: `data:${String(b.source.media_type ?? 'application/pdf')};base64,${String(b.source.data)}` } });
        return;
      case 'tool_use':
        if (m.role !== 'assistant' || typeof b.id !== 'string' || typeof b.name !== 'string') break;
        calls.push({ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } });
        return;
      case 'tool_result': {
        if (m.role !== 'user' || typeof b.tool_use_id !== 'string') break;
        const text = b.content === undefined ? '' : textOf(b.content, `${at}.content`, provider);
        // OpenAI tool messages have no error flag; the marker keeps the information in the text.
        tools.push({ role: 'tool', tool_call_id: b.tool_use_id, content: b.is_error === true ? `[error] ${text}` : text });
        return;
      }
      case 'thinking':
      case 'redacted_thinking':
        // Earlier reasoning is Claude's own scratchpad; other models neither need nor accept it.
        if (m.role === 'assistant') return;
        break;
    }
    throw unsupportedParameter(`${at}.type '${String(b.type)}'`, provider);
  });
  if (m.role === 'assistant') {
    const text = parts.map((p) => (p as { text: string }).text).join('');
    return [{ role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length ? { tool_calls: calls } : {}) }];
  }
  const onlyText = parts.every((p) => p.type === 'text');
  const user: ChatMessage[] = parts.length === 0 ? [] : [{ role: 'user', content: onlyText ? parts.map((p) => (p as { text: string }).text).join('') : parts }];
  return [...tools, ...user];
}

function tools(list: unknown, provider: string): Json[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalidCompatRequest('tools must be an array');
  return list.map((t, i) => {
    if (!isObject(t) || typeof t.name !== 'string' || (t.type !== undefined && t.type !== null && t.type !== 'custom')) {
      throw unsupportedParameter(`tools[${i}].type '${String(isObject(t) ? t.type : t)}'`, provider);
    }
    return {
      type: 'function',
      function: {
        name: t.name,
        ...(typeof t.description === 'string' ? { description: t.description } : {}),
        parameters: isObject(t.input_schema) ? t.input_schema : { type: 'object', properties: {} },
        ...(t.strict === true ? { strict: true } : {}),
      },
    };
  });
}

function toolChoice(choice: unknown, req: ChatRequest): void {
  if (!isObject(choice)) return;
  if (choice.type === 'auto') req.tool_choice = 'auto';
  else if (choice.type === 'any') req.tool_choice = 'required';
  else if (choice.type === 'none') req.tool_choice = 'none';
  else if (choice.type === 'tool' && typeof choice.name === 'string') req.tool_choice = { type: 'function', function: { name: choice.name } };
  else throw invalidCompatRequest("tool_choice.type must be 'auto', 'any', 'tool' or 'none'");
  if (choice.disable_parallel_tool_use === true) req.parallel_tool_calls = false;
}

/**
 * Anthropic Messages request → the OpenAI chat pivot, for `/compat/messages` in front of a
 * non-Anthropic provider. Hints with no counterpart are dropped, on purpose and documented:
 * `cache_control` (other providers cache implicitly, or not at all), earlier `thinking` blocks, and
 * `metadata.user_id` outside OpenAI-format providers. `thinking` budgets become `reasoning_effort`.
 */
export function messagesToChat(body: Json, target: { provider: string; compat: ProviderCompat }): ChatRequest {
  const provider = target.provider;
  for (const [key, value] of Object.entries(body)) {
    if (!SUPPORTED.has(key) && value !== undefined && value !== null) throw unsupportedParameter(key, provider);
  }
  if (body.service_tier !== undefined && body.service_tier !== 'auto' && body.service_tier !== 'standard_only') throw unsupportedParameter('service_tier', provider);
  if (!Array.isArray(body.messages)) throw invalidCompatRequest('messages must be an array');
  const messages: ChatMessage[] = [];
  // Each system block stays its own system message, so providers that keep parts apart (Google) still can.
  if (typeof body.system === 'string') messages.push({ role: 'system', content: body.system });
  else if (body.system !== undefined && body.system !== null) {
    if (!Array.isArray(body.system)) throw invalidCompatRequest('system must be a string or an array of text blocks');
    body.system.forEach((block, i) => messages.push({ role: 'system', content: textOf([block], `system[${i}]`, provider) }));
  }
  body.messages.forEach((m, i) => {
    if (!isObject(m)) throw invalidCompatRequest(`messages[${i}] must be an object`);
    messages.push(...convert(m, i, provider));
  });

  const req: ChatRequest = { model: typeof body.model === 'string' ? body.model : '', messages };
  const max = num(body.max_tokens);
  if (max !== undefined) req[target.compat.maxTokensField ?? 'max_tokens'] = max;
  for (const key of ['temperature', 'top_p', 'top_k'] as const) if (typeof body[key] === 'number') req[key] = body[key];
  if (body.stop_sequences !== undefined) req.stop = body.stop_sequences;
  const list = tools(body.tools, provider);
  if (list) req.tools = list;
  toolChoice(body.tool_choice, req);
  // `metadata.user_id` is an abuse-tracking hint: OpenAI-format providers take it as `user`; others have no such field.
  if (isObject(body.metadata) && typeof body.metadata.user_id === 'string' && target.compat.format === 'openai') req.user = body.metadata.user_id;
  if (isObject(body.thinking) && body.thinking.type !== 'disabled') {
    req.reasoning_effort = body.thinking.type === 'enabled' ? effortFromBudget(num(body.thinking.budget_tokens) ?? 0) : 'medium';
  }
  const output = body.output_config;
  if (isObject(output)) {
    if (isObject(output.format)) {
      if (output.format.type !== 'json_schema' || !isObject(output.format.schema)) throw invalidCompatRequest("output_config.format must be {type: 'json_schema', schema}");
      req.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: output.format.schema } };
    }
    if (typeof output.effort === 'string') req.reasoning_effort = output.effort;
  }
  if (body.stream === true) {
    req.stream = true;
    if (target.compat.format === 'openai') req.stream_options = { include_usage: true };
  }
  return req;
}
