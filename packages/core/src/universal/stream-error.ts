const encoder = new TextEncoder();

/**
 * Passes `body` through; if it fails after it started, ends it with `errorEvent(message)` (the
 * provider's own stream error event) and a clean close instead of a cut connection. The stream
 * is never restarted: the client already has part of the answer.
 */
export function endWithErrorEvent(body: ReadableStream<Uint8Array>, errorEvent: (message: string) => string): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          controller.enqueue(encoder.encode(errorEvent(`[aigw] the provider's stream failed after it started: ${reason}`)));
          controller.close();
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
