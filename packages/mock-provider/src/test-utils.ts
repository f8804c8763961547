/** Helpers shared by this package's tests. */

/** Polls `check` until it holds; server-side close events arrive a little after the client aborts. */
export async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

export interface SseFrame {
  event: string | undefined
  data: string
}

/** Splits an SSE body into frames, checking each is `[event: X\n]data: Y`. */
export function parseSse(text: string): SseFrame[] {
  if (!text.endsWith('\n\n')) throw new Error('SSE body does not end with a blank line')
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const match = /^(?:event: ([^\n]+)\n)?data: ([^\n]*)$/.exec(block)
      if (!match) throw new Error(`bad SSE frame: ${JSON.stringify(block)}`)
      return { event: match[1], data: match[2]! }
    })
}

/** POSTs JSON (or a raw string) with extra headers. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: signal ?? null,
  })
}
