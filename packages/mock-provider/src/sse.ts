/** Server-sent event framing. */

/** `data: JSON\n\n` */
export const sseData = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`

/** `event: NAME\ndata: JSON\n\n` */
export const sseEvent = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

export const SSE_CONTENT_TYPE = 'text/event-stream'
