const decoder = new TextDecoder();

/**
 * Keeps references to the first `limit` bytes of a body as it streams (no copy until `text()`),
 * plus, optionally, its last `tailBytes`: a JSON response larger than the limit still has its usage
 * near the end.
 */
export class BodyCapture {
  private readonly head: Uint8Array[] = [];
  private headBytes = 0;
  private tail: Uint8Array[] = [];
  private tailSize = 0;
  /** Bytes seen in total. */
  size = 0;
  truncated = false;

  constructor(
    private readonly limit: number,
    private readonly tailBytes = 0,
  ) {}

  push(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
    if (this.headBytes < this.limit) {
      const take = Math.min(chunk.byteLength, this.limit - this.headBytes);
      this.head.push(take === chunk.byteLength ? chunk : chunk.subarray(0, take));
      this.headBytes += take;
      if (take < chunk.byteLength) this.truncated = true;
    } else {
      this.truncated = true;
    }
    if (this.tailBytes > 0) {
      this.tail.push(chunk);
      this.tailSize += chunk.byteLength;
      while (this.tail.length > 1 && this.tailSize - this.tail[0]!.byteLength >= this.tailBytes) this.tailSize -= this.tail.shift()!.byteLength;
    }
  }

  /** The kept head, decoded as UTF-8. */
  text(): string {
    return decode(this.head, this.headBytes);
  }

  /** The last bytes seen, decoded (may start mid-character). */
  tailText(): string {
    return decode(this.tail, this.tailSize);
  }
}

/** Decodes up to `limit` bytes of `body` (a request body read once by the gateway). */
export function decodeCapped(body: Uint8Array, limit: number): { text: string; truncated: boolean } {
  const truncated = body.byteLength > limit;
  return { text: decoder.decode(truncated ? body.subarray(0, limit) : body), truncated };
}

function decode(chunks: readonly Uint8Array[], total: number): string {
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return decoder.decode(all);
}
