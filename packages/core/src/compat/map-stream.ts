import { SseParser } from './sse-parser.ts';
import type { NativeStreamMapper, StreamEncoder, StreamEvent } from './stream-events.ts';

const encoder = new TextEncoder();

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * Translates a provider's SSE body into the client's dialect as it arrives: pull-based (a chunk
 * is read upstream only when the client wants one), no buffering beyond one partial event.
 * An upstream failure mid-stream becomes the dialect's error event; cancelling cancels upstream.
 */
export function mapEventStream(body: ReadableStream<Uint8Array>, mapper: NativeStreamMapper, out: StreamEncoder): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let done = false;
  const render = (events: StreamEvent[]) => events.map((e) => out.encode(e)).join('');
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (!done) {
          let text: string;
          try {
            const result = await reader.read();
            if (result.done) {
              done = true;
              const tail = parser.push(decoder.decode()).concat(parser.end());
              text = tail.map((e) => render(mapper.map(e.event, parse(e.data)))).join('') + render(mapper.end()) + out.end();
            } else {
              text = parser.push(decoder.decode(result.value, { stream: true })).map((e) => render(mapper.map(e.event, parse(e.data)))).join('');
            }
          } catch (err) {
            done = true;
            const message = `[aigw] [compat] the provider stream failed: ${err instanceof Error ? err.message : String(err)}`;
            text = out.encode({ type: 'error', error: { status: 502, message, type: 'api_error' } });
          }
          if (text !== '') {
            controller.enqueue(encoder.encode(text));
            if (!done) return;
          }
        }
        controller.close();
      },
      cancel(reason) {
        done = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A complete event list rendered as one SSE body (a JSON answer sent to a client that asked for a stream). */
export function eventsToStream(events: StreamEvent[], out: StreamEncoder): ReadableStream<Uint8Array> {
  const text = events.map((e) => out.encode(e)).join('') + out.end();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(text));
      controller.close();
    },
  });
}
