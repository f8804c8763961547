import { field, isObject, num, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { NativeStreamMapper, StreamEvent } from '../stream-events.ts';
import { cohereFinish, cohereTokens } from './cohere-common.ts';

/** Cohere v2 chat SSE (`message-start` … `message-end`) → neutral events. */
export function cohereStream(ctx: MapContext): NativeStreamMapper {
  const toolOf = new Map<number, number>();
  return {
    map(_event, data) {
      if (!isObject(data)) return [];
      const out: StreamEvent[] = [];
      const delta = (...path: string[]) => field(data, 'delta', 'message', ...path);
      switch (data.type) {
        case 'message-start':
          out.push({ type: 'start', id: str(data.id), model: ctx.model });
          break;
        case 'content-delta': {
          const text = str(delta('content', 'text'));
          if (text) out.push({ type: 'text', choice: 0, text });
          break;
        }
        case 'tool-call-start': {
          const index = toolOf.size;
          toolOf.set(num(data.index) ?? index, index);
          out.push({ type: 'tool_start', choice: 0, index, id: str(delta('tool_calls', 'id')) ?? ctx.newId('call_'), name: str(delta('tool_calls', 'function', 'name')) ?? '' });
          const args = str(delta('tool_calls', 'function', 'arguments'));
          if (args) out.push({ type: 'tool_args', choice: 0, index, args });
          break;
        }
        case 'tool-call-delta': {
          const index = toolOf.get(num(data.index) ?? 0);
          const args = str(delta('tool_calls', 'function', 'arguments'));
          if (index !== undefined && args) out.push({ type: 'tool_args', choice: 0, index, args });
          break;
        }
        case 'message-end': {
          const reason = field(data, 'delta', 'finish_reason');
          if (reason === 'ERROR' || reason === 'TIMEOUT') {
            out.push({ type: 'error', error: { status: 500, message: str(field(data, 'delta', 'error')) ?? `generation ended with ${reason}`, type: 'api_error' } });
            break;
          }
          out.push({ type: 'finish', choice: 0, reason: cohereFinish(reason) });
          const tokens = cohereTokens(field(data, 'delta', 'usage'));
          if (tokens) out.push({ type: 'usage', tokens });
          break;
        }
      }
      return out;
    },
    end: () => [],
  };
}
