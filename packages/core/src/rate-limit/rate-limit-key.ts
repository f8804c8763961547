import * as v from 'valibot';
import type { ProxyContext } from '../pipeline/context.ts';

/**
 * What a gateway's rate limit is counted by (`rate_limiting_key`):
 * `gateway` (one shared limit, the default), `ip` (client address), `token` (the
 * `cf-aig-authorization` gateway token), `header:<name>` (a request header) or `metadata:<field>`
 * (a `cf-aig-metadata` field: per-user limits).
 */
export type RateLimitKey = 'gateway' | 'ip' | 'token' | `header:${string}` | `metadata:${string}`;

export const RateLimitKeySchema = v.union([
  v.picklist(['gateway', 'ip', 'token']),
  v.pipe(v.string(), v.regex(/^header:[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, 'expected header:<header name>')),
  v.pipe(v.string(), v.regex(/^metadata:.{1,128}$/, 'expected metadata:<field>')),
]) as v.GenericSchema<RateLimitKey>;

/** Headers a proxy in front of aigw sets to the client address, most specific first. */
const CLIENT_ADDRESS_HEADERS = ['cf-connecting-ip', 'x-real-ip', 'x-forwarded-for'] as const;

/** The client address as reported by the proxy in front of aigw (first hop of x-forwarded-for). */
export function clientAddress(headers: Headers): string | undefined {
  for (const name of CLIENT_ADDRESS_HEADERS) {
    const value = headers.get(name)?.split(',')[0]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The value a request is counted under, for `key`. Requests that lack the value (no such header,
 * no such metadata field) share one bucket, so a missing key never means "unlimited".
 */
export function rateLimitSubject(key: RateLimitKey, ctx: Pick<ProxyContext, 'request' | 'options'>): string {
  if (key === 'gateway') return 'gateway';
  if (key === 'ip') return `ip:${clientAddress(ctx.request.headers) ?? ''}`;
  if (key === 'token') return `token:${ctx.options.gatewayToken ?? ''}`;
  if (key.startsWith('header:')) return `${key}=${ctx.request.headers.get(key.slice(7)) ?? ''}`;
  const value = ctx.options.metadata?.[key.slice(9)];
  return `${key}=${value === undefined ? '' : `${typeof value}:${String(value)}`}`;
}
