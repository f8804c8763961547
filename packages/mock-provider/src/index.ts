/**
 * @module
 * `@aigw/mock-provider`: a fast, deterministic fake LLM provider (OpenAI chat and embeddings,
 * Anthropic Messages, Google Gemini, Cohere v2 chat) over `node:http`, for aigw's tests and benchmarks.
 * Each format speaks tool calls (when the request offers tools and forces one or the user names it),
 * JSON mode (a sample of the schema), stop sequences and images, and rejects what its provider would
 * (tool results for calls never made, malformed images, Gemini calls without thought signatures).
 * Routes match on path suffix, so any base-URL prefix works; `x-mock-*` request headers inject
 * faults (status, fail-first, delays, hang, socket resets) and shape replies (chunk count, usage).
 *
 * @example
 * import { expectedUsage, startMockProvider } from '@aigw/mock-provider'
 * const mock = await startMockProvider()
 * // point the gateway's OpenAI base URL at `${mock.url}/v1`, send `body`, then:
 * expectedUsage('openai', body) // { tokensIn, tokensOut } the mock reported
 * await mock.close()
 */
export { startMockProvider } from './server.ts'
export { countTokens, expectedUsage, replyChunks, replyText, splitChunks } from './content.ts'
export { embeddingVector } from './embeddings.ts'
export { errorBody } from './errors.ts'
export { planReply, type MockToolCall, type Plan } from './plan.ts'
export { sampleFromSchema } from './schema-sample.ts'
export { MOCK_HEADERS } from './mock-headers.ts'
export type { Format, MockProvider, MockProviderOptions, RecordedRequest, Usage } from './types.ts'
