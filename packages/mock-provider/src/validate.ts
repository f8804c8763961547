/**
 * The request checks a real provider would fail with 400, for the features the unified API
 * translates: tool results must answer calls made earlier, images must be well-formed, and
 * Gemini function calls in history must carry their thought signature (as Gemini 3 requires).
 * Returns the error message, or undefined when the request is acceptable.
 */
import type { Format } from './types.ts'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

function openaiLike(body: Obj): string | undefined {
  const ids = new Set<string>()
  for (const [i, m] of list(body.messages).entries()) {
    if (!isObj(m)) return `messages[${i}] must be an object`
    if (m.role === 'assistant') for (const c of list(m.tool_calls)) if (isObj(c) && typeof c.id === 'string') ids.add(c.id)
    if (m.role === 'tool' && !ids.has(String(m.tool_call_id))) return `messages[${i}].tool_call_id '${String(m.tool_call_id)}' answers no earlier tool call`
    for (const [j, p] of list(m.content).entries()) {
      if (isObj(p) && p.type === 'image_url' && !(isObj(p.image_url) && typeof p.image_url.url === 'string')) return `messages[${i}].content[${j}].image_url.url is required`
    }
  }
  return undefined
}

function anthropic(body: Obj): string | undefined {
  let previous: Obj | undefined
  for (const [i, m] of list(body.messages).entries()) {
    if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant')) return `messages.${i}: role must be 'user' or 'assistant'`
    const calls = new Set(list(previous?.content).filter((b) => isObj(b) && b.type === 'tool_use').map((b) => String((b as Obj).id)))
    for (const [j, b] of list(m.content).entries()) {
      if (!isObj(b)) return `messages.${i}.content.${j}: must be an object`
      if (b.type === 'tool_result' && !calls.has(String(b.tool_use_id))) return `messages.${i}.content.${j}: unexpected tool_use_id '${String(b.tool_use_id)}' in tool_result blocks`
      if (b.type === 'image') {
        const s = isObj(b.source) ? b.source : {}
        const ok = (s.type === 'base64' && typeof s.media_type === 'string' && typeof s.data === 'string') || (s.type === 'url' && typeof s.url === 'string')
        if (!ok) return `messages.${i}.content.${j}.source: invalid image source`
      }
    }
    previous = m
  }
  return undefined
}

function google(body: Obj): string | undefined {
  const names = new Set<string>()
  for (const [i, c] of list(body.contents).entries()) {
    if (!isObj(c) || (c.role !== undefined && c.role !== 'user' && c.role !== 'model')) return `contents[${i}].role must be 'user' or 'model'`
    let firstCall = true
    for (const [j, p] of list(c.parts).entries()) {
      if (!isObj(p)) return `contents[${i}].parts[${j}] must be an object`
      if (isObj(p.functionCall)) {
        names.add(String(p.functionCall.name))
        if (firstCall && typeof p.thoughtSignature !== 'string') return `Function call is missing a thought_signature in functionCall parts: contents[${i}].parts[${j}]`
        firstCall = false
      }
      if (isObj(p.functionResponse) && !names.has(String(p.functionResponse.name))) return `contents[${i}].parts[${j}].functionResponse.name answers no earlier function call`
      if (isObj(p.inlineData) && (typeof p.inlineData.mimeType !== 'string' || typeof p.inlineData.data !== 'string')) return `contents[${i}].parts[${j}].inlineData needs mimeType and data`
    }
  }
  return undefined
}

/** Why `body` would be rejected by a provider speaking `format`; undefined when it would not. */
export function invalidRequest(format: Format, body: Obj): string | undefined {
  switch (format) {
    case 'openai':
    case 'cohere':
      return openaiLike(body)
    case 'anthropic':
      return anthropic(body)
    case 'google':
      return google(body)
  }
}
