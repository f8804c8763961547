import { bytesResponse, concatBytes } from '../pipeline/bytes-response.ts';
import type { CacheEntry } from './cache-store.ts';

/** Response headers that describe one delivery, or the gateway's own, rather than the response. */
const NOT_STORED = new Set(['content-length', 'set-cookie', 'age', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

/** The headers of a response worth replaying: the provider's, without per-delivery ones. */
export function storedHeaders(headers: Headers): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    if (NOT_STORED.has(name) || name.startsWith('cf-aig-') || name.startsWith('aigw-')) return;
    out.push([name, value]);
  });
  return out;
}

const NULL_BODY = new Set([204, 205, 304]);

/** Serves chunks one per read, so a stream replays as the same events rather than one blob. */
export function chunkStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[next++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Whether a stored response is an event stream, replayed chunk by chunk (anything else is one body). */
const isEventStream = (headers: readonly [string, string][]): boolean =>
  headers.some(([name, value]) => name === 'content-type' && /^text\/event-stream/i.test(value));

/** The chunks as one buffer (no copy when there is one chunk already). */
function joined(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const only = chunks[0];
  if (chunks.length === 1 && only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength && only.buffer instanceof ArrayBuffer) {
    return only as Uint8Array<ArrayBuffer>;
  }
  return concatBytes(chunks);
}

/**
 * A response built from a cache entry: original status, headers (content type included) and
 * body, plus `age` in whole seconds since it was stored. An event stream replays chunk by chunk;
 * any other body (JSON) is handed over as one in-memory body, which the pipeline passes to
 * observers in one call and the server writes in one go. The entry's chunks become the body: pass
 * an entry nobody else holds (stores return private copies).
 */
export function responseFromEntry(entry: Pick<CacheEntry, 'status' | 'headers' | 'chunks' | 'createdAt'>, now: number): Response {
  const headers = new Headers(entry.headers);
  headers.set('age', String(Math.max(0, Math.floor((now - entry.createdAt) / 1000))));
  const init = { status: entry.status, headers };
  if (NULL_BODY.has(entry.status)) return new Response(null, init);
  if (isEventStream(entry.headers)) return new Response(chunkStream(entry.chunks), init);
  return bytesResponse(joined(entry.chunks), init);
}
