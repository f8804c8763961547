/**
 * Incremental reading of the AWS event-stream binary framing (`application/vnd.amazon.eventstream`),
 * which Bedrock uses for ConverseStream and InvokeModelWithResponseStream. Each message is:
 *
 *   total length (u32 BE) | headers length (u32 BE) | prelude CRC (u32) | headers | payload | message CRC (u32)
 *
 * and each header is: name length (u8) | name | value type (u8) | value. The gateway only watches
 * the stream go by (the client's SDK checks the CRCs), so CRCs are skipped, not verified.
 */

/** One decoded message: its string-valued headers (`:event-type`, `:message-type`, …) and raw payload. */
export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array;
}

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
/** Bedrock's messages are small; a length beyond this means the bytes are not an event stream. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Byte sizes of the fixed-size header value types (0 and 1 are booleans with no value bytes). */
const FIXED_SIZES: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };
const textDecoder = new TextDecoder();

/**
 * Feeds body chunks in, calls `onMessage` for each complete message. Keeps at most one unfinished
 * message buffered. Stops (quietly) on bytes that are not an event stream.
 *
 * @example
 * const reader = new EventStreamReader((m) => m.headers[':event-type'] === 'metadata' && handle(m.payload));
 * reader.push(chunk);
 */
export class EventStreamReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private broken = false;

  constructor(private readonly onMessage: (message: EventStreamMessage) => void) {}

  push(chunk: Uint8Array): void {
    if (this.broken || chunk.byteLength === 0) return;
    this.buffer = this.buffer.byteLength === 0 ? chunk : concat(this.buffer, chunk);
    let offset = 0;
    while (this.buffer.byteLength - offset >= PRELUDE_BYTES) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + offset);
      const total = view.getUint32(0);
      const headersLength = view.getUint32(4);
      if (total < PRELUDE_BYTES + CRC_BYTES + headersLength || total > MAX_MESSAGE_BYTES) {
        this.broken = true;
        this.buffer = new Uint8Array(0);
        return;
      }
      if (this.buffer.byteLength - offset < total) break;
      const message = this.buffer.subarray(offset, offset + total);
      const headers = decodeHeaders(message.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headersLength));
      if (!headers) {
        this.broken = true;
        this.buffer = new Uint8Array(0);
        return;
      }
      this.onMessage({ headers, payload: message.subarray(PRELUDE_BYTES + headersLength, total - CRC_BYTES) });
      offset += total;
    }
    // Copy the unfinished tail so the caller's chunk is not retained whole.
    this.buffer = offset === 0 ? this.buffer : this.buffer.slice(offset);
  }
}

/** String-valued headers of one message (others are skipped), or undefined when malformed. */
function decodeHeaders(bytes: Uint8Array): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i < bytes.byteLength) {
    const nameLength = bytes[i]!;
    const name = textDecoder.decode(bytes.subarray(i + 1, i + 1 + nameLength));
    i += 1 + nameLength;
    if (i >= bytes.byteLength) return undefined;
    const type = bytes[i]!;
    i += 1;
    if (type === 6 || type === 7) {
      if (i + 2 > bytes.byteLength) return undefined;
      const length = view.getUint16(i);
      i += 2;
      if (i + length > bytes.byteLength) return undefined;
      if (type === 7) headers[name] = textDecoder.decode(bytes.subarray(i, i + length));
      i += length;
    } else {
      const size = FIXED_SIZES[type];
      if (size === undefined) return undefined;
      i += size;
    }
  }
  return i === bytes.byteLength ? headers : undefined;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/**
 * Encodes one message with string headers (CRCs left zero): for tests and mock servers that need a
 * Bedrock-shaped stream.
 *
 * @example
 * encodeEventStreamMessage({ ':event-type': 'metadata' }, JSON.stringify({ usage: { inputTokens: 3 } }))
 */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: string | Uint8Array): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = encoder.encode(name);
    const v = encoder.encode(value);
    const h = new Uint8Array(1 + n.byteLength + 1 + 2 + v.byteLength);
    h[0] = n.byteLength;
    h.set(n, 1);
    h[1 + n.byteLength] = 7;
    new DataView(h.buffer).setUint16(2 + n.byteLength, v.byteLength);
    h.set(v, 4 + n.byteLength);
    parts.push(h);
  }
  const headerBytes = parts.reduce((a, b) => concat(a, b), new Uint8Array(0));
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const total = PRELUDE_BYTES + headerBytes.byteLength + body.byteLength + CRC_BYTES;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.byteLength);
  out.set(headerBytes, PRELUDE_BYTES);
  out.set(body, PRELUDE_BYTES + headerBytes.byteLength);
  return out;
}
