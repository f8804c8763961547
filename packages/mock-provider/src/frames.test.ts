import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replyText } from './content.ts'
import { startMockProvider } from './server.ts'
import { parseSse, post } from './test-utils.ts'
import type { MockProvider } from './types.ts'

// Stream frames are hand-built strings; prove they stay valid JSON whatever the text and model.
const tricky = 'say "hi"\n\ttab \\ back </script> 🎉 \u2028 end'
const model = 'we"ird\\model'

/** Reads a nested value, e.g. `dig(d, 'choices', 0, 'delta', 'content')`. */
function dig(value: unknown, ...path: (string | number)[]): unknown {
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key]
  return value
}
const str = (v: unknown) => (typeof v === 'string' ? v : '')

let mock: MockProvider
beforeAll(async () => {
  mock = await startMockProvider({ record: false })
})
afterAll(() => mock.close())

const streams = [
  {
    name: 'openai',
    path: '/v1/chat/completions',
    body: { model, stream: true, messages: [{ role: 'user', content: tricky }] },
    text: (d: unknown) => str(dig(d, 'choices', 0, 'delta', 'content')),
    model: (d: unknown) => dig(d, 'model'),
  },
  {
    name: 'anthropic',
    path: '/v1/messages',
    body: { model, stream: true, messages: [{ role: 'user', content: tricky }] },
    text: (d: unknown) => str(dig(d, 'delta', 'text')),
    model: (d: unknown) => dig(d, 'message', 'model') ?? model,
  },
  {
    name: 'google',
    path: `/v1beta/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`,
    body: { contents: [{ role: 'user', parts: [{ text: tricky }] }] },
    text: (d: unknown) => str(dig(d, 'candidates', 0, 'content', 'parts', 0, 'text')),
    model: (d: unknown) => dig(d, 'modelVersion'),
  },
]

describe('stream frames', () => {
  for (const s of streams) {
    it(`${s.name}: every frame is valid JSON carrying the exact text and model`, async () => {
      for (const chunks of [undefined, '7']) {
        const res = await post(`${mock.url}${s.path}`, s.body, chunks ? { 'x-mock-chunks': chunks } : {})
        const data = parseSse(await res.text())
          .map((f) => f.data)
          .filter((d) => d !== '[DONE]')
          .map((d): unknown => JSON.parse(d))
        const text = data.map(s.text).join('')
        expect(text.startsWith(replyText(tricky))).toBe(true)
        expect(data.every((d) => s.model(d) === model)).toBe(true)
      }
    })
  }

  it('google without alt=sse: the streamed array parses', async () => {
    const res = await post(`${mock.url}/v1beta/models/m:streamGenerateContent`, streams[2]!.body)
    const chunks = (await res.json()) as unknown[]
    expect(chunks.map(streams[2]!.text).join('')).toBe(replyText(tricky))
  })
})
