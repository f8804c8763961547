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

/**
 * A response built from a cache entry: original status, headers (content type included) and
 * chunks, plus `age` in whole seconds since it was stored.
 */
export function responseFromEntry(entry: Pick<CacheEntry, 'status' | 'headers' | 'chunks' | 'createdAt'>, now: number): Response {
  const headers = new Headers(entry.headers);
  headers.set('age', String(Math.max(0, Math.floor((now - entry.createdAt) / 1000))));
  return new Response(NULL_BODY.has(entry.status) ? null : chunkStream(entry.chunks), { status: entry.status, headers });
}
