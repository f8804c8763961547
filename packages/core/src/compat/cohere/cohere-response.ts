import { field, isObject, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatCompletion, ChatToolCall } from '../chat-types.ts';
import { toChatUsage } from '../stream-events.ts';
import { cohereFinish, cohereTokens } from './cohere-common.ts';

/** Cohere v2 chat response → OpenAI chat completion. `tool_plan` (the model's note on its plan) is left out. */
export function cohereResponse(body: unknown, ctx: MapContext): ChatCompletion {
  const content = field(body, 'message', 'content');
  let text = '';
  for (const part of Array.isArray(content) ? content : []) if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  const rawCalls = field(body, 'message', 'tool_calls');
  const calls: ChatToolCall[] = (Array.isArray(rawCalls) ? rawCalls : []).filter(isObject).map((c) => ({
    id: str(c.id) ?? ctx.newId('call_'),
    type: 'function',
    function: { name: str(field(c, 'function', 'name')) ?? '', arguments: str(field(c, 'function', 'arguments')) ?? '{}' },
  }));
  const tokens = cohereTokens(field(body, 'usage'));
  return {
    id: str(field(body, 'id')) ?? ctx.newId('chatcmpl-'),
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
        logprobs: null,
        finish_reason: cohereFinish(field(body, 'finish_reason')),
      },
    ],
    ...(tokens ? { usage: toChatUsage(tokens) } : {}),
  };
}
