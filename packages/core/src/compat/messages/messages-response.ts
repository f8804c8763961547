import type { Json } from '../../providers/read.ts';
import { anthropicErrorTypeForStatus, toAnthropicStop, toAnthropicUsage } from '../anthropic/anthropic-usage.ts';
import type { ChatCompletion } from '../chat-types.ts';
import { responseArguments } from '../request-helpers.ts';
import { fromChatUsage, type MappedError } from '../stream-events.ts';

/** Anthropic message ids start with `msg_`; other providers' ids are kept after that prefix. */
export const anthropicMessageId = (id: string): string => (id.startsWith('msg_') ? id : `msg_${id}`);

/** OpenAI chat completion (first choice) → Anthropic Message, for `/compat/messages`. */
export function chatToMessage(completion: ChatCompletion, model: string): Json {
  const choice = completion.choices[0];
  const content: Json[] = [];
  const text = choice?.message.content || choice?.message.refusal;
  if (typeof text === 'string' && text !== '') content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: responseArguments(call.function.arguments) });
  }
  return {
    id: anthropicMessageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model || model,
    content,
    stop_reason: toAnthropicStop(choice?.finish_reason),
    stop_sequence: null,
    usage: toAnthropicUsage(completion.usage ? fromChatUsage(completion.usage) : {}),
  };
}

/** Anthropic's error body for a neutral error. */
export function messagesErrorBody(error: MappedError): Json {
  return { type: 'error', error: { type: anthropicErrorTypeForStatus(error.status), message: error.message } };
}
