/** OpenAI chat completions and models list. */
import { complete } from './content.ts'
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

/** `POST …/chat/completions`, JSON or SSE (`stream: true`). */
export function openaiChat(call: Call): Reply {
  const { chunks, text, usage } = complete('openai', call.body, call.chunks, call.usage)
  const id = `chatcmpl-mock-${call.seq}`
  const created = Math.floor(Date.now() / 1000)
  const model = call.model
  if (call.body.stream !== true) {
    return {
      kind: 'json',
      status: 200,
      body: {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: usageBody(usage),
        system_fingerprint: 'mock',
      },
    }
  }
  // Content frames are hand-built around a fixed prefix: with x-mock-chunks: 200, a JSON.stringify of
  // every chunk object would dominate the mock's CPU time in benchmarks.
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[`
  const frames = [`${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`]
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
