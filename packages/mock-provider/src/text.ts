/** The mock's text primitives: tokenizer, reply text and chunking. */

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

/** `splitChunks`, or chunks of `chars` characters (the last may be shorter): a word may span chunks. */
export function splitReply(text: string, spec?: number | { chars: number }): string[] {
  if (typeof spec !== 'object') return splitChunks(text, spec)
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += spec.chars) chunks.push(text.slice(i, i + spec.chars))
  return chunks.length ? chunks : ['']
}
