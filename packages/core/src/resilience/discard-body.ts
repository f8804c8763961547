/** Error bodies up to this size are read to the end; larger ones are cancelled. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * Gets rid of a failed attempt's body. Reading a small body to its end lets the HTTP client keep
 * the connection for the next attempt (cancelling makes most clients drop the socket); a large or
 * endless one is cancelled.
 */
export async function discardBody(response: Response): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > DRAIN_LIMIT) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The body failed: nothing left to release.
  }
}
