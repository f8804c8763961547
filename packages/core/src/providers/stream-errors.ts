/**
 * The event each wire format uses to report an error inside a stream, so a stream that fails after
 * its first byte can end with an error the provider's own SDK understands (and throws), instead of
 * a cut connection.
 */

/** OpenAI and compatibles: a `data:` event with an `error` object (the openai SDKs throw on it). */
export const openAiStreamError = (message: string): string =>
  `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: 'stream_failed' } })}\n\n`;

/** Anthropic: `event: error` with `{type: "error", error: {type, message}}`. */
export const anthropicStreamError = (message: string): string =>
  `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`;

/** Google (AI Studio and Vertex, `alt=sse`): a `data:` event with Google's error object. */
export const googleStreamError = (message: string): string =>
  `data: ${JSON.stringify({ error: { code: 500, message, status: 'INTERNAL' } })}\n\n`;
