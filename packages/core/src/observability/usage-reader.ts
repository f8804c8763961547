import type { ProviderDefinition, Usage } from '../providers/types.ts';
import { SseDataReader } from './sse.ts';

const encoder = new TextEncoder();

const hasCounts = (u: Usage) => u.tokensIn !== undefined || u.tokensOut !== undefined || u.cachedTokensIn !== undefined;

/**
 * Reads usage from an SSE stream as it passes. Only events whose data contains one of the
 * provider's usage markers are kept, and of those only the first and the last are parsed, once the
 * stream has ended: providers report usage cumulatively (Google, Anthropic's `message_delta`) or
 * once (OpenAI), and Anthropic puts the input count in the first (`message_start`). So a stream
 * costs one string scan per chunk and at most two `JSON.parse` calls.
 */
export class StreamUsageReader {
  private first: string | undefined;
  private last: string | undefined;
  private readonly reader: SseDataReader;

  constructor(private readonly provider: ProviderDefinition) {
    const markers = provider.usageMarkers ?? ['usage'];
    this.reader = new SseDataReader(
      (data) => {
        if (!markers.some((m) => data.includes(m))) return;
        if (this.first === undefined) this.first = data;
        else this.last = data;
      },
      markers.map((m) => encoder.encode(m)),
    );
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /** Ends the stream and returns the usage it reported, if any. */
  end(): Usage | undefined {
    this.reader.end();
    const fold = this.provider.usageFromEvent;
    if (!fold) return undefined;
    const usage: Usage = {};
    for (const data of [this.first, this.last]) {
      if (data === undefined) continue;
      try {
        fold(JSON.parse(data), usage);
      } catch {
        // not JSON: an event that merely mentions usage
      }
    }
    return hasCounts(usage) ? usage : undefined;
  }
}

/**
 * Usage from a JSON response body. When only the first part of a large body was kept, the usage
 * object is looked for in its tail (OpenAI, Anthropic, Google and Bedrock put it last).
 */
export function usageFromBody(provider: ProviderDefinition, body: { text: string; truncated: boolean; tail: () => string }): Usage | undefined {
  const read = provider.usageFromJson;
  if (!read) return undefined;
  let usage: Usage | undefined;
  if (!body.truncated) {
    try {
      usage = read(JSON.parse(body.text));
    } catch {
      return undefined;
    }
  } else {
    usage = usageFromTail(read, body.tail());
  }
  return usage && hasCounts(usage) ? usage : undefined;
}

/** Finds the last `"usage…": {…}` object in `text` and reads it as a one-field body. */
function usageFromTail(read: NonNullable<ProviderDefinition['usageFromJson']>, text: string): Usage | undefined {
  const pattern = /"(usage\w*)"\s*:\s*\{/g;
  let match: RegExpExecArray | null;
  let lastMatch: RegExpExecArray | undefined;
  while ((match = pattern.exec(text))) lastMatch = match;
  if (!lastMatch?.[1]) return undefined;
  const start = lastMatch.index + lastMatch[0].length - 1;
  const end = objectEnd(text, start);
  if (end === -1) return undefined;
  try {
    return read({ [lastMatch[1]]: JSON.parse(text.slice(start, end)) });
  } catch {
    return undefined;
  }
}

/** Index just past the JSON object starting at `start` (a `{`), or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
  }
  return -1;
}
