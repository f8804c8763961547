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

/**
 * Passes `body` through unchanged, reporting chunks and the end to `observers`. Pull-based with no
 * buffer of its own: a chunk is read from upstream only when the client is ready for it.
 */
export function tapStream(body: ReadableStream<Uint8Array>, observers: readonly ResponseObserver[]): ReadableStream<Uint8Array> {
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
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (err) {
          end('error', err);
          controller.error(err);
          return;
        }
        if (result.done) {
          controller.close();
          end('complete');
          return;
        }
        for (const o of observers) o.onChunk?.(result.value);
        controller.enqueue(result.value);
      },
      cancel(reason) {
        end('cancelled', reason);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Runs the observers over a response: wraps its body once, or reports an empty body at once. */
export function observeResponse(response: Response, observers: readonly ResponseObserver[]): Response {
  if (observers.length === 0) return response;
  for (const o of observers) o.onResponse?.(response);
  if (!response.body) {
    for (const o of observers) o.onEnd?.('complete');
    return response;
  }
  return new Response(tapStream(response.body, observers), { status: response.status, statusText: response.statusText, headers: response.headers });
}
