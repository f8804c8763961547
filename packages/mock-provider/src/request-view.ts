/** Reads what a request asks for, in any of the mock's formats: tools, tool choice, JSON mode, stop sequences, last turn. */
import type { Format } from './types.ts'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

export interface MockTool {
  name: string
  schema: unknown
}

/** `auto`: call tools the user names; `required`: call at least one; `none`; or one named tool. */
export type MockToolChoice = { mode: 'auto' | 'required' | 'none' } | { mode: 'tool'; name: string }

export interface RequestView {
  tools: MockTool[]
  choice: MockToolChoice
  /** False when the request allows one tool call per turn only. */
  parallel: boolean
  /** JSON mode: undefined when off, else the schema (null without one). */
  json: { schema: unknown } | undefined
  stop: string[]
  /** Texts of the tool results that end the conversation, or undefined when the last turn is the user's. */
  toolResults: string[] | undefined
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  return list(content)
    .map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : isObj(p) && isObj(p.document) && typeof p.document.data === 'string' ? p.document.data : ''))
    .join('')
}

function openaiLike(body: Obj, format: 'openai' | 'cohere'): RequestView {
  const tools = list(body.tools)
    .filter(isObj)
    .map((t) => (isObj(t.function) ? { name: String(t.function.name), schema: t.function.parameters } : undefined))
    .filter((t): t is MockTool => t !== undefined)
  const c = body.tool_choice
  let choice: MockToolChoice = { mode: 'auto' }
  if (c === 'none' || c === 'NONE') choice = { mode: 'none' }
  else if (c === 'required' || c === 'REQUIRED') choice = { mode: 'required' }
  else if (isObj(c) && isObj(c.function) && typeof c.function.name === 'string') choice = { mode: 'tool', name: c.function.name }
  const format_ = isObj(body.response_format) ? body.response_format : undefined
  let json: RequestView['json']
  if (format === 'openai' && format_?.type === 'json_object') json = { schema: null }
  if (format === 'openai' && format_?.type === 'json_schema') json = { schema: isObj(format_.json_schema) ? format_.json_schema.schema : null }
  if (format === 'cohere' && format_?.type === 'json_object') json = { schema: format_.json_schema ?? null }
  const stopRaw = format === 'openai' ? body.stop : body.stop_sequences
  const messages = list(body.messages).filter(isObj)
  const trailing: string[] = []
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) trailing.unshift(textOf(messages[i]!.content))
  return {
    tools,
    choice,
    parallel: body.parallel_tool_calls !== false,
    json,
    stop: typeof stopRaw === 'string' ? [stopRaw] : list(stopRaw).filter((s): s is string => typeof s === 'string'),
    toolResults: trailing.length > 0 ? trailing : undefined,
  }
}

function anthropic(body: Obj): RequestView {
  const tools = list(body.tools)
    .filter(isObj)
    .map((t) => ({ name: String(t.name), schema: t.input_schema }))
  const c = isObj(body.tool_choice) ? body.tool_choice : {}
  const choice: MockToolChoice =
    c.type === 'none' ? { mode: 'none' } : c.type === 'any' ? { mode: 'required' } : c.type === 'tool' ? { mode: 'tool', name: String(c.name) } : { mode: 'auto' }
  const format = isObj(body.output_config) && isObj(body.output_config.format) ? body.output_config.format : undefined
  const last = list(body.messages).filter(isObj).at(-1)
  const results = last?.role === 'user' ? list(last.content).filter((b) => isObj(b) && b.type === 'tool_result') : []
  return {
    tools,
    choice,
    parallel: c.disable_parallel_tool_use !== true,
    json: format?.type === 'json_schema' ? { schema: format.schema } : undefined,
    stop: list(body.stop_sequences).filter((s): s is string => typeof s === 'string'),
    toolResults: results.length > 0 ? results.map((b) => textOf((b as Obj).content)) : undefined,
  }
}

function google(body: Obj): RequestView {
  const tools = list(body.tools)
    .filter(isObj)
    .flatMap((t) => list(t.functionDeclarations).filter(isObj))
    .map((d) => ({ name: String(d.name), schema: d.parametersJsonSchema ?? d.parameters }))
  const config = isObj(body.toolConfig) && isObj(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig : {}
  const allowed = list(config.allowedFunctionNames)
  let choice: MockToolChoice = { mode: 'auto' }
  if (config.mode === 'NONE') choice = { mode: 'none' }
  else if (config.mode === 'ANY') choice = allowed.length === 1 ? { mode: 'tool', name: String(allowed[0]) } : { mode: 'required' }
  const gen = isObj(body.generationConfig) ? body.generationConfig : {}
  const last = list(body.contents).filter(isObj).at(-1)
  const responses = list(last?.parts).filter((p) => isObj(p) && isObj(p.functionResponse))
  return {
    tools,
    choice,
    parallel: true,
    json: gen.responseMimeType === 'application/json' ? { schema: gen.responseJsonSchema ?? gen.responseSchema ?? null } : undefined,
    stop: list(gen.stopSequences).filter((s): s is string => typeof s === 'string'),
    toolResults: responses.length > 0 ? responses.map((p) => JSON.stringify(((p as Obj).functionResponse as Obj).response ?? {})) : undefined,
  }
}

/** What `body` (in `format`) asks the mock for. */
export function viewRequest(format: Format, body: unknown): RequestView {
  const b = isObj(body) ? body : {}
  switch (format) {
    case 'openai':
    case 'cohere':
      return openaiLike(b, format)
    case 'anthropic':
      return anthropic(b)
    case 'google':
      return google(b)
  }
}
