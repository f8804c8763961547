import { concatBytes } from '../pipeline/bytes-response.ts';
import { bodyTooLarge } from '../errors.ts';

/**
 * Reads the request body once, so retries and fallbacks can replay it, refusing anything larger
 * than `limit` bytes (413) without reading it all first.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (Number(declared) > limit) {
      // Let the client finish sending before the 413: a server that answers mid-upload may reset
      // the connection (workerd does), and the client never sees the answer. Huge bodies are not
      // waited for.
      if (Number(declared) <= 2 * limit) await discard(request);
      throw bodyTooLarge(limit);
    }
    // A declared length lets the runtime read the body in one go: @hono/node-server then reads
    // the socket directly instead of building a web stream for it.
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > limit) throw bodyTooLarge(limit);
    return body.byteLength > 0 ? body : undefined;
  }
  if (!request.body) return undefined;

  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : concatBytes(chunks);
}

async function discard(request: Request): Promise<void> {
  try {
    const reader = request.body?.getReader();
    if (reader) while (!(await reader.read()).done);
  } catch {
    // The client went away: nothing left to answer.
  }
}
