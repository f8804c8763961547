import { field, isObject, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { ChatCompletion, ChatToolCall } from '../chat-types.ts';
import { toChatUsage } from '../stream-events.ts';
import { anthropicFinish, anthropicTokens } from './anthropic-usage.ts';

/**
 * Anthropic Message → OpenAI chat completion: text blocks join into `content`, `tool_use` blocks
 * become `tool_calls` (input re-serialised as the arguments string), thinking blocks are left out.
 */
export function anthropicResponse(body: unknown, ctx: MapContext): ChatCompletion {
  const blocks = field(body, 'content');
  let text = '';
  const calls: ChatToolCall[] = [];
  for (const block of Array.isArray(blocks) ? blocks : []) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use') {
      calls.push({ id: str(block.id) ?? ctx.newId('toolu_'), type: 'function', function: { name: str(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const tokens = anthropicTokens(field(body, 'usage'));
  return {
    id: str(field(body, 'id')) ?? ctx.newId('msg_'),
    object: 'chat.completion',
    created: ctx.created,
    model: str(field(body, 'model')) ?? ctx.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
        logprobs: null,
        finish_reason: anthropicFinish(field(body, 'stop_reason')),
      },
    ],
    ...(tokens ? { usage: toChatUsage(tokens) } : {}),
  };
}
