import { Agent, request } from 'undici';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress,
};

/** A Node readable as a web stream that pulls at the reader's pace (backpressure) and cancels the socket. */
function toWebStream(body: Readable): ReadableStream<Uint8Array> {
  // After a cancel, data already buffered in the socket may still be emitted: drop it.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      body.on('data', (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
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
 * A `fetch` for the core built on undici's keep-alive connection pools. Node's global `fetch`
 * costs several times the CPU per proxied request (TOOLCHAIN.md). Bodies are handed over decoded,
 * as WHATWG fetch does.
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
    return new Response(toWebStream(body), { status: res.statusCode, headers: responseHeaders });
  };
  return undiciFetch as typeof fetch;
}
