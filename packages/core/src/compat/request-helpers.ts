import { ErrorCode, GatewayError, unsupportedParameter } from '../errors.ts';
import { isObject, type Json } from '../providers/read.ts';
import type { ChatMessage, ChatPart, ChatRequest, ChatToolChoice } from './chat-types.ts';

/** A request body that cannot be read as the API it was sent to (400, code 2105). */
export const invalidCompatRequest = (why: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [compat] invalid request: ${why}`);

/** Values that mean "not set": a client sending them asks for nothing the target must express. */
const NEUTRAL: Readonly<Record<string, unknown>> = {
  n: 1,
  logprobs: false,
  presence_penalty: 0,
  frequency_penalty: 0,
  parallel_tool_calls: true,
  store: false,
  stream: false,
};

/**
 * Throws 400 (code 2150) naming the first parameter of `req` that `supported` does not list,
 * unless it is unset (`null`) or set to its neutral value. Nothing is silently dropped.
 */
export function rejectUnsupported(req: Json, supported: ReadonlySet<string>, provider: string): void {
  for (const [key, value] of Object.entries(req)) {
    if (supported.has(key) || value === null || value === undefined) continue;
    if (key in NEUTRAL && NEUTRAL[key] === value) continue;
    throw unsupportedParameter(key, provider);
  }
}

/** The parts of a message's content: a string becomes one text part, null none. */
export function contentParts(content: ChatMessage['content'], where: string): ChatPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidCompatRequest(`${where}.content must be a string or an array of parts`);
  return content.map((part, i) => {
    if (!isObject(part) || typeof part.type !== 'string') throw invalidCompatRequest(`${where}.content[${i}] must be an object with a type`);
    return part as ChatPart;
  });
}

/** The text of a content that may only hold text (system prompts, tool results). */
export function textContent(content: ChatMessage['content'], where: string, provider: string): string {
  return contentParts(content, where)
    .map((part, i) => {
      if (part.type !== 'text' || typeof part.text !== 'string') throw unsupportedParameter(`${where}.content[${i}].type '${part.type}'`, provider);
      return part.text;
    })
    .join('');
}

/** An assistant message's text; a refusal (OpenAI's separate field) counts as what the assistant said. */
export function assistantText(m: ChatMessage, where: string, provider: string): string {
  const text = textContent(m.content, where, provider);
  return text === '' && typeof m.refusal === 'string' ? m.refusal : text;
}

/** Message fields the translating mappers read, or may ignore because they only annotate a past answer. */
export const MESSAGE_FIELDS: ReadonlySet<string> = new Set(['role', 'content', 'tool_calls', 'tool_call_id', 'refusal', 'annotations']);

/** Splits a `data:` URL into media type and base64 payload; undefined for any other URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)?((?:;[^;,]+)*?);base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', data: match[3]! };
}

/** The URL of an `image_url` part, checked. */
export function imageUrl(part: ChatPart, where: string): string {
  const image = (part as { image_url?: unknown }).image_url;
  const url = typeof image === 'string' ? image : isObject(image) ? image.url : undefined;
  if (typeof url !== 'string' || url === '') throw invalidCompatRequest(`${where}.image_url.url must be a non-empty string`);
  return url;
}

/** Media type guessed from a URL's file extension, for providers that want one with a URL. */
export function mediaTypeFromUrl(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
    heic: 'image/heic', heif: 'image/heif', pdf: 'application/pdf',
  };
  return ext ? types[ext] : undefined;
}

/** Tool-call arguments as an object (every native API wants one); 400 when they are not a JSON object. */
export function parseArguments(args: unknown, where: string): Json {
  if (args === undefined || args === null || args === '') return {};
  if (typeof args !== 'string') throw invalidCompatRequest(`${where} must be a JSON string`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw invalidCompatRequest(`${where} is not valid JSON`);
  }
  if (!isObject(parsed)) throw invalidCompatRequest(`${where} must encode a JSON object`);
  return parsed;
}

/** Arguments from a model's response: a JSON object when they parse, else the raw text under `_raw`. */
export function responseArguments(args: string): Json {
  try {
    const parsed: unknown = JSON.parse(args || '{}');
    return isObject(parsed) ? parsed : { _raw: args };
  } catch {
    return { _raw: args };
  }
}

/** `max_completion_tokens` (current) or `max_tokens` (older), checked. */
export function maxTokens(req: ChatRequest): number | undefined {
  const value = req.max_completion_tokens ?? req.max_tokens;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalidCompatRequest('max_tokens must be a positive integer');
  return value;
}

/** `stop` as a list. */
export function stopSequences(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop;
  throw invalidCompatRequest('stop must be a string or an array of strings');
}

/** A function tool, checked: name, description and JSON-schema parameters. */
export interface FunctionTool {
  name: string;
  description?: string;
  parameters?: Json;
  strict?: boolean;
}

/** The function tools of a request; any other tool type cannot be translated. */
export function functionTools(tools: unknown, provider: string): FunctionTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalidCompatRequest('tools must be an array');
  return tools.map((tool, i) => {
    if (!isObject(tool) || tool.type !== 'function') throw unsupportedParameter(`tools[${i}].type '${String(isObject(tool) ? tool.type : tool)}'`, provider);
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string') throw invalidCompatRequest(`tools[${i}].function.name must be a string`);
    const out: FunctionTool = { name: fn.name };
    if (typeof fn.description === 'string') out.description = fn.description;
    if (isObject(fn.parameters)) out.parameters = fn.parameters;
    if (fn.strict === true) out.strict = true;
    return out;
  });
}

/** `tool_choice`, checked. */
export function toolChoice(choice: unknown): ChatToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && choice.type === 'function' && isObject(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'function', function: { name: choice.function.name } };
  }
  throw invalidCompatRequest("tool_choice must be 'auto', 'none', 'required' or {type: 'function', function: {name}}");
}

/** `response_format`: undefined for plain text, else the JSON mode and optional schema. */
export function jsonFormat(format: unknown): { schema?: Json; name?: string } | undefined {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format)) throw invalidCompatRequest('response_format must be an object');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return {};
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    const spec = format.json_schema;
    return { ...(isObject(spec.schema) ? { schema: spec.schema } : {}), ...(typeof spec.name === 'string' ? { name: spec.name } : {}) };
  }
  throw invalidCompatRequest("response_format.type must be 'text', 'json_object' or 'json_schema' (with json_schema)");
}

/** Checks the messages array of a chat request. */
export function chatMessages(req: Json): ChatMessage[] {
  const messages = req.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw invalidCompatRequest('messages must be a non-empty array');
  return messages.map((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string') throw invalidCompatRequest(`messages[${i}] must be an object with a role`);
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m.role)) throw invalidCompatRequest(`messages[${i}].role '${m.role}' is not supported`);
    return m as ChatMessage;
  });
}

/** Throws 400 for message fields the target cannot express (participant `name`, audio replies, …). */
export function rejectMessageFields(m: ChatMessage, i: number, allowed: ReadonlySet<string>, provider: string): void {
  for (const [key, value] of Object.entries(m)) {
    if (allowed.has(key) || value === null || value === undefined) continue;
    throw unsupportedParameter(`messages[${i}].${key}`, provider);
  }
}
