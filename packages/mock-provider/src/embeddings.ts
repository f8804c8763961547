/** OpenAI embeddings with deterministic vectors derived from a hash of each input. */
import { Buffer } from 'node:buffer'
import { countTokens } from './content.ts'
import { embeddingInputs } from './prompt.ts'
import type { Call, Reply } from './types.ts'

const DEFAULT_DIMENSIONS = 8
const MAX_DIMENSIONS = 8192

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/**
 * A unit-length float32 vector that depends only on `text` and `dimensions`.
 *
 * @example
 * embeddingVector('hello').length // 8
 */
export function embeddingVector(text: string, dimensions = DEFAULT_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions)
  let state = hash(text)
  let norm = 0
  for (let i = 0; i < dimensions; i++) {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    const value = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1
    vector[i] = value
    norm += value * value
  }
  norm = Math.sqrt(norm) || 1
  for (let i = 0; i < dimensions; i++) vector[i] = vector[i]! / norm
  return vector
}

function toBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
}

/** `POST …/embeddings`; honours `dimensions` and `encoding_format: 'base64'` (the openai SDK's default). */
export function openaiEmbeddings(call: Call): Reply {
  const inputs = embeddingInputs(call.body.input)
  const requested = call.body.dimensions
  const dimensions =
    Number.isInteger(requested) && (requested as number) > 0 ? Math.min(requested as number, MAX_DIMENSIONS) : DEFAULT_DIMENSIONS
  const base64 = call.body.encoding_format === 'base64'
  const data = inputs.map((input, index) => {
    const vector = embeddingVector(input, dimensions)
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : Array.from(vector) }
  })
  const tokens = call.usage?.tokensIn ?? countTokens(inputs.join(''))
  return {
    kind: 'json',
    status: 200,
    body: { object: 'list', data, model: call.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
  }
}
