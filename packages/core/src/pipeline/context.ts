import type { GatewayError } from '../errors.ts';
import type { ResolvedGateway } from '../gateway-resolver.ts';
import type { ProviderDefinition } from '../providers/types.ts';
import type { RequestOptions } from './request-options.ts';
import type { ChunkFilter, ResponseObserver } from './tap-stream.ts';
import type { Usage } from '../providers/types.ts';
import type { GatewayTokenRecord } from '../auth/token-store.ts';
import type { GuardrailTrace } from '../guardrails/findings.ts';

/** What happened to a request, filled in by the stages it passes; the log entry is built from it. */
export interface RequestTrace {
  /** Set by the cache stage on a hit. */
  cached?: 'exact' | 'semantic';
  /** Fallback step that answered (0-based), when a chain ran. */
  step?: number;
  /** Upstream attempts made (0 for a cache hit or a request refused before dispatch). */
  attempts: number;
  /** Milliseconds from arrival to the upstream's response headers. */
  ttfbMs?: number;
  /** The gateway error the request ended with, if any. */
  error?: GatewayError;
  /** Tokens the response reported; set by the observability stage when the body ends, before other observers' `onEnd`. */
  usage?: Usage;
  /** Cost in USD (null: unknown); set with `usage`. */
  cost?: number | null;
  /**
   * Set by the unified API (`/compat/…`): the model string the client asked for, e.g.
   * `anthropic/claude-sonnet-4-5`. The served model is `ctx.model()`, the provider `ctx.provider.id`.
   */
  requestedModel?: string;
  /** Set by the unified API: which of its endpoints the client called. */
  compat?: 'chat' | 'messages' | 'embeddings';
  /** Set by the auth stage: the gateway token that authorized the request (never its hash). */
  gatewayToken?: Omit<GatewayTokenRecord, 'token_hash'>;
  /** Set when a stored provider key was injected: which one (never the key). */
  providerKey?: { id: string; alias: string };
  /** Guardrail / DLP findings, request and response side (see `guardrails/findings.ts`). */
  guardrails?: GuardrailTrace;
}

/**
 * One proxied request as it moves through the pipeline. Stages may rewrite the upstream call
 * (`url`, `headers`, `body`, `provider`) before dispatch and add `responseHeaders`.
 */
export interface ProxyContext {
  readonly request: Request;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** `performance.now()` at arrival, for durations. */
  readonly startedAt: number;
  /** Clock time at arrival (ms since epoch), for timestamps, windows and TTLs. */
  readonly receivedAt: number;
  readonly account: string;
  readonly gateway: ResolvedGateway;
  readonly options: RequestOptions;
  provider: ProviderDefinition;
  url: URL;
  method: string;
  headers: Headers;
  /** Read once so retries and fallbacks can replay it. */
  body: Uint8Array<ArrayBuffer> | undefined;
  /** Milliseconds spent waiting on the provider; excluded from `aigw-overhead-ms`. */
  upstreamWaitMs: number;
  /** Added to the client response. */
  responseHeaders: Headers;
  trace: RequestTrace;
  /** Watch the response that leaves the gateway (body chunks, end); one stream wrapper serves all. */
  observers: ResponseObserver[];
  /**
   * Applied to the response body after the observers, so they change only what this client
   * receives (e.g. removing a usage event the gateway asked for on its own); observers and the
   * cache still see the provider's body.
   */
  clientFilters?: Array<(response: Response) => ChunkFilter | undefined>;
  /** The body parsed as JSON, once, on first use; undefined when absent or not JSON. */
  json(): unknown;
  /** The model the request asks for, as the provider module reads it. */
  model(): string | undefined;
}

/** A step of the pipeline: may answer itself, or call `next` and inspect or wrap what it returns. */
export type Stage = (ctx: ProxyContext, next: () => Promise<Response>) => Promise<Response>;

/** The innermost step: calls the provider. */
export type Dispatch = (ctx: ProxyContext) => Promise<Response>;

/** Runs `stages` in order around `dispatch`. */
export function compose(stages: readonly Stage[], dispatch: Dispatch): (ctx: ProxyContext) => Promise<Response> {
  return (ctx) => {
    const run = (i: number): Promise<Response> => {
      const stage = stages[i];
      return stage ? stage(ctx, () => run(i + 1)) : dispatch(ctx);
    };
    return run(0);
  };
}

const decoder = new TextDecoder();

/** Creates the lazily parsed `json()` / `model()` accessors of a context. */
export function lazyRequestReaders(ctx: Pick<ProxyContext, 'body' | 'provider' | 'url'>): Pick<ProxyContext, 'json' | 'model'> {
  let parsed: { value: unknown } | undefined;
  const json = () => {
    if (!parsed) {
      let value: unknown;
      try {
        value = ctx.body ? JSON.parse(decoder.decode(ctx.body)) : undefined;
      } catch {
        value = undefined;
      }
      parsed = { value };
    }
    return parsed.value;
  };
  return { json, model: () => ctx.provider.model?.({ path: ctx.url.pathname, body: json() }) };
}
