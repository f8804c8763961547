/** Anthropic Messages, JSON or the exact SSE event sequence. */
import { complete } from './content.ts'
import { argumentPieces } from './plan.ts'
import { sseEvent, SSE_CONTENT_TYPE } from './sse.ts'
import type { Call, Reply } from './types.ts'

/** `POST …/v1/messages`. With tools (see plan.ts): a text block, then one `tool_use` block per call. */
export function anthropicMessages(call: Call): Reply {
  const { chunks, text, usage, calls, stopSequence } = complete('anthropic', call.body, call.chunks, call.usage)
  const id = `msg_mock_${call.seq}`
  const model = call.model
  const cache = { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  const tools = calls.map((c, i) => ({ type: 'tool_use', id: `toolu_mock_${call.seq}_${i}`, name: c.name, input: JSON.parse(c.arguments) as unknown, json: c.arguments }))
  const stopReason = tools.length ? 'tool_use' : stopSequence !== undefined ? 'stop_sequence' : 'end_turn'
  const stop = stopSequence ?? null
  if (call.body.stream !== true) {
    return {
      kind: 'json',
      status: 200,
      body: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [...(text !== '' || !tools.length ? [{ type: 'text', text }] : []), ...tools.map(({ json: _, ...block }) => block)],
        stop_reason: stopReason,
        stop_sequence: stop,
        usage: { input_tokens: usage.tokensIn, output_tokens: usage.tokensOut, ...cache },
      },
    }
  }
  const frames = [
    sseEvent('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.tokensIn, output_tokens: 1, ...cache },
      },
    }),
    sseEvent('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sseEvent('ping', { type: 'ping' }),
  ]
  // Hand-built: a JSON.stringify per delta would dominate the mock's CPU time with x-mock-chunks: 200.
  for (const chunk of chunks) {
    frames.push(
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(chunk)}}}\n\n`,
    )
  }
  frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index: 0 }))
  tools.forEach((tool, i) => {
    const index = i + 1
    frames.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} } }))
    for (const piece of argumentPieces(tool.json)) {
      frames.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }))
    }
    frames.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }))
  })
  frames.push(
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: stop },
      usage: { output_tokens: usage.tokensOut },
    }),
    sseEvent('message_stop', { type: 'message_stop' }),
  )
  return { kind: 'stream', contentType: SSE_CONTENT_TYPE, frames }
}
