/** OpenAI chat completions and models list. */
import { complete } from './content.ts'
import { argumentPieces } from './plan.ts'
import { sseData, SSE_CONTENT_TYPE } from './sse.ts'
import type { Call, Reply, Usage } from './types.ts'

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small'].map((id) => ({
  id,
  object: 'model',
  created: 1_700_000_000,
  owned_by: 'aigw-mock',
}))

/** `GET …/models` */
export function openaiModels(): Reply {
  return { kind: 'json', status: 200, body: { object: 'list', data: MODELS } }
}

function usageBody(usage: Usage) {
  return {
    prompt_tokens: usage.tokensIn,
    completion_tokens: usage.tokensOut,
    total_tokens: usage.tokensIn + usage.tokensOut,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  }
}

/** Tool-call deltas as OpenAI streams them: id, type and name first, then the arguments in pieces, then the finish. */
function toolCallFrames(head: string, toolCalls: { id: string; function: { name: string; arguments: string } }[]): string[] {
  const frames: string[] = []
  toolCalls.forEach((c, index) => {
    const start = { index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }
    frames.push(`${head}{"index":0,"delta":{"tool_calls":[${JSON.stringify(start)}]},"logprobs":null,"finish_reason":null}]}\n\n`)
    for (const piece of argumentPieces(c.function.arguments)) {
      const delta = { index, function: { arguments: piece } }
      frames.push(`${head}{"index":0,"delta":{"tool_calls":[${JSON.stringify(delta)}]},"logprobs":null,"finish_reason":null}]}\n\n`)
    }
  })
  frames.push(`${head}{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}\n\n`)
  return frames
}

/** `POST …/chat/completions`, JSON or SSE (`stream: true`). Tool calls come back when the request offers tools (see plan.ts). */
export function openaiChat(call: Call): Reply {
  const { chunks, text, usage, calls } = complete('openai', call.body, call.chunks, call.usage)
  const id = `chatcmpl-mock-${call.seq}`
  const created = Math.floor(Date.now() / 1000)
  const model = call.model
  const toolCalls = calls.map((c, i) => ({ id: `call_mock_${call.seq}_${i}`, type: 'function', function: { name: c.name, arguments: c.arguments } }))
  if (call.body.stream !== true) {
    const message = toolCalls.length ? { role: 'assistant', content: null, refusal: null, tool_calls: toolCalls } : { role: 'assistant', content: text, refusal: null }
    return {
      kind: 'json',
      status: 200,
      body: {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
        usage: usageBody(usage),
        system_fingerprint: 'mock',
      },
    }
  }
  // Content frames are hand-built around a fixed prefix: with x-mock-chunks: 200, a JSON.stringify of
  // every chunk object would dominate the mock's CPU time in benchmarks.
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[`
  const frames = [`${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`]
  if (toolCalls.length) frames.push(...toolCallFrames(head, toolCalls))
  const last = chunks.length - 1
  for (let i = 0; i <= last; i++) {
    const finish = i === last ? '"stop"' : 'null'
    frames.push(`${head}{"index":0,"delta":{"content":${JSON.stringify(chunks[i])}},"logprobs":null,"finish_reason":${finish}}]}\n\n`)
  }
  const options = call.body.stream_options as { include_usage?: unknown } | undefined
  if (options?.include_usage === true) {
    frames.push(sseData({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageBody(usage) }))
  }
  frames.push('data: [DONE]\n\n')
  return { kind: 'stream', contentType: SSE_CONTENT_TYPE, frames }
}
