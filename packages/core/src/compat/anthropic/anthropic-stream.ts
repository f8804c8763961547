import { field, isObject, num, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { NativeStreamMapper, StreamEvent, Tokens } from '../stream-events.ts';
import { anthropicErrorType, anthropicFinish, anthropicTokens } from './anthropic-usage.ts';

/**
 * Anthropic Messages SSE → neutral events. Tool indices count `tool_use` blocks only, so text and
 * thinking blocks in between never shift them. Usage: `message_start` carries the input side,
 * `message_delta` the cumulative totals.
 */
export function anthropicStream(ctx: MapContext): NativeStreamMapper {
  const toolOfBlock = new Map<number, number>();
  let tokens: Tokens | undefined;
  return {
    map(_event, data) {
      if (!isObject(data)) return [];
      const out: StreamEvent[] = [];
      switch (data.type) {
        case 'message_start': {
          tokens = anthropicTokens(field(data, 'message', 'usage'));
          out.push({ type: 'start', id: str(field(data, 'message', 'id')), model: str(field(data, 'message', 'model')) ?? ctx.model, ...(tokens ? { tokens } : {}) });
          break;
        }
        case 'content_block_start': {
          const block = data.content_block;
          const index = num(data.index) ?? 0;
          if (isObject(block) && block.type === 'tool_use') {
            const tool = toolOfBlock.size;
            toolOfBlock.set(index, tool);
            out.push({ type: 'tool_start', choice: 0, index: tool, id: str(block.id) ?? ctx.newId('toolu_'), name: str(block.name) ?? '' });
          } else if (isObject(block) && block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
            out.push({ type: 'text', choice: 0, text: block.text });
          }
          break;
        }
        case 'content_block_delta': {
          const delta = data.delta;
          if (!isObject(delta)) break;
          if (delta.type === 'text_delta' && typeof delta.text === 'string') out.push({ type: 'text', choice: 0, text: delta.text });
          else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
            const tool = toolOfBlock.get(num(data.index) ?? 0);
            if (tool !== undefined) out.push({ type: 'tool_args', choice: 0, index: tool, args: delta.partial_json });
          }
          break;
        }
        case 'message_delta': {
          const reason = field(data, 'delta', 'stop_reason');
          if (reason !== undefined && reason !== null) out.push({ type: 'finish', choice: 0, reason: anthropicFinish(reason), stopSequence: str(field(data, 'delta', 'stop_sequence')) ?? null });
          const usage = data.usage;
          if (isObject(usage)) {
            // Counters absent from message_delta keep the values message_start gave.
            const update = anthropicTokens({ ...toAnthropicInput(tokens), ...usage });
            if (update) out.push({ type: 'usage', tokens: (tokens = update) });
          }
          break;
        }
        case 'error': {
          const type = field(data, 'error', 'type');
          out.push({
            type: 'error',
            error: { status: type === 'overloaded_error' ? 529 : 500, message: str(field(data, 'error', 'message')) ?? 'stream error', type: anthropicErrorType(type) },
          });
          break;
        }
      }
      return out;
    },
    end: () => [],
  };
}

/** The input-side counters of `tokens` in Anthropic's shape, as defaults for a later delta. */
function toAnthropicInput(tokens: Tokens | undefined) {
  if (!tokens) return {};
  const read = tokens.cachedInput ?? 0;
  const write = tokens.cacheWrite ?? 0;
  return {
    input_tokens: tokens.input - read - write,
    ...(tokens.cachedInput !== undefined ? { cache_read_input_tokens: read } : {}),
    ...(write ? { cache_creation_input_tokens: write } : {}),
    output_tokens: tokens.output,
  };
}
