/**
 * Responses whose body is already in memory. A JSON answer is read whole before it goes back to the
 * client: JSON cannot be used before it has fully arrived, so the client loses nothing, and the
 * gateway skips a stream wrapper per response (on Node each web stream costs more CPU than the
 * rest of the request), hands observers the body in one call, and lets the server write headers
 * and body in one go. Event streams and other bodies keep streaming.
 */

const bodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/**
 * A response with `body` in memory that the core can read back with `responseBytes` without
 * touching `response.body`. An injected `fetch` may return one to spare the core a stream.
 *
 * @example
 * const res = bytesResponse(utf8('{"ok":true}'), { status: 200, headers: { 'content-type': 'application/json' } });
 * responseBytes(res); // the same bytes
 */
export function bytesResponse(body: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(body, init);
  bodies.set(response, body);
  return response;
}

/** The in-memory body of a response made by `bytesResponse`, or undefined for any other response. */
export const responseBytes = (response: Response): Uint8Array<ArrayBuffer> | undefined => bodies.get(response);

/** Largest body read into memory; a larger one keeps streaming. */
export const MAX_BUFFERED_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Whether a response of this content type and length is read whole: JSON documents, not JSON streams. */
export function isBufferable(headers: Headers): boolean {
  const type = headers.get('content-type');
  if (!type || !/json/i.test(type) || /ndjson|jsonl|json-seq|stream/i.test(type)) return false;
  const length = headers.get('content-length');
  return length === null || Number(length) <= MAX_BUFFERED_RESPONSE_BYTES;
}

/**
 * Reads `body` whole when it fits in `limit` bytes. A longer body (its length was not declared)
 * comes back as a stream that replays what was read and goes on with the rest.
 */
export async function readWhole(body: ReadableStream<Uint8Array>, limit = MAX_BUFFERED_RESPONSE_BYTES): Promise<Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks);
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) return replayThenContinue(chunks, reader);
  }
}

/** The chunks copied into one buffer. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const c of chunks) size += c.byteLength;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function replayThenContinue(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next) return controller.enqueue(next);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
