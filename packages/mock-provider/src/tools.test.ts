import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectedUsage } from './content.ts'
import { startMockProvider } from './server.ts'
import { parseSse, post } from './test-utils.ts'
import type { MockProvider } from './types.ts'

let mock: MockProvider
beforeAll(async () => {
  mock = await startMockProvider()
})
beforeEach(() => mock.reset())
afterAll(() => mock.close())

const weather = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] }
const openaiTools = [
  { type: 'function' as const, function: { name: 'get_weather', parameters: weather } },
  { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } } } } },
]

describe('tool calls', () => {
  it('openai: calls the tools the user names, in parallel, with schema-shaped arguments', async () => {
    const client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'k', maxRetries: 0 })
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'use get_weather and get_time please' }], tools: openaiTools }
    const res = await client.chat.completions.create(body)
    expect(res.choices[0]?.finish_reason).toBe('tool_calls')
    expect(res.choices[0]?.message.content).toBeNull()
    const calls = res.choices[0]!.message.tool_calls!.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []))
    expect(calls).toEqual([['get_weather', { city: 'city-value', days: 1 }], ['get_time', { zone: 'UTC' }]])
    expect(res.usage?.completion_tokens).toBe(expectedUsage('openai', body).tokensOut)

    const final = await client.chat.completions.stream({ ...body, stream: true }).finalChatCompletion()
    expect(final.choices[0]?.message.tool_calls?.map((c) => (c.type === 'function' ? c.function.arguments : ''))).toEqual(
      res.choices[0]!.message.tool_calls!.map((c) => (c.type === 'function' ? c.function.arguments : '')),
    )
    expect(final.choices[0]?.finish_reason).toBe('tool_calls')
  })

  it('openai: answers tool results in text, and rejects results for calls never made', async () => {
    const body = {
      model: 'm',
      tools: openaiTools,
      messages: [
        { role: 'user', content: 'use get_weather' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    }
    const ok = (await (await post(`${mock.url}/v1/chat/completions`, body)).json()) as { choices: { message: { content: string } }[] }
    expect(ok.choices[0]?.message.content).toBe('mock reply to tool results: sunny')
    const bad = await post(`${mock.url}/v1/chat/completions`, { ...body, messages: [body.messages[0], { role: 'tool', tool_call_id: 'nope', content: 'x' }] })
    expect(bad.status).toBe(400)
  })

  it('honours tool_choice none / required / a named tool', async () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hello' }], tools: openaiTools }
    const calls = async (extra: object) =>
      ((await (await post(`${mock.url}/v1/chat/completions`, { ...base, ...extra })).json()) as { choices: { message: { tool_calls?: { function: { name: string } }[] } }[] }).choices[0]!.message.tool_calls?.map((c) => c.function.name)
    expect(await calls({})).toBeUndefined()
    expect(await calls({ tool_choice: 'required' })).toEqual(['get_weather'])
    expect(await calls({ tool_choice: { type: 'function', function: { name: 'get_time' } } })).toEqual(['get_time'])
    expect(await calls({ tool_choice: 'none', messages: [{ role: 'user', content: 'get_weather' }] })).toBeUndefined()
  })

  it('anthropic: a text block, then tool_use blocks streamed with input_json_delta', async () => {
    const client = new Anthropic({ baseURL: mock.url, apiKey: 'k', maxRetries: 0 })
    const body = {
      model: 'claude', max_tokens: 100, messages: [{ role: 'user' as const, content: 'get_weather now' }],
      tools: [{ name: 'get_weather', input_schema: weather as Anthropic.Tool.InputSchema }],
    }
    const msg = await client.messages.create(body)
    expect(msg.stop_reason).toBe('tool_use')
    expect(msg.content).toMatchObject([{ type: 'text', text: 'Let me call get_weather.' }, { type: 'tool_use', name: 'get_weather', input: { city: 'city-value', days: 1 } }])
    const stream = client.messages.stream(body)
    const final = await stream.finalMessage()
    expect(final.content).toEqual(msg.content.map((b) => (b.type === 'tool_use' ? { ...b, id: expect.stringMatching(/^toolu_mock_/) } : b)))
    expect(final.usage.output_tokens).toBe(expectedUsage('anthropic', body).tokensOut)
  })

  it('google: functionCall parts with a thought signature, required back in history', async () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'call get_weather' }] }],
      tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: weather }] }],
    }
    const res = (await (await post(`${mock.url}/v1beta/models/g:generateContent`, body)).json()) as { candidates: { content: { parts: Record<string, unknown>[] } }[] }
    const part = res.candidates[0]!.content.parts[0]!
    expect(part).toEqual({ functionCall: { name: 'get_weather', args: { city: 'city-value', days: 1 } }, thoughtSignature: 'mock-sig-get_weather' })
    const next = { ...body, contents: [...body.contents, { role: 'model', parts: [part] }, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] }] }
    const answer = (await (await post(`${mock.url}/v1beta/models/g:generateContent`, next)).json()) as { candidates: { content: { parts: { text: string }[] } }[] }
    expect(answer.candidates[0]!.content.parts[0]!.text).toBe('mock reply to tool results: {"temp":21}')
    const { thoughtSignature: _, ...unsigned } = part
    const rejected = await post(`${mock.url}/v1beta/models/g:generateContent`, { ...next, contents: [next.contents[0], { role: 'model', parts: [unsigned] }, next.contents[2]] })
    expect(rejected.status).toBe(400)
  })
})

