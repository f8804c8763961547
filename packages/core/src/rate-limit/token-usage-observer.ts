import type { ProxyContext } from '../pipeline/context.ts';
import type { ResponseObserver } from '../pipeline/tap-stream.ts';
import type { Usage } from '../providers/types.ts';
import { mergeUsage } from '../providers/read.ts';
import { SseDataReader } from '../observability/sse.ts';

/** JSON bodies larger than this are not parsed for usage (generation replies are far smaller). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

/**
 * Reports the tokens (input + output) a response used, once its body has ended, to `report`.
 *
 * The hook: when the observability stage has put the usage on the trace (`ctx.trace.usage`, filled
 * in its own `onEnd`), that number is used. Otherwise this observer reads it itself
 * with the provider module (`usageFromJson`, `usageFromEvent`), so token limits work on their own.
 */
export function tokenUsageObserver(ctx: ProxyContext, report: (tokens: number) => void): ResponseObserver {
  const own: Usage = {};
  let sse: SseDataReader | undefined;
  let json: Uint8Array[] | undefined;
  let jsonBytes = 0;
  const markers = ctx.provider.usageMarkers ?? ['usage'];
  return {
    onResponse(response) {
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('text/event-stream') && ctx.provider.usageFromEvent) {
        sse = new SseDataReader((data) => {
          if (!markers.some((m) => data.includes(m))) return;
          try {
            ctx.provider.usageFromEvent?.(JSON.parse(data), own);
          } catch {
            // not JSON: no usage in it
          }
        });
      } else if (type.includes('json') && ctx.provider.usageFromJson) {
        json = [];
      }
    },
    onChunk(chunk) {
      if (sse) sse.push(chunk);
      else if (json) {
        jsonBytes += chunk.byteLength;
        if (jsonBytes > MAX_JSON_BYTES) json = undefined;
        else json.push(chunk);
      }
    },
    onEnd() {
      sse?.end();
      if (json) {
        try {
          const u = ctx.provider.usageFromJson?.(JSON.parse(concatText(json)));
          if (u) mergeUsage(own, u);
        } catch {
          // not JSON: no usage in it
        }
      }
      // After the other observers' onEnd: a logging stage may fill the trace's usage there.
      queueMicrotask(() => {
        const usage = ctx.trace.usage ?? own;
        const tokens = (usage.tokensIn ?? 0) + (usage.tokensOut ?? 0);
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
