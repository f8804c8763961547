import { unsupportedParameter } from '../../errors.ts';
import type { Json } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatMessage, ChatPart, ChatRequest } from '../chat-types.ts';
import {
  assistantText, chatMessages, contentParts, functionTools, imageUrl, invalidCompatRequest, jsonFormat, maxTokens, parseArguments,
  parseDataUrl, MESSAGE_FIELDS, rejectMessageFields, rejectUnsupported, stopSequences, textContent, toolChoice,
} from '../request-helpers.ts';

/** Anthropic requires `max_tokens`; this is sent when the client gave none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

const SUPPORTED = new Set([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'stream', 'stream_options',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'user', 'reasoning_effort',
]);
const EFFORTS = new Set(['low', 'medium', 'high']);

type Block = Json;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

function userBlocks(parts: ChatPart[], where: string, provider: string): Block[] {
  return parts.map((part, j) => {
    const at = `${where}.content[${j}]`;
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      const url = imageUrl(part, at);
      const data = parseDataUrl(url);
      return { type: 'image', source: data ? { type: 'base64', media_type: data.mediaType, data: data.data } : { type: 'url', url } };
    }
    if (part.type === 'file' && typeof (part.file as Json | undefined)?.file_data === 'string') {
      const data = parseDataUrl((part.file as { file_data: string }).file_data);
      if (data) return { type: 'document', source: { type: 'base64', media_type: data.mediaType, data: data.data } };
    }
    throw unsupportedParameter(`${at}.type '${part.type}'`, provider);
  });
}

function assistantBlocks(m: ChatMessage, where: string, provider: string): Block[] {
  const blocks: Block[] = [];
  const text = assistantText(m, where, provider);
  if (text !== '') blocks.push({ type: 'text', text });
  for (const [j, call] of (m.tool_calls ?? []).entries()) {
    if (call.type !== 'function') throw unsupportedParameter(`${where}.tool_calls[${j}].type '${String(call.type)}'`, provider);
    blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments, `${where}.tool_calls[${j}].function.arguments`) });
  }
  return blocks;
}

/** System prompts are hoisted: Anthropic takes one `system`, so every system/developer message joins it in order. */
function splitSystem(messages: ChatMessage[], provider: string): { system: Block[]; rest: [ChatMessage, number][] } {
  const system: Block[] = [];
  const rest: [ChatMessage, number][] = [];
  messages.forEach((m, i) => {
    rejectMessageFields(m, i, MESSAGE_FIELDS, provider);
    if (m.role === 'system' || m.role === 'developer') system.push({ type: 'text', text: textContent(m.content, `messages[${i}]`, provider) });
    else rest.push([m, i]);
  });
  return { system, rest };
}

function turns(rest: [ChatMessage, number][], provider: string): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], blocks: Block[], toolResult = false) => {
    const last = out.at(-1);
    // Consecutive turns of one role merge; tool results go first, as Anthropic requires.
    if (last && last.role === role) {
      if (toolResult) {
        const firstNonResult = last.content.findIndex((b) => b.type !== 'tool_result');
        if (firstNonResult === -1) last.content.push(...blocks);
        else last.content.splice(firstNonResult, 0, ...blocks);
      } else last.content.push(...blocks);
    } else out.push({ role, content: blocks });
  };
  for (const [m, i] of rest) {
    const where = `messages[${i}]`;
    if (m.role === 'user') push('user', userBlocks(contentParts(m.content, where), where, provider));
    else if (m.role === 'assistant') push('assistant', assistantBlocks(m, where, provider));
    else {
      if (typeof m.tool_call_id !== 'string') throw invalidCompatRequest(`${where}.tool_call_id must be a string`);
      push('user', [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: textContent(m.content, where, provider) }], true);
    }
  }
  return out;
}

/**
 * OpenAI chat request → Anthropic Messages request. System prompts are hoisted into `system`,
 * tool messages become `tool_result` blocks of a user turn, data-URL images become base64
 * sources and http(s) images URL sources; `response_format: json_schema` becomes
 * `output_config.format`. `json_object` (any JSON, no schema) has no Anthropic equivalent: 400.
 */
export function anthropicRequest(req: ChatRequest, ctx: MapContext): Json {
  const provider = ctx.provider;
  rejectUnsupported(req, SUPPORTED, provider);
  const { system, rest } = splitSystem(chatMessages(req), provider);
  const body: Json = { model: ctx.model };
  if (system.length > 0) body.system = system.length === 1 ? system[0]!.text : system;
  body.messages = turns(rest, provider);
  body.max_tokens = maxTokens(req) ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const stop = stopSequences(req.stop);
  if (stop) body.stop_sequences = stop;
  for (const key of ['temperature', 'top_p', 'top_k'] as const) if (typeof req[key] === 'number') body[key] = req[key];

  const tools = functionTools(req.tools, provider);
  if (tools) {
    body.tools = tools.map((t) => ({
      name: t.name,
      ...(t.description !== undefined ? { description: t.description } : {}),
      input_schema: t.parameters ?? { type: 'object', properties: {} },
      ...(t.strict ? { strict: true } : {}),
    }));
  }
  const choice = toolChoice(req.tool_choice);
  const serial = req.parallel_tool_calls === false;
  if (choice !== undefined || serial) {
    const c: Json =
      choice === undefined || choice === 'auto' ? { type: 'auto' }
      : choice === 'none' ? { type: 'none' }
      : choice === 'required' ? { type: 'any' }
      : { type: 'tool', name: choice.function.name };
    if (serial && c.type !== 'none') c.disable_parallel_tool_use = true;
    body.tool_choice = c;
  }

  const output: Json = {};
  const json = jsonFormat(req.response_format);
  if (json) {
    if (!json.schema) throw unsupportedParameter("response_format 'json_object'", provider, "Anthropic only constrains output to a schema: use {type: 'json_schema'}");
    output.format = { type: 'json_schema', schema: json.schema };
  }
  if (req.reasoning_effort !== undefined && req.reasoning_effort !== null) {
    if (typeof req.reasoning_effort !== 'string' || !EFFORTS.has(req.reasoning_effort)) throw unsupportedParameter(`reasoning_effort '${String(req.reasoning_effort)}'`, provider);
    output.effort = req.reasoning_effort;
  }
  if (Object.keys(output).length > 0) body.output_config = output;
  if (typeof req.user === 'string') body.metadata = { user_id: req.user };
  if (req.stream === true) body.stream = true;
  return body;
}
