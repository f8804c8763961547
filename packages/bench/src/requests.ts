/** The requests the bench sends: an OpenAI chat completion, as JSON or as SSE. */

export type Kind = 'json' | 'sse';

/** One place to send requests to: a base URL plus the path of the OpenAI chat endpoint behind it. */
export interface Target {
  name: string;
  origin: string;
  path: string;
  headers?: Record<string, string>;
}

export const BENCH_ACCOUNT = 'bench';
export const DEFAULT_GATEWAY = 'default';

export const directTarget = (mockUrl: string): Target => ({ name: 'direct', origin: mockUrl, path: '/v1/chat/completions' });
export const rawProxyTarget = (rawUrl: string): Target => ({ name: 'raw-proxy', origin: rawUrl, path: '/v1/chat/completions' });
export const gatewayTarget = (gatewayUrl: string, gateway = DEFAULT_GATEWAY, headers?: Record<string, string>): Target => ({
  name: gateway === DEFAULT_GATEWAY ? 'gateway' : `gateway:${gateway}`,
  origin: gatewayUrl,
  path: `/v1/${BENCH_ACCOUNT}/${gateway}/openai/chat/completions`,
  ...(headers ? { headers } : {}),
});

export function requestBody(kind: Kind): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
    ...(kind === 'sse' ? { stream: true } : {}),
  });
}

export const BASE_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench-not-a-real-key',
};

/** Mock headers for the drip test: exactly `chunks` SSE chunks, `delayMs` apart. */
export const dripHeaders = (chunks: number, delayMs: number): Record<string, string> => ({
  'x-mock-chunks': String(chunks),
  'x-mock-chunk-delay-ms': String(delayMs),
});