describe('json mode and stop sequences', () => {
  it('answers a sample of the schema, or {"reply": …} without one', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } }
    const ask = async (response_format: object) =>
      ((await (await post(`${mock.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }], response_format })).json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content
    expect(JSON.parse(await ask({ type: 'json_schema', json_schema: { name: 'x', schema } }))).toEqual({ name: 'name-value', tags: ['tags-value'] })
    expect(JSON.parse(await ask({ type: 'json_object' }))).toEqual({ reply: 'mock reply to: hi' })
  })

  it('cuts the reply at a stop sequence and says so in each format', async () => {
    const a = (await (await post(`${mock.url}/v1/messages`, { model: 'c', max_tokens: 10, stop_sequences: ['to:'], messages: [{ role: 'user', content: 'hi' }] })).json()) as Record<string, unknown>
    expect(a).toMatchObject({ content: [{ type: 'text', text: 'mock reply ' }], stop_reason: 'stop_sequence', stop_sequence: 'to:' })
    const c = (await (await post(`${mock.url}/v2/chat`, { model: 'c', stop_sequences: ['reply'], messages: [{ role: 'user', content: 'hi' }] })).json()) as Record<string, unknown>
    expect(c).toMatchObject({ message: { content: [{ type: 'text', text: 'mock ' }] }, finish_reason: 'STOP_SEQUENCE' })
  })
})

describe('cohere v2 chat', () => {
  const body = { model: 'command-a', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello cohere' }] }

  it('answers JSON with usage in billed_units and tokens', async () => {
    const res = (await (await post(`${mock.url}/v2/chat`, body)).json()) as Record<string, unknown>
    const usage = expectedUsage('cohere', body)
    expect(res).toMatchObject({
      message: { role: 'assistant', content: [{ type: 'text', text: 'mock reply to: hello cohere' }] },
      finish_reason: 'COMPLETE',
      usage: { billed_units: { input_tokens: usage.tokensIn, output_tokens: usage.tokensOut }, tokens: { input_tokens: usage.tokensIn } },
    })
  })

  it('streams message-start … message-end, and tool calls in pieces', async () => {
    const text = await (await post(`${mock.url}/v2/chat`, { ...body, stream: true })).text()
    const frames = parseSse(text).map((f) => ({ event: f.event, data: JSON.parse(f.data) as { type: string; delta?: { message?: { content?: { text?: string } } } } }))
    expect(frames.every((f) => f.event === f.data.type)).toBe(true)
    expect(frames.map((f) => f.data.type)).toEqual(['message-start', 'content-start', ...Array(expectedUsage('cohere', body).tokensOut).fill('content-delta'), 'content-end', 'message-end'])
    expect(frames.map((f) => f.data.delta?.message?.content?.text ?? '').join('')).toBe('mock reply to: hello cohere')

    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: weather } }]
    const toolText = await (await post(`${mock.url}/v2/chat`, { ...body, stream: true, tools, tool_choice: 'REQUIRED' })).text()
    const types = parseSse(toolText).map((f) => (JSON.parse(f.data) as { type: string }).type)
    expect(types).toEqual(['message-start', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'tool-call-end', 'message-end'])
  })

  it('errors in its own shape', async () => {
    const res = await post(`${mock.url}/v2/chat`, body, { 'x-mock-status': '429' })
    expect(res.status).toBe(429)
    expect(await res.json()).toEqual({ id: 'mock-error', message: 'mock: injected status 429' })
  })
})

describe('images', () => {
  it('names the images of the last user turn in the reply, in every format', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo='
    const o = (await (await post(`${mock.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: png } }] }] })).json()) as { choices: { message: { content: string } }[] }
    expect(o.choices[0]!.message.content).toBe('mock reply to: see [image image/png]')
    const a = await post(`${mock.url}/v1/messages`, { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'x' } }] }] })
    expect(a.status).toBe(400)
  })
})
