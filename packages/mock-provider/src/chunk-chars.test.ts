import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replyText, splitReply } from './text.ts'
import { startMockProvider } from './server.ts'
import { parseSse, post } from './test-utils.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
beforeAll(async () => {
  mock = await startMockProvider()
})
afterAll(() => mock.close())

describe('x-mock-chunk-chars', () => {
  it('cuts the streamed reply every N characters, splitting words', async () => {
    const content = 'mail jane@example.com'
    const res = await post(`${mock.url}/v1/chat/completions`, { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content }] }, { 'x-mock-chunk-chars': '7' })
    const deltas = parseSse(await res.text())
      .filter((f) => f.data.startsWith('{'))
      .map((f) => (JSON.parse(f.data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .filter(Boolean)
    expect(deltas.join('')).toBe(replyText(content))
    expect(deltas[0]).toBe('mock re')
    expect(deltas.some((d) => d.includes('@') && !d.includes('.com'))).toBe(true)
  })

  it('splitReply keeps the other modes', () => {
    expect(splitReply('a b c', 2)).toEqual(['a ', 'b c'])
    expect(splitReply('abcdefg', { chars: 3 })).toEqual(['abc', 'def', 'g'])
  })
})
