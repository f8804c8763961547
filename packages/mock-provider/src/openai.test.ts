import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectedUsage } from './content.ts'
import { embeddingVector } from './embeddings.ts'
import { startMockProvider } from './server.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
let client: OpenAI
beforeAll(async () => {
  mock = await startMockProvider()
  client = new OpenAI({ baseURL: `${mock.url}/openai/v1`, apiKey: 'sk-test', maxRetries: 0 })
})
beforeEach(() => mock.reset())
afterAll(() => mock.close())

const body = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'user' as const, content: 'first question' },
    { role: 'assistant' as const, content: 'first answer' },
    { role: 'user' as const, content: 'Say hello' },
  ],
}

describe('openai chat completions', () => {
  it('answers JSON with deterministic text and usage', async () => {
    const res = await client.chat.completions.create(body)
    const usage = expectedUsage('openai', body)
    expect(res.id).toMatch(/^chatcmpl-mock-\d+$/)
    expect(res.model).toBe('gpt-4o-mini')
    expect(res.choices[0]?.message.content).toBe('mock reply to: Say hello')
    expect(res.choices[0]?.finish_reason).toBe('stop')
    expect(res.usage).toEqual({
      prompt_tokens: usage.tokensIn,
      completion_tokens: usage.tokensOut,
      total_tokens: usage.tokensIn + usage.tokensOut,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    })
    const recorded = mock.requests[0]!
    expect(recorded).toMatchObject({ method: 'POST', path: '/openai/v1/chat/completions', query: '' })
    expect(recorded.headers.authorization).toBe('Bearer sk-test')
    expect(JSON.parse(recorded.body)).toEqual(body)
  })

  it('streams role, content deltas, finish_reason, a usage chunk and [DONE]', async () => {
    const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    const usage = expectedUsage('openai', body)
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o-mini')).toBe(true)
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant')
    const content = chunks.slice(1, -1)
    expect(content).toHaveLength(usage.tokensOut)
    expect(content.map((c) => c.choices[0]?.delta.content).join('')).toBe('mock reply to: Say hello')
    expect(content.map((c) => c.choices[0]?.finish_reason)).toEqual([...Array(usage.tokensOut - 1).fill(null), 'stop'])
    const last = chunks.at(-1)!
    expect(last.choices).toEqual([])
    expect(last.usage).toMatchObject({ prompt_tokens: usage.tokensIn, completion_tokens: usage.tokensOut })
  })

  it('omits the usage chunk unless include_usage is set', async () => {
    const res = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ ...body, stream: true }) })
    const text = await res.text()
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(text).not.toContain('"usage"')
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true)
  })
})

describe('openai embeddings and models', () => {
  it('returns deterministic vectors (base64, as the SDK asks by default)', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] })
    expect(res.data).toHaveLength(2)
    expect(res.data[0]?.embedding).toEqual(Array.from(embeddingVector('alpha')))
    expect(res.data[1]?.embedding).toEqual(Array.from(embeddingVector('beta')))
    expect(res.data[0]?.embedding).toHaveLength(8)
    expect(res.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 })
  })

  it('honours dimensions and float encoding', async () => {
    const a = await client.embeddings.create({ model: 'e', input: 'alpha', dimensions: 16, encoding_format: 'float' })
    const b = await client.embeddings.create({ model: 'e', input: 'alpha', dimensions: 16, encoding_format: 'float' })
    expect(a.data[0]?.embedding).toHaveLength(16)
    expect(a.data[0]?.embedding).toEqual(b.data[0]?.embedding)
    const norm = Math.hypot(...a.data[0]!.embedding)
    expect(norm).toBeCloseTo(1, 5)
  })

  it('lists models', async () => {
    const ids = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toContain('gpt-4o-mini')
  })
})
