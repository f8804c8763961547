import type { ProxyContext } from '../pipeline/context.ts';
import type { ResponseObserver } from '../pipeline/tap-stream.ts';
import type { StreamUsageCounter, Usage } from '../providers/types.ts';
import { StreamUsageReader } from '../observability/usage-reader.ts';

/** JSON bodies larger than this are not parsed for usage (generation replies are far smaller). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

/**
 * Reports the tokens (input + output) a response used, once its body has ended, to `report`.
 *
 * The hook: when the observability stage has put the usage on the trace (`ctx.trace.usage`, filled
 * in its own `onEnd`), that number is used. Otherwise this observer reads it itself with the
 * provider module (`usageFromJson`, SSE `usageFromEvent`, `binaryStreamUsage`), so token limits
 * work with logging off.
 */
export function tokenUsageObserver(ctx: ProxyContext, report: (tokens: number) => void): ResponseObserver {
  let own: Usage | undefined;
  let stream: StreamUsageCounter | undefined;
  let json: Uint8Array[] | undefined;
  let jsonBytes = 0;
  return {
    onResponse(response) {
      const type = (response.headers.get('content-type') ?? '').toLowerCase();
      const binary = ctx.provider.binaryStreamUsage;
      if (type.includes('text/event-stream') && ctx.provider.usageFromEvent) stream = new StreamUsageReader(ctx.provider);
      else if (binary && type.includes(binary.contentType)) stream = binary.create();
      else if (type.includes('json') && ctx.provider.usageFromJson) json = [];
    },
    onChunk(chunk) {
      if (stream) stream.push(chunk);
      else if (json) {
        jsonBytes += chunk.byteLength;
        if (jsonBytes > MAX_JSON_BYTES) json = undefined;
        else json.push(chunk);
      }
    },
    onEnd() {
      own = stream?.end();
      if (json) {
        try {
          own = ctx.provider.usageFromJson?.(JSON.parse(concatText(json)));
        } catch {
          // not JSON: no usage in it
        }
      }
      // After the other observers' onEnd: a logging stage may fill the trace's usage there.
      queueMicrotask(() => {
        const usage = ctx.trace.usage ?? own;
        const tokens = (usage?.tokensIn ?? 0) + (usage?.tokensOut ?? 0);
        if (tokens > 0) report(tokens);
      });
    },
  };
}

function concatText(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder();
  let text = '';
  for (const c of chunks) text += decoder.decode(c, { stream: true });
  return text + decoder.decode();
}
