/** Deterministic reply text, chunking and token usage, shared by the server and by tests. */
import { planReply, type Plan } from './plan.ts'
import { isEmbeddingsBody, promptOf } from './prompt.ts'
import { countTokens, replyText, splitReply } from './text.ts'
import type { ChunkSpec, Format, Usage } from './types.ts'

export { countTokens, replyText, splitChunks } from './text.ts'

/** Reply chunks for a request body, honouring an exact chunk count. */
export function replyChunks(format: Format, body: unknown, chunks?: ChunkSpec): string[] {
  return splitReply(replyText(promptOf(format, body).lastUserText), chunks)
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
export function expectedUsage(format: Format, body: unknown, chunks?: ChunkSpec): Usage {
  if (format === 'openai' && isEmbeddingsBody(body)) return { tokensIn: countTokens(promptOf(format, body).allText), tokensOut: 0 }
  return planReply(format, body, chunks).usage
}

/** Everything a handler needs to answer: the chunks, their text, the usage to report, tool calls and the stop sequence hit. */
export type Completion = Plan

/** Builds the deterministic completion for a request; `forced` (`x-mock-usage`) wins over computed usage. */
export function complete(format: Format, body: unknown, chunkCount?: ChunkSpec, forced?: Usage): Completion {
  return planReply(format, body, chunkCount, forced)
}
