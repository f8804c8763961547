import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedUsage } from './content.ts'
import { startMockProvider } from './server.ts'
import { parseSse, post } from './test-utils.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
let client: Anthropic
beforeAll(async () => {
  mock = await startMockProvider()
  client = new Anthropic({ baseURL: mock.url, apiKey: 'sk-ant-test', maxRetries: 0 })
})
afterAll(() => mock.close())

const body = {
  model: 'claude-mock-1',
  max_tokens: 100,
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Tell me a joke' }] }],
}

describe('anthropic messages', () => {
  it('answers JSON with deterministic text and usage', async () => {
    const msg = await client.messages.create(body)
    const usage = expectedUsage('anthropic', body)
    expect(msg).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-mock-1',
      content: [{ type: 'text', text: 'mock reply to: Tell me a joke' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.tokensIn, output_tokens: usage.tokensOut, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    })
    expect(msg.id).toMatch(/^msg_mock_\d+$/)
    const headers = mock.requests.at(-1)!.headers
    expect(headers.authorization ?? headers['x-api-key']).toContain('sk-ant-test')
  })

  it('streams the events in order through the SDK', async () => {
    const stream = await client.messages.create({ ...body, stream: true })
    const events = []
    for await (const event of stream) events.push(event)
    const usage = expectedUsage('anthropic', body)
    const deltas = Array(usage.tokensOut).fill('content_block_delta')
    // The SDK drops `ping`; the raw test below checks it.
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', ...deltas, 'content_block_stop', 'message_delta', 'message_stop'])
    const text = events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('')
    expect(text).toBe('mock reply to: Tell me a joke')
    const start = events[0]!
    expect(start.type === 'message_start' && start.message.usage).toMatchObject({ input_tokens: usage.tokensIn, output_tokens: 1 })
    const delta = events.at(-2)!
    expect(delta).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.tokensOut } })
  })

  it('frames every event as `event: NAME` + `data: JSON`, ping included', async () => {
    const res = await post(`${mock.url}/anthropic/v1/messages`, { ...body, stream: true }, { 'x-mock-chunks': '2' })
    const frames = parseSse(await res.text())
    expect(frames.map((f) => f.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    for (const f of frames) expect(JSON.parse(f.data).type).toBe(f.event)
  })

  it('the SDK accumulates the streamed message', async () => {
    const final = await client.messages.stream(body).finalMessage()
    expect(final.content).toEqual([{ type: 'text', text: 'mock reply to: Tell me a joke' }])
    expect(final.usage.output_tokens).toBe(expectedUsage('anthropic', body).tokensOut)
  })
})
