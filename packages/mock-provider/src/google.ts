/** Google Gemini generateContent and streamGenerateContent (SSE with `alt=sse`, else a streamed JSON array). */
import { complete } from './content.ts'
import type { MockToolCall } from './plan.ts'
import { SSE_CONTENT_TYPE } from './sse.ts'
import type { Call, Reply } from './types.ts'

/** `functionCall` parts; the first carries a thought signature, as Gemini 3 sends it. */
function callParts(calls: MockToolCall[]) {
  return calls.map((c, i) => ({ functionCall: { name: c.name, args: JSON.parse(c.arguments) as unknown }, ...(i === 0 ? { thoughtSignature: `mock-sig-${c.name}` } : {}) }))
}

/** `POST …/models/{model}:generateContent`. With tools (see plan.ts): `functionCall` parts. */
export function googleGenerate(call: Call): Reply {
  const { text, usage, calls } = complete('google', call.body, call.chunks, call.usage)
  const parts = calls.length ? callParts(calls) : [{ text }]
  return {
    kind: 'json',
    status: 200,
    body: {
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: usage.tokensIn,
        candidatesTokenCount: usage.tokensOut,
        totalTokenCount: usage.tokensIn + usage.tokensOut,
      },
      modelVersion: call.model,
      responseId: `mock-response-${call.seq}`,
    },
  }
}

/** `POST …/models/{model}:streamGenerateContent[?alt=sse]`; usageMetadata carries the running output count. */
export function googleStream(call: Call): Reply {
  const { chunks, usage, calls } = complete('google', call.body, call.chunks, call.usage)
  const sse = /(?:^|&)alt=sse(?:&|$)/.test(call.query)
  const tail = `},"modelVersion":${JSON.stringify(call.model)},"responseId":"mock-response-${call.seq}"}`
  // Function calls arrive whole, in one last chunk, as Gemini streams them.
  const texts: { parts: string }[] = calls.length ? [{ parts: JSON.stringify(callParts(calls)) }] : chunks.map((text) => ({ parts: `[{"text":${JSON.stringify(text)}}]` }))
  const n = texts.length
  // Hand-built GenerateContentResponse JSON: a JSON.stringify per chunk would dominate with x-mock-chunks: 200.
  const frames = texts.map(({ parts }, i) => {
    const running = Math.round((usage.tokensOut * (i + 1)) / n)
    const finish = i === n - 1 ? '"finishReason":"STOP",' : ''
    const json =
      `{"candidates":[{"content":{"role":"model","parts":${parts}},${finish}"index":0}],` +
      `"usageMetadata":{"promptTokenCount":${usage.tokensIn},"candidatesTokenCount":${running},` +
      `"totalTokenCount":${usage.tokensIn + running}${tail}`
    if (sse) return `data: ${json}\n\n`
    return (i === 0 ? '[' : ',\r\n') + json
  })
  if (!sse) frames.push(']')
  return { kind: 'stream', contentType: sse ? SSE_CONTENT_TYPE : 'application/json', frames }
}
