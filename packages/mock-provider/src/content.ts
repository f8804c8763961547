/** Deterministic reply text, chunking and token usage, shared by the server and by tests. */
import { isEmbeddingsBody, promptOf } from './prompt.ts'
import type { Format, Usage } from './types.ts'

/** Longest part of the user's message echoed back, in characters. */
const MAX_ECHO = 200
const FILLER = 'lorem '

/**
 * The mock's tokenizer: one token per 4 characters, rounded up.
 *
 * @example
 * countTokens('hello world') // 3
 */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/** The reply the mock gives to a user message. */
export function replyText(lastUserText: string): string {
  return 'mock reply to: ' + lastUserText.slice(0, MAX_ECHO)
}

/**
 * Splits text into streaming chunks: one per word (trailing whitespace kept), or exactly `count`
 * chunks, padding with filler words when the text is too short. Joining the chunks gives the reply.
 *
 * @example
 * splitChunks('mock reply to: hi') // ['mock ', 'reply ', 'to: ', 'hi']
 * splitChunks('mock reply', 3)     // ['mock ', 'reply ', 'lorem ']
 */
export function splitChunks(text: string, count?: number): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [text]
  if (count === undefined) return words
  if (words.length < count) {
    const last = words.length - 1
    if (!/\s$/.test(words[last]!)) words[last] += ' '
    while (words.length < count) words.push(FILLER)
    return words
  }
  const chunks: string[] = []
  for (let i = 0; i < count; i++) {
    chunks.push(words.slice(Math.floor((i * words.length) / count), Math.floor(((i + 1) * words.length) / count)).join(''))
  }
  return chunks
}

/** Reply chunks for a request body, honouring an exact chunk count. */
export function replyChunks(format: Format, body: unknown, chunks?: number): string[] {
  return splitChunks(replyText(promptOf(format, body).lastUserText), chunks)
}

/**
 * Usage the mock reports for a request body: input = tokens of every message text (system
 * included), output = number of content chunks (0 for embeddings).
 * `chunks` is the `x-mock-chunks` value the request carried, if any.
 *
 * @example
 * const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }
 * expectedUsage('openai', body) // { tokensIn: 1, tokensOut: 4 }
 */
export function expectedUsage(format: Format, body: unknown, chunks?: number): Usage {
  const prompt = promptOf(format, body)
  const isEmbedding = format === 'openai' && isEmbeddingsBody(body)
  return {
    tokensIn: countTokens(prompt.allText),
    tokensOut: isEmbedding ? 0 : splitChunks(replyText(prompt.lastUserText), chunks).length,
  }
}

/** Everything a handler needs to answer: the chunks, their text and the usage to report. */
export interface Completion {
  chunks: string[]
  text: string
  usage: Usage
}

/** Builds the deterministic completion for a request; `forced` (`x-mock-usage`) wins over computed usage. */
export function complete(format: Format, body: unknown, chunkCount?: number, forced?: Usage): Completion {
  const prompt = promptOf(format, body)
  const chunks = splitChunks(replyText(prompt.lastUserText), chunkCount)
  return {
    chunks,
    text: chunks.join(''),
    usage: forced ?? { tokensIn: countTokens(prompt.allText), tokensOut: chunks.length },
  }
}
