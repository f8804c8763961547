import { unsupportedParameter } from '../../errors.ts';
import type { Json } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatMessage, ChatPart, ChatRequest } from '../chat-types.ts';
import {
  assistantText, chatMessages, contentParts, functionTools, imageUrl, invalidCompatRequest, jsonFormat, maxTokens, MESSAGE_FIELDS,
  rejectMessageFields, rejectUnsupported, stopSequences, textContent, toolChoice,
} from '../request-helpers.ts';

const SUPPORTED = new Set([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'stream', 'stream_options',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'seed', 'presence_penalty', 'frequency_penalty',
]);

function userContent(parts: ChatPart[], where: string, provider: string): string | Json[] {
  if (parts.every((p) => p.type === 'text')) return parts.map((p) => String((p as { text?: unknown }).text ?? '')).join('');
  return parts.map((part, j) => {
    const at = `${where}.content[${j}]`;
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    // Cohere takes image URLs and data URLs alike.
    if (part.type === 'image_url') return { type: 'image_url', image_url: { url: imageUrl(part, at) } };
    throw unsupportedParameter(`${at}.type '${part.type}'`, provider);
  });
}

function message(m: ChatMessage, i: number, provider: string): Json {
  const where = `messages[${i}]`;
  rejectMessageFields(m, i, MESSAGE_FIELDS, provider);
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textContent(m.content, where, provider) };
    case 'user':
      return { role: 'user', content: userContent(contentParts(m.content, where), where, provider) };
    case 'assistant': {
      const out: Json = { role: 'assistant' };
      const text = assistantText(m, where, provider);
      if (text !== '') out.content = text;
      if (m.tool_calls?.length) {
        out.tool_calls = m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }));
      }
      return out;
    }
    default:
      if (typeof m.tool_call_id !== 'string') throw invalidCompatRequest(`${where}.tool_call_id must be a string`);
      return { role: 'tool', tool_call_id: m.tool_call_id, content: textContent(m.content, where, provider) };
  }
}

/**
 * OpenAI chat request → Cohere v2 chat request. Messages keep their roles (Cohere has system and
 * tool roles), `top_p`/`top_k` become `p`/`k`, a forced function becomes that tool alone with
 * `tool_choice: 'REQUIRED'` (Cohere cannot name one), JSON mode `response_format.json_schema`.
 */
export function cohereRequest(req: ChatRequest, ctx: MapContext): Json {
  const provider = ctx.provider;
  rejectUnsupported(req, SUPPORTED, provider);
  if (req.parallel_tool_calls === false) throw unsupportedParameter('parallel_tool_calls', provider, 'Cohere cannot be limited to one call per turn');
  const body: Json = { model: ctx.model, messages: chatMessages(req).map((m, i) => message(m, i, provider)) };

  let tools = functionTools(req.tools, provider);
  const choice = toolChoice(req.tool_choice);
  if (typeof choice === 'object') {
    tools = tools?.filter((t) => t.name === choice.function.name);
    if (!tools?.length) throw invalidCompatRequest(`tool_choice names '${choice.function.name}', which is not in tools`);
  }
  if (tools) {
    body.tools = tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.parameters ?? { type: 'object', properties: {} } },
    }));
    if (tools.some((t) => t.strict)) body.strict_tools = true;
  }
  if (choice === 'none') body.tool_choice = 'NONE';
  else if (choice === 'required' || typeof choice === 'object') body.tool_choice = 'REQUIRED';

  const max = maxTokens(req);
  if (max !== undefined) body.max_tokens = max;
  const stop = stopSequences(req.stop);
  if (stop) body.stop_sequences = stop;
  const numbers: [string, string][] = [
    ['temperature', 'temperature'], ['top_p', 'p'], ['top_k', 'k'], ['seed', 'seed'],
    ['presence_penalty', 'presence_penalty'], ['frequency_penalty', 'frequency_penalty'],
  ];
  for (const [from, to] of numbers) if (typeof req[from] === 'number') body[to] = req[from];
  const json = jsonFormat(req.response_format);
  if (json) body.response_format = { type: 'json_object', ...(json.schema ? { json_schema: json.schema } : {}) };
  if (req.stream === true) body.stream = true;
  return body;
}
