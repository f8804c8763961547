/** Maps a request to a handler by path suffix, so any prefix (`/v1`, `/openai/v1`, …) works. */
import { anthropicMessages } from './anthropic.ts'
import { cohereChat } from './cohere.ts'
import { openaiEmbeddings } from './embeddings.ts'
import { googleGenerate, googleStream } from './google.ts'
import { openaiChat, openaiModels } from './openai.ts'
import type { Call, Format, Reply } from './types.ts'

export interface Route {
  format: Format
  /** False for routes that take no JSON body (`GET …/models`). */
  hasBody: boolean
  /** Model named in the path (Google), else read from the body. */
  pathModel?: string
  handle(call: Call): Reply
}

const GOOGLE = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export function matchRoute(method: string, path: string): Route | undefined {
  if (method === 'POST') {
    if (path.endsWith('/chat/completions')) return { format: 'openai', hasBody: true, handle: openaiChat }
    if (path.endsWith('/embeddings')) return { format: 'openai', hasBody: true, handle: openaiEmbeddings }
    if (path.endsWith('/v1/messages')) return { format: 'anthropic', hasBody: true, handle: anthropicMessages }
    if (path.endsWith('/v2/chat')) return { format: 'cohere', hasBody: true, handle: cohereChat }
    const google = GOOGLE.exec(path)
    if (google) {
      const handle = google[2] === 'generateContent' ? googleGenerate : googleStream
      return { format: 'google', hasBody: true, pathModel: safeDecode(google[1]!), handle }
    }
  } else if (method === 'GET' && path.endsWith('/models')) {
    return { format: 'openai', hasBody: false, handle: openaiModels }
  }
  return undefined
}
