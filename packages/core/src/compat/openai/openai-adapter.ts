import { field, isObject, num, str } from '../../providers/read.ts';
import { errorMessage, errorTypeForStatus, type ChatAdapter, type MapContext } from '../adapter.ts';
import type { ChatCompletion, ChatRequest, ChatUsage, FinishReason } from '../chat-types.ts';
import { fromChatUsage, type NativeStreamMapper, type StreamEvent } from '../stream-events.ts';

const FINISHES = new Set(['stop', 'length', 'tool_calls', 'content_filter']);
const finish = (reason: unknown): FinishReason => (typeof reason === 'string' && FINISHES.has(reason) ? (reason as FinishReason) : reason === 'function_call' ? 'tool_calls' : 'stop');

/**
 * OpenAI chat chunks → neutral events (used when an OpenAI-compatible provider serves a
 * non-OpenAI front end such as `/compat/messages`). Tool-call indices are the provider's own.
 */
function openaiStream(ctx: MapContext): NativeStreamMapper {
  let started = false;
  return {
    map(_event, data) {
      if (!isObject(data)) return [];
      if (isObject(data.error)) {
        const status = num(data.error.status) ?? 500;
        return [{ type: 'error', error: { status, message: str(data.error.message) ?? 'stream error', type: str(data.error.type) ?? errorTypeForStatus(status) } }];
      }
      const out: StreamEvent[] = [];
      if (!started) {
        started = true;
        out.push({ type: 'start', id: str(data.id), model: str(data.model) ?? ctx.model });
      }
      for (const choice of Array.isArray(data.choices) ? data.choices : []) {
        if (!isObject(choice)) continue;
        const c = num(choice.index) ?? 0;
        const delta = isObject(choice.delta) ? choice.delta : {};
        const text = str(delta.content) ?? str(delta.refusal);
        if (text) out.push({ type: 'text', choice: c, text });
        for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
          if (!isObject(call)) continue;
          const index = num(call.index) ?? 0;
          const name = str(field(call, 'function', 'name'));
          if (typeof call.id === 'string' || name !== undefined) out.push({ type: 'tool_start', choice: c, index, id: str(call.id) ?? ctx.newId('call_'), name: name ?? '' });
          const args = str(field(call, 'function', 'arguments'));
          if (args) out.push({ type: 'tool_args', choice: c, index, args });
        }
        if (choice.finish_reason !== undefined && choice.finish_reason !== null) out.push({ type: 'finish', choice: c, reason: finish(choice.finish_reason) });
      }
      if (isObject(data.usage)) out.push({ type: 'usage', tokens: fromChatUsage(data.usage as ChatUsage) });
      return out;
    },
    end: () => [],
  };
}

/**
 * OpenAI-compatible providers (`format: 'openai'`): the request is forwarded with only `model`
 * changed (every other parameter, known to aigw or not, goes as sent); responses are already
 * in the pivot format.
 */
export const openaiAdapter: ChatAdapter = {
  request: (req: ChatRequest, ctx) => ({ ...req, model: ctx.model }),
  response: (body, ctx) => {
    const c = (isObject(body) ? body : {}) as Partial<ChatCompletion>;
    return { ...c, id: c.id ?? ctx.newId('chatcmpl-'), object: 'chat.completion', created: c.created ?? ctx.created, model: c.model ?? ctx.model, choices: c.choices ?? [] } as ChatCompletion;
  },
  stream: openaiStream,
  error: (status, body) => {
    const type = field(body, 'error', 'type');
    const code = field(body, 'error', 'code');
    const param = field(body, 'error', 'param');
    return {
      status,
      message: errorMessage(body, `upstream error ${status}`),
      type: str(type) ?? errorTypeForStatus(status),
      code: typeof code === 'string' || typeof code === 'number' ? code : null,
      param: str(param) ?? null,
    };
  },
};
