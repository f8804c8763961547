/** Reads the prompt text out of OpenAI, Anthropic, Google and Cohere request bodies. */
import type { Format } from './types.ts'

/** The texts of a request: all of them (for input tokens) and the last user message's. */
export interface Prompt {
  /** Every message text, system included, concatenated without separators. */
  allText: string
  lastUserText: string
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null

/** Text of a string or of an array of parts carrying `text` (OpenAI, Anthropic and Google parts alike). */
function partsText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  let text = ''
  for (const part of content) {
    if (isObj(part) && typeof part.text === 'string') text += part.text
  }
  return text
}

/** What an image part is, in any format: its media type, or its URL when it has none. */
function imageOf(part: Obj): string | undefined {
  const openai = isObj(part.image_url) ? part.image_url.url : part.type === 'image_url' ? part.image_url : undefined
  if (typeof openai === 'string') return /^data:([^;,]+)/.exec(openai)?.[1] ?? openai
  if (part.type === 'image' && isObj(part.source)) return String(part.source.media_type ?? part.source.url ?? 'image')
  if (isObj(part.inlineData)) return String(part.inlineData.mimeType ?? 'image')
  if (isObj(part.fileData)) return String(part.fileData.mimeType ?? part.fileData.fileUri ?? 'file')
  return undefined
}

/** ` [image image/png]` for each image in a content, so replies show what arrived. */
function imageNotes(content: unknown): string {
  if (!Array.isArray(content)) return ''
  let notes = ''
  for (const part of content) {
    const image = isObj(part) ? imageOf(part) : undefined
    if (image !== undefined) notes += ` [image ${image}]`
  }
  return notes
}

function fromMessages(system: string, messages: unknown, key: 'content' | 'parts'): Prompt {
  let allText = system
  let lastUserText = ''
  if (Array.isArray(messages)) {
    for (const m of messages) {
      if (!isObj(m)) continue
      const text = partsText(m[key])
      allText += text
      if (m.role === 'user') lastUserText = text + imageNotes(m[key])
    }
  }
  return { allText, lastUserText }
}

/** Text of an OpenAI embeddings `input` (string or string[]; token arrays count as their JSON). */
export function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input]
  if (Array.isArray(input)) return input.map((i) => (typeof i === 'string' ? i : JSON.stringify(i)))
  return input === undefined ? [] : [JSON.stringify(input)]
}

/** True for an OpenAI embeddings body: `input` and no `messages`. */
export function isEmbeddingsBody(body: unknown): boolean {
  return isObj(body) && body.messages === undefined && body.input !== undefined
}

/**
 * Extracts the prompt of a request body in the given format.
 * An OpenAI body with `input` and no `messages` is read as an embeddings request.
 */
export function promptOf(format: Format, body: unknown): Prompt {
  const b = isObj(body) ? body : {}
  switch (format) {
    case 'openai':
      if (isEmbeddingsBody(b)) {
        return { allText: embeddingInputs(b.input).join(''), lastUserText: '' }
      }
      return fromMessages('', b.messages, 'content')
    case 'cohere':
      return fromMessages('', b.messages, 'content')
    case 'anthropic':
      return fromMessages(partsText(b.system), b.messages, 'content')
    case 'google': {
      const system = isObj(b.systemInstruction) ? partsText(b.systemInstruction.parts) : partsText(b.systemInstruction)
      if (typeof b.contents === 'string') return { allText: system + b.contents, lastUserText: b.contents }
      const prompt = fromMessages(system, b.contents, 'parts')
      // Gemini replies to the last turn, whoever wrote it.
      const last = Array.isArray(b.contents) ? b.contents[b.contents.length - 1] : undefined
      return { allText: prompt.allText, lastUserText: isObj(last) ? partsText(last.parts) + imageNotes(last.parts) : '' }
    }
  }
}
