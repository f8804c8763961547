/**
 * @module
 * `@aigw/mock-provider`: a fast, deterministic fake LLM provider (OpenAI chat and embeddings,
 * Anthropic Messages, Google Gemini) over `node:http`, for aigw's tests and benchmarks.
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
export { MOCK_HEADERS } from './mock-headers.ts'
export type { Format, MockProvider, MockProviderOptions, RecordedRequest, Usage } from './types.ts'
