/**
 * Test-only helpers for the cache's unit tests: a gateway in memory with a fake clock and a fake
 * OpenAI-style upstream that counts calls. Not exported from the package.
 */
import type { Clock } from '../clock.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway.ts';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = 1_750_000_000_000): FakeClock {
  let t = start;
  const sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => t,
    // Sleeps end when advance() moves time past them, never by real time.
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { until: t + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
    advance: (ms) => {
      t += ms;
      for (const s of sleepers.filter((x) => x.until <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
    },
  };
}

export interface UpstreamCall {
  url: string;
  headers: Headers;
  body: string;
}

const enc = new TextEncoder();

/** SSE frames of the fake upstream's streamed reply, one chunk per frame. */
export function sseFrames(text: string): string[] {
  return [...text.split(' ').map((w) => `data: ${JSON.stringify({ choices: [{ delta: { content: `${w} ` } }] })}\n\n`), 'data: [DONE]\n\n'];
}

/** The reply text of the fake upstream for a body: echoes the last message's content. */
export function replyFor(body: string): string {
  try {
    const parsed = JSON.parse(body) as { messages?: { content?: unknown }[]; input?: unknown };
    return `reply to ${JSON.stringify(parsed.messages?.at(-1)?.content ?? parsed.input ?? null)}`;
  } catch {
    return 'reply to raw';
  }
}

/**
 * A fake OpenAI-style upstream: JSON replies, SSE when `stream: true`. `x-status` forces a
 * status; `gate` (when set) holds every response until it resolves.
 */
export function fakeUpstream() {
  const calls: UpstreamCall[] = [];
  const state: { gate?: Promise<void>; chunkGate?: () => Promise<void> } = {};
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const body = await req.text();
    calls.push({ url: req.url, headers: req.headers, body });
    await state.gate;
    const status = Number(req.headers.get('x-status') ?? 200);
    if (req.url.endsWith('/embeddings')) {
      const input = (JSON.parse(body) as { input: string }).input;
      const v = [...'abcdefgh'].map((ch) => (input.toLowerCase().split(ch).length - 1) + 0.01);
      return Response.json({ data: [{ embedding: v }] });
    }
    let stream = false;
    try {
      stream = (JSON.parse(body) as { stream?: boolean }).stream === true;
    } catch {
      // raw body
    }
    const text = replyFor(body);
    if (!stream) return Response.json({ reply: text, n: calls.length }, { status, headers: { 'x-upstream': 'yes' } });
    const frames = sseFrames(text);
    let i = 0;
    return new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await state.chunkGate?.();
          const frame = frames[i++];
          if (frame) controller.enqueue(enc.encode(frame));
          else controller.close();
        },
      }),
      { status, headers: { 'content-type': 'text/event-stream' } },
    );
  }) as typeof globalThis.fetch;
  return { fetch, calls, state };
}

export interface TestGateway {
  gateway: Gateway;
  clock: FakeClock;
  upstream: ReturnType<typeof fakeUpstream>;
  errors: unknown[];
  /** POSTs a chat body to `/v1/acct/{gateway}/openai/chat/completions`. */
  chat(body: unknown, headers?: Record<string, string>, gateway?: string): Promise<Response>;
  /** Waits for background writes (the cache stores entries after the response). */
  settle(): Promise<void>;
}

export function testGateway(options: Partial<GatewayOptions> = {}): TestGateway {
  const clock = fakeClock();
  const upstream = fakeUpstream();
  const errors: unknown[] = [];
  const pending = new Set<Promise<unknown>>();
  const gateway = createGateway({
    logger: { info: () => {}, error: (m, e) => errors.push([m, e]) },
    clock,
    waitUntil: (p) => {
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    ...options,
    fetch: upstream.fetch,
    env: { AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1', ...options.env },
  });
  return {
    gateway,
    clock,
    upstream,
    errors,
    chat: (body, headers = {}, gw = 'default') =>
      Promise.resolve(
        gateway.request(`/v1/acct/${gw}/openai/chat/completions`, {
          method: 'POST',
          headers: { authorization: 'Bearer sk-one', 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    // Background work of other stages (log queues) may wait on the fake clock forever: bound the wait.
    settle: async () => {
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 25))]);
    },
  };
}

/** Reads a body chunk by chunk, as text. */
export async function readChunks(res: Response): Promise<string[]> {
  const out: string[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(dec.decode(value));
  }
}
