import { field, isObject, num, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatCompletion, ChatCompletionChoice, ChatToolCall } from '../chat-types.ts';
import { toChatUsage } from '../stream-events.ts';
import { googleFinish, googleTokens } from './google-common.ts';
import { toolCallId } from './google-ids.ts';

/**
 * Gemini `GenerateContentResponse` → OpenAI chat completion. One choice per candidate; text parts
 * (thoughts excluded) join into `content`, `functionCall` parts become `tool_calls` with fresh ids.
 * A prompt blocked before any candidate gives one empty choice with `content_filter`.
 */
export function googleResponse(body: unknown, ctx: MapContext): ChatCompletion {
  const candidates = field(body, 'candidates');
  const choices: ChatCompletionChoice[] = [];
  for (const [i, candidate] of (Array.isArray(candidates) ? candidates : []).entries()) {
    if (!isObject(candidate)) continue;
    let text = '';
    const calls: ChatToolCall[] = [];
    const parts = field(candidate, 'content', 'parts');
    for (const part of Array.isArray(parts) ? parts : []) {
      if (!isObject(part) || part.thought === true) continue;
      if (typeof part.text === 'string') text += part.text;
      if (isObject(part.functionCall)) {
        const base = str(part.functionCall.id) ?? ctx.newId('call_');
        calls.push({
          id: toolCallId(base, str(part.thoughtSignature)),
          type: 'function',
          function: { name: str(part.functionCall.name) ?? '', arguments: JSON.stringify(part.functionCall.args ?? {}) },
        });
      }
    }
    choices.push({
      index: num(candidate.index) ?? i,
      message: { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
      logprobs: null,
      finish_reason: googleFinish(candidate.finishReason, calls.length > 0),
    });
  }
  if (choices.length === 0) {
    choices.push({ index: 0, message: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: 'content_filter' });
  }
  const tokens = googleTokens(field(body, 'usageMetadata'));
  return {
    id: str(field(body, 'responseId')) ?? ctx.newId('chatcmpl-'),
    object: 'chat.completion',
    created: ctx.created,
    model: str(field(body, 'modelVersion')) ?? ctx.model,
    choices,
    ...(tokens ? { usage: toChatUsage(tokens) } : {}),
  };
}
