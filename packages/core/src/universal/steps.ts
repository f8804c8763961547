import * as v from 'valibot';
import { ErrorCode, GatewayError, unknownProvider } from '../errors.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { ProviderDefinition } from '../providers/types.ts';
import { utf8 } from '../crypto.ts';

/** Most steps one chain may have. */
export const MAX_STEPS = 10;

const ConfigSchema = v.strictObject({
  requestTimeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3_600_000))),
  maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5))),
  retryDelay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000))),
  backoff: v.optional(v.picklist(['constant', 'linear', 'exponential'])),
});

const StepSchema = v.object({
  provider: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  endpoint: v.pipe(v.string(), v.maxLength(2048)),
  headers: v.optional(v.record(v.string(), v.string())),
  /** The JSON body sent to the provider (Cloudflare's name). */
  query: v.optional(v.unknown()),
  config: v.optional(ConfigSchema),
});

/** One validated step of a fallback chain. */
export interface Step {
  provider: ProviderDefinition;
  /** Upstream path after the provider's base URL, still percent-encoded, without a query. */
  path: string;
  /** `?…` or empty. */
  search: string;
  /** The step's headers as given (cf-aig-* included; the context builder splits them). */
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | undefined;
  /** `config` as the equivalent `cf-aig-*` headers, which win over the step's own headers. */
  config: Record<string, string>;
}

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [universal] ${message}`);

const CONFIG_HEADERS = {
  requestTimeout: 'cf-aig-request-timeout',
  maxAttempts: 'cf-aig-max-attempts',
  retryDelay: 'cf-aig-retry-delay',
  backoff: 'cf-aig-backoff',
} as const;

/**
 * Validates a universal request's body (SPEC §3.2): a JSON array of 1–10 steps
 * `{provider, endpoint, headers?, query?, config?}`. Everything is checked before any step runs,
 * so a bad chain never calls a provider: 400 code 2100 (not JSON), 2105 (shape, config values) or
 * 2008 (unknown provider).
 */
export function parseSteps(body: Uint8Array | undefined, providers: ProviderRegistry): Step[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body ?? new Uint8Array()));
  } catch {
    throw new GatewayError(ErrorCode.invalidJson, 400, '[aigw] [universal] the body is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw invalid('the body must be a JSON array of steps');
  if (parsed.length === 0 || parsed.length > MAX_STEPS) throw invalid(`a chain has 1 to ${MAX_STEPS} steps, got ${parsed.length}`);
  return parsed.map((raw, i) => {
    const result = v.safeParse(StepSchema, raw);
    if (!result.success) throw invalid(`step ${i}: ${v.summarize(result.issues).replaceAll('\n', '; ')}`);
    const step = result.output;
    const provider = providers.get(step.provider);
    if (!provider) throw unknownProvider(step.provider.slice(0, 64));
    const endpoint = step.endpoint.replace(/^\/+/, '');
    const q = endpoint.indexOf('?');
    const config: Record<string, string> = {};
    for (const [name, header] of Object.entries(CONFIG_HEADERS)) {
      const value = step.config?.[name as keyof typeof CONFIG_HEADERS];
      if (value !== undefined) config[header] = String(value);
    }
    return {
      provider,
      path: q === -1 ? endpoint : endpoint.slice(0, q),
      search: q === -1 ? '' : endpoint.slice(q),
      headers: new Headers(step.headers ?? {}),
      body: step.query === undefined ? undefined : utf8(JSON.stringify(step.query)),
      config,
    };
  });
}
