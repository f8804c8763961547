import { responseBytes } from './bytes-response.ts';

export type StreamOutcome = 'complete' | 'error' | 'cancelled';

/** Watches a response as it leaves the gateway. Stages register these on the context. */
export interface ResponseObserver {
  /** Called once with the final response, before its body flows. */
  onResponse?(response: Response): void;
  /** Called for each body chunk as it is handed to the client. Must not block. */
  onChunk?(chunk: Uint8Array): void;
  /** Called once when the body ended normally, failed upstream, or the client cancelled it. */
  onEnd?(outcome: StreamOutcome, error?: unknown): void;
}

/** Rewrites a streamed body chunk by chunk for the client; undefined means nothing to send yet. */
export interface ChunkFilter {
  transform(chunk: Uint8Array): Uint8Array | undefined;
  /** The body ended: whatever was held back. */
  flush(): Uint8Array | undefined;
}

/** `chunk` through every filter in turn; undefined once one holds it all back. */
function filtered(chunk: Uint8Array | undefined, filters: readonly ChunkFilter[], from = 0): Uint8Array | undefined {
  for (let i = from; i < filters.length && chunk; i++) chunk = filters[i]!.transform(chunk);
  return chunk;
}

/**
 * Passes `body` through, reporting chunks and the end to `observers`, then rewriting what the
 * client gets with `filters`. One stream for all of them, pull-based with no buffer of its own: a
 * chunk is read from upstream only when the client is ready for it.
 */
export function tapStream(body: ReadableStream<Uint8Array>, observers: readonly ResponseObserver[], filters: readonly ChunkFilter[] = []): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = (outcome: StreamOutcome, error?: unknown) => {
    if (ended) return;
    ended = true;
    for (const o of observers) o.onEnd?.(outcome, error);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Loops while filters hold every chunk back: a pull must enqueue or close.
        for (;;) {
          let result: Awaited<ReturnType<typeof reader.read>>;
          try {
            result = await reader.read();
          } catch (err) {
            end('error', err);
            controller.error(err);
            return;
          }
          if (result.done) {
            for (let i = 0; i < filters.length; i++) {
              const rest = filtered(filters[i]!.flush(), filters, i + 1);
              if (rest) controller.enqueue(rest);
            }
            controller.close();
            end('complete');
            return;
          }
          for (const o of observers) o.onChunk?.(result.value);
          const out = filtered(result.value, filters);
          if (out) return controller.enqueue(out);
        }
      },
      cancel(reason) {
        end('cancelled', reason);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Runs the observers (then the client filters) over a response: wraps its body once, or reports
 * an in-memory or empty body at once. Filters rewrite streamed bodies only.
 */
export function observeResponse(response: Response, observers: readonly ResponseObserver[], filters: readonly ChunkFilter[] = []): Response {
  if (observers.length === 0 && filters.length === 0) return response;
  for (const o of observers) o.onResponse?.(response);
  const bytes = responseBytes(response);
  if (bytes || !response.body) {
    if (bytes && bytes.byteLength > 0) for (const o of observers) o.onChunk?.(bytes);
    for (const o of observers) o.onEnd?.('complete');
    return response;
  }
  const headers = filters.length ? new Headers(response.headers) : response.headers;
  if (filters.length) headers.delete('content-length');
  return new Response(tapStream(response.body, observers, filters), { status: response.status, statusText: response.statusText, headers });
}
