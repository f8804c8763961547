import { field, isObject, num, str } from '../../providers/read.ts';
import type { MapContext } from '../adapter.ts';
import type { NativeStreamMapper, StreamEvent } from '../stream-events.ts';
import { googleErrorType, googleFinish, googleTokens } from './google-common.ts';
import { toolCallId } from './google-ids.ts';

/**
 * Gemini `streamGenerateContent?alt=sse` → neutral events. Each SSE event is a whole
 * `GenerateContentResponse`; function calls arrive complete, so each becomes a `tool_start`
 * followed by its full arguments. `usageMetadata` is cumulative: the last one wins.
 */
export function googleStream(ctx: MapContext): NativeStreamMapper {
  let started = false;
  const toolsOf = new Map<number, number>();
  return {
    map(_event, data) {
      if (!isObject(data)) return [];
      const out: StreamEvent[] = [];
      if (isObject(data.error)) {
        const status = num(data.error.code) ?? 500;
        return [{ type: 'error', error: { status, message: str(data.error.message) ?? 'stream error', type: googleErrorType(data.error.status, status) } }];
      }
      const tokens = googleTokens(data.usageMetadata);
      if (!started) {
        started = true;
        out.push({ type: 'start', id: str(data.responseId), model: str(data.modelVersion) ?? ctx.model, ...(tokens ? { tokens } : {}) });
      }
      const candidates = Array.isArray(data.candidates) ? data.candidates : [];
      for (const [i, candidate] of candidates.entries()) {
        if (!isObject(candidate)) continue;
        const choice = num(candidate.index) ?? i;
        const parts = field(candidate, 'content', 'parts');
        for (const part of Array.isArray(parts) ? parts : []) {
          if (!isObject(part) || part.thought === true) continue;
          if (typeof part.text === 'string' && part.text !== '') out.push({ type: 'text', choice, text: part.text });
          if (isObject(part.functionCall)) {
            const index = toolsOf.get(choice) ?? 0;
            toolsOf.set(choice, index + 1);
            const id = toolCallId(str(part.functionCall.id) ?? ctx.newId('call_'), str(part.thoughtSignature));
            out.push({ type: 'tool_start', choice, index, id, name: str(part.functionCall.name) ?? '' });
            out.push({ type: 'tool_args', choice, index, args: JSON.stringify(part.functionCall.args ?? {}) });
          }
        }
        if (candidate.finishReason !== undefined) out.push({ type: 'finish', choice, reason: googleFinish(candidate.finishReason, (toolsOf.get(choice) ?? 0) > 0) });
      }
      if (candidates.length === 0 && field(data, 'promptFeedback', 'blockReason') !== undefined) out.push({ type: 'finish', choice: 0, reason: 'content_filter' });
      if (tokens) out.push({ type: 'usage', tokens });
      return out;
    },
    end: () => [],
  };
}
