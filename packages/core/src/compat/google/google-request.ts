import { unsupportedParameter } from '../../errors.ts';
import { isObject, type Json } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatMessage, ChatPart, ChatRequest } from '../chat-types.ts';
import {
  assistantText, chatMessages, contentParts, functionTools, imageUrl, invalidCompatRequest, jsonFormat, maxTokens, mediaTypeFromUrl,
  parseArguments, parseDataUrl, MESSAGE_FIELDS, rejectMessageFields, rejectUnsupported, stopSequences, textContent, toolChoice,
} from '../request-helpers.ts';
import { splitToolCallId } from './google-ids.ts';

const SUPPORTED = new Set([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'stream', 'stream_options',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'n', 'seed', 'presence_penalty', 'frequency_penalty', 'reasoning_effort',
]);

/** `reasoning_effort` → Gemini thinking budget (tokens), the levels Google's own OpenAI layer uses. */
const THINKING_BUDGET: Record<string, number> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576 };

type Part = Json;
interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

function userParts(parts: ChatPart[], where: string, provider: string): Part[] {
  return parts.map((part, j) => {
    const at = `${where}.content[${j}]`;
    if (part.type === 'text' && typeof part.text === 'string') return { text: part.text };
    if (part.type === 'image_url') {
      const url = imageUrl(part, at);
      const data = parseDataUrl(url);
      if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
      // Google fetches URLs itself (public http(s), gs://, Files API); aigw never fetches on a client's behalf.
      const mimeType = mediaTypeFromUrl(url);
      return { fileData: { ...(mimeType ? { mimeType } : {}), fileUri: url } };
    }
    if (part.type === 'input_audio' && isObject(part.input_audio) && typeof part.input_audio.data === 'string') {
      return { inlineData: { mimeType: `audio/${String(part.input_audio.format ?? 'wav')}`, data: part.input_audio.data } };
    }
    if (part.type === 'file' && isObject(part.file) && typeof part.file.file_data === 'string') {
      const data = parseDataUrl(part.file.file_data);
      if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
    }
    throw unsupportedParameter(`${at}.type '${part.type}'`, provider);
  });
}

function modelParts(m: ChatMessage, where: string, provider: string): Part[] {
  const parts: Part[] = [];
  const text = assistantText(m, where, provider);
  if (text !== '') parts.push({ text });
  for (const [j, call] of (m.tool_calls ?? []).entries()) {
    const { signature } = splitToolCallId(call.id);
    const part: Part = { functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, `${where}.tool_calls[${j}].function.arguments`) } };
    if (signature) part.thoughtSignature = signature;
    parts.push(part);
  }
  return parts;
}

/** Tool results: Google wants the function's name (looked up from the call) and an object response. */
function toolResponse(m: ChatMessage, where: string, names: Map<string, string>, provider: string): Part {
  if (typeof m.tool_call_id !== 'string') throw invalidCompatRequest(`${where}.tool_call_id must be a string`);
  const name = names.get(m.tool_call_id);
  if (name === undefined) throw invalidCompatRequest(`${where}.tool_call_id '${m.tool_call_id}' matches no earlier assistant tool call`);
  const text = textContent(m.content, where, provider);
  let response: Json;
  try {
    const parsed: unknown = JSON.parse(text);
    response = isObject(parsed) ? parsed : { content: text };
  } catch {
    response = { content: text };
  }
  return { functionResponse: { name, response } };
}

function contents(messages: ChatMessage[], provider: string): { system: Part[]; contents: Content[] } {
  const system: Part[] = [];
  const out: Content[] = [];
  const names = new Map<string, string>();
  const push = (role: Content['role'], parts: Part[]) => {
    const last = out.at(-1);
    // Google wants parallel function responses in one turn; merging same-role turns does that.
    if (last && last.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  };
  messages.forEach((m, i) => {
    const where = `messages[${i}]`;
    rejectMessageFields(m, i, MESSAGE_FIELDS, provider);
    if (m.role === 'system' || m.role === 'developer') system.push({ text: textContent(m.content, where, provider) });
    else if (m.role === 'user') push('user', userParts(contentParts(m.content, where), where, provider));
    else if (m.role === 'assistant') {
      for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
      push('model', modelParts(m, where, provider));
    } else push('user', [toolResponse(m, where, names, provider)]);
  });
  return { system, contents: out };
}

/**
 * OpenAI chat request → Gemini `generateContent` body. System prompts join `systemInstruction`,
 * tool calls and results become `functionCall` / `functionResponse` parts, data-URL images
 * `inlineData` and other URLs `fileData` (Google fetches them), JSON mode `responseMimeType`
 * plus `responseJsonSchema`, and tool schemas go as `parametersJsonSchema` (full JSON Schema).
 */
export function googleRequest(req: ChatRequest, ctx: MapContext): Json {
  const provider = ctx.provider;
  rejectUnsupported(req, SUPPORTED, provider);
  if (req.parallel_tool_calls === false) throw unsupportedParameter('parallel_tool_calls', provider, 'Gemini cannot be limited to one call per turn');
  const { system, contents: turns } = contents(chatMessages(req), provider);
  const body: Json = { contents: turns };
  if (system.length > 0) body.systemInstruction = { parts: system };

  const tools = functionTools(req.tools, provider);
  if (tools && tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: tools.map((t) => ({
          name: t.name,
          ...(t.description !== undefined ? { description: t.description } : {}),
          ...(t.parameters ? { parametersJsonSchema: t.parameters } : {}),
        })),
      },
    ];
  }
  const choice = toolChoice(req.tool_choice);
  if (choice !== undefined) {
    const config: Json =
      choice === 'auto' ? { mode: 'AUTO' }
      : choice === 'none' ? { mode: 'NONE' }
      : choice === 'required' ? { mode: 'ANY' }
      : { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
    body.toolConfig = { functionCallingConfig: config };
  }

  const gen: Json = {};
  const max = maxTokens(req);
  if (max !== undefined) gen.maxOutputTokens = max;
  const stop = stopSequences(req.stop);
  if (stop) gen.stopSequences = stop;
  const numbers: [string, string][] = [
    ['temperature', 'temperature'], ['top_p', 'topP'], ['top_k', 'topK'], ['seed', 'seed'],
    ['presence_penalty', 'presencePenalty'], ['frequency_penalty', 'frequencyPenalty'], ['n', 'candidateCount'],
  ];
  for (const [from, to] of numbers) if (typeof req[from] === 'number') gen[to] = req[from];
  const json = jsonFormat(req.response_format);
  if (json) {
    gen.responseMimeType = 'application/json';
    if (json.schema) gen.responseJsonSchema = json.schema;
  }
  if (req.reasoning_effort !== undefined && req.reasoning_effort !== null) {
    const budget = typeof req.reasoning_effort === 'string' ? THINKING_BUDGET[req.reasoning_effort] : undefined;
    if (budget === undefined) throw unsupportedParameter(`reasoning_effort '${String(req.reasoning_effort)}'`, provider);
    gen.thinkingConfig = { thinkingBudget: budget };
  }
  if (Object.keys(gen).length > 0) body.generationConfig = gen;
  return body;
}
