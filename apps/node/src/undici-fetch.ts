import { Agent, request } from 'undici';
import { bytesResponse, isBufferable, MAX_BUFFERED_RESPONSE_BYTES } from '@aigw/core';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress,
};

const asBytes = (chunk: Buffer): Uint8Array => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * A Node readable as a web stream that pulls at the reader's pace (backpressure) and cancels the
 * socket. `head` holds chunks already read from it, handed out first.
 */
function toWebStream(body: Readable, head: Buffer[] = []): ReadableStream<Uint8Array> {
  // After a cancel, data already buffered in the socket may still be emitted: drop it.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(asBytes(chunk));
      body.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(asBytes(chunk));
        if ((controller.desiredSize ?? 1) <= 0) body.pause();
      });
      body.once('end', () => cancelled || controller.close());
      body.once('error', (err) => cancelled || controller.error(err));
    },
    pull() {
      body.resume();
    },
    cancel(reason) {
      cancelled = true;
      body.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

/**
 * Reads `body` to its end, or until more than `limit` bytes came: then `rest` is the body, paused,
 * still to be read after `chunks`.
 */
async function readUpTo(body: Readable, limit: number): Promise<{ chunks: Buffer[]; rest?: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > limit) return { chunks, rest: body };
  }
  return { chunks };
}

/**
 * A `fetch` for the core built on undici's keep-alive connection pools. Node's global `fetch`
 * costs several times the CPU per proxied request (TOOLCHAIN.md). Bodies are handed over decoded,
 * as WHATWG fetch does; JSON bodies already read, as a `bytesResponse` (no web stream at all).
 */
export function createUndiciFetch(options: Agent.Options = {}): typeof fetch {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256, ...options });
  const undiciFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const method = init.method ?? 'GET';
    const res = await request(url, {
      method: method as 'GET',
      headers,
      body: (init.body as Uint8Array | string | null | undefined) ?? null,
      signal: init.signal ?? undefined,
      dispatcher,
    });

    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const noBody = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
    if (noBody) {
      res.body.resume();
      return new Response(null, { status: res.statusCode, headers: responseHeaders });
    }
    const decoder = DECODERS[responseHeaders.get('content-encoding')?.trim().toLowerCase() ?? ''];
    const body = decoder ? (res.body.pipe(decoder()) as unknown as Readable) : res.body;
    const answer = { status: res.statusCode, headers: responseHeaders };
    if (!isBufferable(responseHeaders)) return new Response(toWebStream(body), answer);
    const read = await readUpTo(body, MAX_BUFFERED_RESPONSE_BYTES);
    if (read.rest) return new Response(toWebStream(read.rest, read.chunks), answer);
    const whole = read.chunks.length === 1 ? read.chunks[0]! : Buffer.concat(read.chunks);
    return bytesResponse(new Uint8Array(whole.buffer as ArrayBuffer, whole.byteOffset, whole.byteLength), answer);
  };
  return undiciFetch as typeof fetch;
}
