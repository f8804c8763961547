/**
 * Test-only helpers for issue 8's unit tests: an in-memory gateway with an admin token, a fake
 * clock and a scriptable upstream that records what it was sent. Not exported from the package.
 */
import { createGateway, type Gateway, type GatewayOptions } from '../gateway.ts';
import { createMemoryStorage } from '../storage/memory.ts';
import type { Storage } from '../storage/types.ts';
import { fakeClock, type FakeClock } from '../cache/test-gateway.ts';

export const ADMIN = 'admin-token-security-tests-0123456789';
export const SECRET = 'test-secret-key-0123456789abcdef';

export interface Sent {
  url: string;
  headers: Headers;
  body: string;
}

export type Respond = (req: Request, body: string) => Response | Promise<Response>;

/** An OpenAI-style answer echoing the last message, with usage. */
export const echo: Respond = (_req, body) => {
  let content = '';
  try {
    const parsed = JSON.parse(body) as { messages?: { content?: unknown }[] };
    content = String(parsed.messages?.at(-1)?.content ?? '');
  } catch {
    content = body;
  }
  return Response.json({ choices: [{ index: 0, message: { role: 'assistant', content: `echo: ${content}` } }], usage: { prompt_tokens: 10, completion_tokens: 5 } });
};

export interface SecurityHarness {
  gateway: Gateway;
  storage: Storage;
  clock: FakeClock;
  sent: Sent[];
  errors: unknown[];
  respond: { fn: Respond };
  // Results are loosely typed: the tests check them with expectations.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: { success: boolean; result: any; error?: { code: number; message: string }[] } }>;
  /** POSTs to `/v1/acct/{gateway}/{provider}/chat/completions` and reads the whole answer. */
  chat(gateway: string, body: unknown, headers?: Record<string, string>, provider?: string): Promise<Response>;
  /** Lets background work (log queue, budget counters) run. */
  settle(): Promise<void>;
}

export function securityHarness(options: Partial<GatewayOptions> & { gateways?: Record<string, unknown> } = {}): SecurityHarness {
  const clock = fakeClock(Date.UTC(2025, 5, 10, 12, 0, 0));
  const sent: Sent[] = [];
  const errors: unknown[] = [];
  const respond = { fn: echo };
  const storage = options.storage ?? createMemoryStorage();
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const body = await req.text();
    sent.push({ url: req.url, headers: req.headers, body });
    return respond.fn(req, body);
  }) as typeof globalThis.fetch;
  const { gateways, ...rest } = options;
  const gateway = createGateway({
    logger: { info: () => {}, error: (m, e) => errors.push([m, e]) },
    clock,
    storage,
    ...rest,
    fetch,
    env: {
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_SECRET_KEY: SECRET,
      AIGW_PROVIDER_OPENAI_URL: 'http://upstream.test/v1',
      AIGW_PROVIDER_ANTHROPIC_URL: 'http://upstream.test',
      ...(gateways ? { AIGW_CONFIG_JSON: JSON.stringify({ gateways }) } : {}),
      ...options.env,
    },
  });
  return {
    gateway,
    storage,
    clock,
    sent,
    errors,
    respond,
    async admin(method, path, body) {
      const res = await gateway.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'user-agent': 'harness/1' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as never };
    },
    // Read to the end, as a client would: observers (logs, budgets, the cache) act when the body ends.
    async chat(gw, body, headers = {}, provider = 'openai') {
      const res = await gateway.request(`/v1/acct/${gw}/${provider}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
    },
    settle: async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

export async function envelope(res: Response): Promise<{ code: number; message: string }> {
  const body = (await res.json()) as { success: boolean; error: { code: number; message: string }[] };
  if (body.success !== false) throw new Error(`expected an error envelope, got ${JSON.stringify(body)}`);
  return body.error[0]!;
}

export const chatBody = (content: string, model = 'gpt-4o-mini', extra: object = {}) => ({ model, messages: [{ role: 'user', content }], ...extra });
