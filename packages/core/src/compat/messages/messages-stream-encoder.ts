import { toAnthropicStop, toAnthropicUsage } from '../anthropic/anthropic-usage.ts';
import type { FinishReason } from '../chat-types.ts';
import { sseEvent } from '../sse-parser.ts';
import type { StreamEncoder, StreamEvent, Tokens } from '../stream-events.ts';
import { anthropicMessageId, messagesErrorBody } from './messages-response.ts';

/**
 * Neutral events → Anthropic Messages SSE, as Anthropic sends it: exactly one `message_start`,
 * content blocks opened and closed in order with consecutive indices (`text` blocks with
 * `text_delta`, `tool_use` blocks with `input_json_delta`), one `message_delta` with the stop
 * reason and cumulative usage, then `message_stop`. Only the first choice is rendered.
 */
export function messagesStreamEncoder(options: { id: string; model: string }): StreamEncoder {
  let started = false;
  let open: { index: number; kind: 'text' | 'tool'; tool?: number } | undefined;
  let nextBlock = 0;
  const blockOfTool = new Map<number, number>();
  let tokens: Partial<Tokens> = {};
  let finish: { reason: FinishReason; stopSequence?: string | null } | undefined;
  let failed = false;
  let ended = false;

  const start = (id = options.id, model = options.model) => {
    if (started) return '';
    started = true;
    return sseEvent('message_start', {
      type: 'message_start',
      message: {
        id: anthropicMessageId(id), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
        usage: { ...toAnthropicUsage(tokens), output_tokens: tokens.output ?? 0 },
      },
    });
  };
  const close = () => {
    if (!open) return '';
    const out = sseEvent('content_block_stop', { type: 'content_block_stop', index: open.index });
    open = undefined;
    return out;
  };
  const openBlock = (kind: 'text' | 'tool', block: Record<string, unknown>, tool?: number) => {
    const out = close();
    open = { index: nextBlock++, kind, ...(tool === undefined ? {} : { tool }) };
    return out + sseEvent('content_block_start', { type: 'content_block_start', index: open.index, content_block: block });
  };

  return {
    encode(event: StreamEvent): string {
      if (failed || ended) return '';
      if (event.type === 'start') {
        tokens = { ...tokens, ...event.tokens };
        return start(event.id, event.model);
      }
      if (event.type === 'error') {
        failed = true;
        return start() + sseEvent('error', messagesErrorBody(event.error));
      }
      if (event.type === 'usage') {
        tokens = event.tokens;
        return '';
      }
      if ('choice' in event && event.choice !== 0) return '';
      let out = start();
      switch (event.type) {
        case 'text':
          if (open?.kind !== 'text') out += openBlock('text', { type: 'text', text: '' });
          return out + sseEvent('content_block_delta', { type: 'content_block_delta', index: open!.index, delta: { type: 'text_delta', text: event.text } });
        case 'tool_start':
          out += openBlock('tool', { type: 'tool_use', id: event.id, name: event.name, input: {} }, event.index);
          blockOfTool.set(event.index, open!.index);
          return out;
        case 'tool_args': {
          const index = blockOfTool.get(event.index);
          if (index === undefined) return out;
          return out + sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: event.args } });
        }
        case 'finish':
          finish = { reason: event.reason, stopSequence: event.stopSequence ?? null };
          return out;
      }
    },
    end(): string {
      if (failed || ended) return '';
      ended = true;
      if (!finish) return start() + sseEvent('error', messagesErrorBody({ status: 502, message: '[aigw] [compat] the provider stream ended before it finished', type: 'api_error' }));
      const usage = toAnthropicUsage(tokens);
      return (
        start() +
        close() +
        sseEvent('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: toAnthropicStop(finish.reason, finish.stopSequence), stop_sequence: finish.stopSequence ?? null },
          usage,
        }) +
        sseEvent('message_stop', { type: 'message_stop' })
      );
    },
  };
}
