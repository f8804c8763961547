import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectedUsage } from './content.ts'
import { startMockProvider } from './server.ts'
import { parseSse, post, waitFor } from './test-utils.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
let chatUrl: string
beforeAll(async () => {
  mock = await startMockProvider()
  chatUrl = `${mock.url}/v1/chat/completions`
})
beforeEach(() => mock.reset())
afterAll(() => mock.close())

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'ping' }] }
const openai = (headers: Record<string, string>) =>
  new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: headers })

describe('x-mock-status', () => {
  it('answers with the status in each provider error shape, with Retry-After', async () => {
    const headers = { 'x-mock-status': '429', 'x-mock-retry-after': '7' }
    const o = await post(chatUrl, chat, headers)
    expect(o.status).toBe(429)
    expect(o.headers.get('retry-after')).toBe('7')
    expect(await o.json()).toMatchObject({ error: { message: expect.any(String), type: expect.any(String), code: expect.any(String) } })
    const a = await post(`${mock.url}/v1/messages`, {}, headers)
    expect(await a.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'mock: injected status 429' } })
    const g = await post(`${mock.url}/v1beta/models/g:generateContent`, {}, { 'x-mock-status': '503' })
    expect(g.status).toBe(503)
    expect(await g.json()).toEqual({ error: { code: 503, message: 'mock: injected status 503', status: 'UNAVAILABLE' } })
  })

  it('surfaces as typed SDK errors', async () => {
    await expect(openai({ 'x-mock-status': '500' }).chat.completions.create(chat)).rejects.toBeInstanceOf(OpenAI.InternalServerError)
    const anthropic = new Anthropic({ baseURL: mock.url, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-mock-status': '529' } })
    const err = await anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Anthropic.APIError)
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529)
  })
})

describe('x-mock-fail-first', () => {
  it('fails the first N requests per key, then succeeds; reset() starts over', async () => {
    const headers = { 'x-mock-fail-first': '2', 'x-mock-fail-status': '503' }
    const statuses = async (n: number) => {
      const out = []
      for (let i = 0; i < n; i++) out.push((await post(chatUrl, chat, headers)).status)
      return out
    }
    expect(await statuses(4)).toEqual([503, 503, 200, 200])
    // Another path is another default key.
    expect((await post(`${mock.url}/v1/messages`, { model: 'm', messages: [] }, headers)).status).toBe(503)
    mock.reset()
    expect(await statuses(1)).toEqual([503])
    await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' })
    expect(await statuses(1)).toEqual([503])
  })

  it('shares a counter across paths with x-mock-fail-key, default status 500', async () => {
    const headers = { 'x-mock-fail-first': '1', 'x-mock-fail-key': 'shared' }
    expect((await post(chatUrl, chat, headers)).status).toBe(500)
    expect((await post(`${mock.url}/other/v1/chat/completions`, chat, headers)).status).toBe(200)
  })
})

describe('timing faults', () => {
  it('x-mock-delay-ms delays the first byte', async () => {
    const started = performance.now()
    const res = await post(chatUrl, chat, { 'x-mock-delay-ms': '120' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(110)
    expect(res.status).toBe(200)
  })

  it('x-mock-chunk-delay-ms spaces out SSE chunks', async () => {
    const res = await post(chatUrl, { ...chat, stream: true }, { 'x-mock-chunk-delay-ms': '30', 'x-mock-chunks': '4' })
    const reader = res.body!.getReader()
    const arrivals: number[] = []
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      arrivals.push(performance.now())
      text += new TextDecoder().decode(value)
    }
    // role + 4 content + [DONE] = 6 frames, 5 gaps of 30 ms
    expect(parseSse(text)).toHaveLength(6)
    expect(arrivals.length).toBeGreaterThanOrEqual(4)
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(120)
  })

  it('x-mock-hang never answers; a client abort marks the request closedEarly', async () => {
    const abort = new AbortController()
    const pending = post(chatUrl, chat, { 'x-mock-hang': 'true' }, abort.signal)
    await waitFor(() => mock.requests.length === 1)
    expect(mock.requests[0]!.closedEarly).toBeUndefined()
    abort.abort()
    await expect(pending).rejects.toThrow()
    await waitFor(() => mock.requests[0]!.closedEarly === true)
  })

  it('a client leaving mid-stream marks closedEarly; a finished request does not', async () => {
    const stream = await openai({ 'x-mock-chunk-delay-ms': '20' }).chat.completions.create({ ...chat, stream: true })
    for await (const _ of stream) break
    await waitFor(() => mock.requests[0]!.closedEarly === true)
    await post(chatUrl, chat)
    await new Promise((r) => setTimeout(r, 20))
    expect(mock.requests[1]!.closedEarly).toBeUndefined()
  })
})

describe('x-mock-reset', () => {
  it('before: the socket closes without a response', async () => {
    await expect(post(chatUrl, chat, { 'x-mock-reset': 'before' })).rejects.toThrow()
    await expect(openai({ 'x-mock-reset': 'before' }).chat.completions.create(chat)).rejects.toBeInstanceOf(OpenAI.APIConnectionError)
    expect(mock.requests[0]!.closedEarly).toBeUndefined()
  })

  it('mid: a few chunks arrive, then the stream breaks', async () => {
    const stream = await openai({ 'x-mock-reset': 'mid' }).chat.completions.create({ ...chat, stream: true })
    const received: unknown[] = []
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk)
      })(),
    ).rejects.toThrow()
    expect(received.length).toBeGreaterThan(0)
    expect(received.length).toBeLessThan(expectedUsage('openai', chat).tokensOut + 1)
  })

  it('mid on a JSON route: half a body, then the socket closes', async () => {
    const res = await post(chatUrl, chat, { 'x-mock-reset': 'mid' })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })
})

describe('reply shaping', () => {
  it('x-mock-chunks gives exactly N content chunks and N output tokens', async () => {
    const res = await post(chatUrl, { ...chat, stream: true, stream_options: { include_usage: true } }, { 'x-mock-chunks': '200' })
    const frames = parseSse(await res.text())
    expect(frames).toHaveLength(1 + 200 + 1 + 1)
    const usage = JSON.parse(frames.at(-2)!.data).usage
    expect(usage.completion_tokens).toBe(expectedUsage('openai', chat, 200).tokensOut)
    expect(usage.completion_tokens).toBe(200)
  })

  it('x-mock-usage forces usage in every format', async () => {
    const headers = { 'x-mock-usage': '{"in":11,"out":22}' }
    const o = (await (await post(chatUrl, chat, headers)).json()) as { usage: object }
    expect(o.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 })
    const a = (await (await post(`${mock.url}/v1/messages`, { model: 'm', messages: [] }, headers)).json()) as { usage: object }
    expect(a.usage).toMatchObject({ input_tokens: 11, output_tokens: 22 })
    const g = (await (await post(`${mock.url}/v1beta/models/g:generateContent`, { contents: [] }, headers)).json()) as { usageMetadata: object }
    expect(g.usageMetadata).toEqual({ promptTokenCount: 11, candidatesTokenCount: 22, totalTokenCount: 33 })
  })
})

describe('errors without faults', () => {
  it('unknown routes get a 404 naming the route', async () => {
    const res = await fetch(`${mock.url}/v1/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { message: 'mock: no route for GET /v1/nope' } })
  })

  it('malformed JSON gets a 400 in the provider shape', async () => {
    const a = await post(`${mock.url}/v1/messages`, '{oops')
    expect(a.status).toBe(400)
    expect(await a.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
    const g = await post(`${mock.url}/v1beta/models/g:generateContent`, '{oops')
    expect(await g.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })
  })
})
