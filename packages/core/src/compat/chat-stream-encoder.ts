import { sseData } from './sse-parser.ts';
import { toChatUsage, type MappedError, type StreamEncoder, type StreamEvent, type Tokens } from './stream-events.ts';
import type { ChatErrorBody } from './chat-types.ts';

/** OpenAI's error body for a neutral error. */
export function chatErrorBody(error: MappedError): ChatErrorBody {
  return { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } };
}

export interface ChatEncoderOptions {
  /** Used until the provider names its own. */
  id: string;
  model: string;
  created: number;
  /** `stream_options.include_usage`: every chunk carries `usage: null`, then one usage chunk ends the stream. */
  includeUsage: boolean;
}

/**
 * Neutral events → OpenAI `chat.completion.chunk` SSE, in the order OpenAI sends them: a role chunk
 * first for each choice, content and tool-call deltas (the first delta of a call carries its id,
 * type and name), one chunk with `finish_reason`, the usage chunk when asked, then `[DONE]`.
 */
export function chatStreamEncoder(options: ChatEncoderOptions): StreamEncoder {
  let { id, model } = options;
  const begun = new Set<number>();
  const finished = new Set<number>();
  let tokens: Tokens | undefined;
  let failed = false;

  const chunk = (choices: unknown[]) =>
    sseData({ id, object: 'chat.completion.chunk', created: options.created, model, choices, ...(options.includeUsage ? { usage: null } : {}) });
  const choice = (index: number, delta: Record<string, unknown>, finish: string | null = null) => ({ index, delta, logprobs: null, finish_reason: finish });
  const begin = (index: number) => {
    if (begun.has(index)) return '';
    begun.add(index);
    return chunk([choice(index, { role: 'assistant', content: '' })]);
  };

  return {
    encode(event: StreamEvent): string {
      if (failed) return '';
      switch (event.type) {
        case 'start':
          if (begun.size === 0) {
            id = event.id ?? id;
            model = event.model ?? model;
          }
          return '';
        case 'text':
          return begin(event.choice) + chunk([choice(event.choice, { content: event.text })]);
        case 'tool_start':
          return (
            begin(event.choice) +
            chunk([choice(event.choice, { tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] })])
          );
        case 'tool_args':
          return begin(event.choice) + chunk([choice(event.choice, { tool_calls: [{ index: event.index, function: { arguments: event.args } }] })]);
        case 'finish':
          if (finished.has(event.choice)) return '';
          finished.add(event.choice);
          return begin(event.choice) + chunk([choice(event.choice, {}, event.reason)]);
        case 'usage':
          tokens = event.tokens;
          return '';
        case 'error':
          failed = true;
          // The openai SDK raises an APIError for a data line carrying `error`.
          return sseData(chatErrorBody(event.error));
      }
    },
    end(): string {
      if (failed) return '';
      if (finished.size === 0) {
        failed = true;
        return sseData(chatErrorBody({ status: 502, message: '[aigw] [compat] the provider stream ended before it finished', type: 'api_error' }));
      }
      let out = '';
      if (options.includeUsage && tokens) {
        out += sseData({ id, object: 'chat.completion.chunk', created: options.created, model, choices: [], usage: toChatUsage(tokens) });
      }
      return out + 'data: [DONE]\n\n';
    },
  };
}
