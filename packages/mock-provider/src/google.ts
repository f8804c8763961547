/** Google Gemini generateContent and streamGenerateContent (SSE with `alt=sse`, else a streamed JSON array). */
import { complete } from './content.ts'
import { SSE_CONTENT_TYPE } from './sse.ts'
import type { Call, Reply } from './types.ts'

/** `POST …/models/{model}:generateContent` */
export function googleGenerate(call: Call): Reply {
  const { text, usage } = complete('google', call.body, call.chunks, call.usage)
  return {
    kind: 'json',
    status: 200,
    body: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: usage.tokensIn,
        candidatesTokenCount: usage.tokensOut,
        totalTokenCount: usage.tokensIn + usage.tokensOut,
      },
      modelVersion: call.model,
    },
  }
}

/** `POST …/models/{model}:streamGenerateContent[?alt=sse]`; usageMetadata carries the running output count. */
export function googleStream(call: Call): Reply {
  const { chunks, usage } = complete('google', call.body, call.chunks, call.usage)
  const n = chunks.length
  const sse = /(?:^|&)alt=sse(?:&|$)/.test(call.query)
  const tail = `},"modelVersion":${JSON.stringify(call.model)}}`
  // Hand-built GenerateContentResponse JSON: a JSON.stringify per chunk would dominate with x-mock-chunks: 200.
  const frames = chunks.map((text, i) => {
    const running = Math.round((usage.tokensOut * (i + 1)) / n)
    const finish = i === n - 1 ? '"finishReason":"STOP",' : ''
    const json =
      `{"candidates":[{"content":{"role":"model","parts":[{"text":${JSON.stringify(text)}}]},${finish}"index":0}],` +
      `"usageMetadata":{"promptTokenCount":${usage.tokensIn},"candidatesTokenCount":${running},` +
      `"totalTokenCount":${usage.tokensIn + running}${tail}`
    if (sse) return `data: ${json}\n\n`
    return (i === 0 ? '[' : ',\r\n') + json
  })
  if (!sse) frames.push(']')
  return { kind: 'stream', contentType: sse ? SSE_CONTENT_TYPE : 'application/json', frames }
}
