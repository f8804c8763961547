/** Decides what the mock answers: text, JSON, or tool calls, cut at a stop sequence. */
import { countTokens, replyText, splitReply } from './text.ts'
import { promptOf } from './prompt.ts'
import { type MockTool, type RequestView, viewRequest } from './request-view.ts'
import { sampleFromSchema } from './schema-sample.ts'
import type { ChunkSpec, Format, Usage } from './types.ts'

export interface MockToolCall {
  name: string
  /** JSON text of the arguments. */
  arguments: string
}

export interface Plan {
  /** Text chunks to stream; empty when the answer is tool calls only. */
  chunks: string[]
  text: string
  calls: MockToolCall[]
  /** The stop sequence that cut the text, if one did. */
  stopSequence: string | undefined
  usage: Usage
}

/** Tools the user names in their last message (declaration order), as an `auto` choice calls them. */
function named(tools: MockTool[], text: string): MockTool[] {
  return tools.filter((t) => new RegExp(`(^|[^A-Za-z0-9_])${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(text))
}

function chooseTools(view: RequestView, lastUserText: string): MockTool[] {
  if (view.toolResults || view.tools.length === 0 || view.choice.mode === 'none') return []
  let picked: MockTool[]
  if (view.choice.mode === 'tool') {
    const name = view.choice.name
    picked = view.tools.filter((t) => t.name === name)
  } else {
    picked = named(view.tools, lastUserText)
    if (picked.length === 0 && view.choice.mode === 'required') picked = view.tools.slice(0, 1)
  }
  return view.parallel ? picked : picked.slice(0, 1)
}

function cut(text: string, stops: string[]): { text: string; stopSequence: string | undefined } {
  let at = -1
  let stopSequence: string | undefined
  for (const stop of stops) {
    const i = stop === '' ? -1 : text.indexOf(stop)
    if (i !== -1 && (at === -1 || i < at)) [at, stopSequence] = [i, stop]
  }
  return at === -1 ? { text, stopSequence } : { text: text.slice(0, at), stopSequence }
}

/**
 * The mock's answer to `body`. Tool calls happen when the request offers tools and either forces
 * one (`required`/`any`/a named tool) or the user's last message names them; arguments are sampled
 * from each tool's schema. After tool results the mock answers in text, echoing the results.
 * JSON mode answers with a sample of the schema (or `{"reply": …}`). Anthropic tool calls come
 * after a short text block, as Claude's usually do.
 */
export function planReply(format: Format, body: unknown, chunkCount?: ChunkSpec, forced?: Usage): Plan {
  const prompt = promptOf(format, body)
  const view = viewRequest(format, body)
  const tools = chooseTools(view, prompt.lastUserText)
  const calls = tools.map((t) => ({ name: t.name, arguments: JSON.stringify(sampleFromSchema(t.schema)) }))
  let text: string
  if (calls.length > 0) text = format === 'anthropic' ? `Let me call ${calls.map((c) => c.name).join(' and ')}.` : ''
  else if (view.toolResults) text = `mock reply to tool results: ${view.toolResults.join(' | ')}`.slice(0, 300)
  else text = replyText(prompt.lastUserText)
  if (calls.length === 0 && view.json) text = JSON.stringify(view.json.schema ? sampleFromSchema(view.json.schema) : { reply: text })
  const stopped = calls.length === 0 ? cut(text, view.stop) : { text, stopSequence: undefined }
  const chunks = stopped.text === '' && calls.length > 0 ? [] : splitReply(stopped.text, chunkCount)
  const callTokens = calls.reduce((n, c) => n + countTokens(c.name + c.arguments), 0)
  return {
    chunks,
    text: chunks.join(''),
    calls,
    stopSequence: stopped.stopSequence,
    usage: forced ?? { tokensIn: countTokens(prompt.allText), tokensOut: chunks.length + callTokens },
  }
}

/** Splits tool-call arguments into up to three pieces, so clients must accumulate them. */
export function argumentPieces(args: string): string[] {
  if (args.length < 3) return [args]
  const a = Math.floor(args.length / 3)
  const b = Math.floor((2 * args.length) / 3)
  return [args.slice(0, a), args.slice(a, b), args.slice(b)]
}
