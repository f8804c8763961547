/** Cohere v2 chat, JSON or its SSE event sequence (`message-start` … `message-end`). */
import { complete } from './content.ts'
import { argumentPieces } from './plan.ts'
import { sseEvent, SSE_CONTENT_TYPE } from './sse.ts'
import type { Call, Reply, Usage } from './types.ts'

const usageBody = (u: Usage) => ({
  billed_units: { input_tokens: u.tokensIn, output_tokens: u.tokensOut },
  tokens: { input_tokens: u.tokensIn, output_tokens: u.tokensOut },
})

/** `POST …/v2/chat`. With tools (see plan.ts): a `tool_plan` and `tool_calls`, finish `TOOL_CALL`. */
export function cohereChat(call: Call): Reply {
  const { chunks, text, usage, calls, stopSequence } = complete('cohere', call.body, call.chunks, call.usage)
  const id = `mock-cohere-${call.seq}`
  const toolCalls = calls.map((c, i) => ({ id: `call_mock_${call.seq}_${i}`, type: 'function', function: { name: c.name, arguments: c.arguments } }))
  const plan = toolCalls.length ? `I will call ${calls.map((c) => c.name).join(' and ')}.` : undefined
  const finish = toolCalls.length ? 'TOOL_CALL' : stopSequence !== undefined ? 'STOP_SEQUENCE' : 'COMPLETE'
  if (call.body.stream !== true) {
    const message = toolCalls.length ? { role: 'assistant', tool_plan: plan, tool_calls: toolCalls } : { role: 'assistant', content: [{ type: 'text', text }] }
    return { kind: 'json', status: 200, body: { id, message, finish_reason: finish, usage: usageBody(usage) } }
  }
  const event = (data: { type: string; [k: string]: unknown }) => sseEvent(data.type, data)
  const frames = [event({ id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })]
  if (toolCalls.length) {
    frames.push(event({ type: 'tool-plan-delta', delta: { message: { tool_plan: plan } } }))
    toolCalls.forEach((c, index) => {
      frames.push(event({ type: 'tool-call-start', index, delta: { message: { tool_calls: { id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } } } } }))
      for (const piece of argumentPieces(c.function.arguments)) {
        frames.push(event({ type: 'tool-call-delta', index, delta: { message: { tool_calls: { function: { arguments: piece } } } } }))
      }
      frames.push(event({ type: 'tool-call-end', index }))
    })
  } else {
    frames.push(event({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } }))
    for (const chunk of chunks) frames.push(event({ type: 'content-delta', index: 0, delta: { message: { content: { text: chunk } } } }))
    frames.push(event({ type: 'content-end', index: 0 }))
  }
  frames.push(event({ type: 'message-end', delta: { finish_reason: finish, usage: usageBody(usage) } }))
  return { kind: 'stream', contentType: SSE_CONTENT_TYPE, frames }
}
