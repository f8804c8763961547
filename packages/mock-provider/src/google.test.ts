import { GoogleGenAI } from '@google/genai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedUsage } from './content.ts'
import { startMockProvider } from './server.ts'
import { post } from './test-utils.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
let ai: GoogleGenAI
beforeAll(async () => {
  mock = await startMockProvider()
  ai = new GoogleGenAI({ apiKey: 'g-test', httpOptions: { baseUrl: mock.url } })
})
afterAll(() => mock.close())

const contents = [
  { role: 'user', parts: [{ text: 'Hi' }] },
  { role: 'model', parts: [{ text: 'Hello' }] },
  { role: 'user', parts: [{ text: 'Name a colour' }] },
]
const wireBody = { contents, systemInstruction: { parts: [{ text: 'Be brief.' }] } }

describe('google gemini', () => {
  it('generateContent answers with text, usage and model version', async () => {
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents, config: { systemInstruction: 'Be brief.' } })
    const recorded = mock.requests.at(-1)!
    expect(recorded.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/)
    expect(recorded.headers['x-goog-api-key']).toBe('g-test')
    const usage = expectedUsage('google', JSON.parse(recorded.body))
    expect(usage).toEqual(expectedUsage('google', wireBody))
    expect(res.text).toBe('mock reply to: Name a colour')
    expect(res.candidates?.[0]?.finishReason).toBe('STOP')
    expect(res.modelVersion).toBe('gemini-2.5-flash')
    expect(res.usageMetadata).toEqual({
      promptTokenCount: usage.tokensIn,
      candidatesTokenCount: usage.tokensOut,
      totalTokenCount: usage.tokensIn + usage.tokensOut,
    })
  })

  it('generateContentStream sends SSE chunks with a running usage count', async () => {
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents, config: { systemInstruction: 'Be brief.' } })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(mock.requests.at(-1)!.query).toBe('alt=sse')
    const usage = expectedUsage('google', wireBody)
    expect(chunks).toHaveLength(usage.tokensOut)
    expect(chunks.map((c) => c.text).join('')).toBe('mock reply to: Name a colour')
    expect(chunks.map((c) => c.usageMetadata?.candidatesTokenCount)).toEqual(chunks.map((_, i) => i + 1))
    expect(chunks.map((c) => c.candidates?.[0]?.finishReason)).toEqual([...Array(chunks.length - 1).fill(undefined), 'STOP'])
    expect(chunks.at(-1)!.usageMetadata?.promptTokenCount).toBe(usage.tokensIn)
  })

  it('streamGenerateContent without alt=sse streams a JSON array', async () => {
    const res = await post(`${mock.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, wireBody, { 'x-mock-chunks': '3' })
    expect(res.headers.get('content-type')).toBe('application/json')
    const chunks = (await res.json()) as { candidates: { content: { parts: { text: string }[] } }[] }[]
    expect(chunks).toHaveLength(3)
    expect(chunks.map((c) => c.candidates[0]!.content.parts[0]!.text).join('')).toBe('mock reply to: Name a colour')
  })
})
