import { sha256Hex } from '../crypto.ts';
import type { ProxyContext } from '../pipeline/context.ts';

/** What a circuit breaker watches: one provider, reached at one origin, with one credential. */
export interface CooldownTarget {
  /** Hash of provider, origin and credential: the credential itself is never stored. */
  key: string;
  provider: string;
  /** The upstream origin, e.g. `https://api.openai.com` or a custom base URL's. */
  target: string;
}

/**
 * The target of the call `ctx` is about to make, with the credential as the provider module says
 * clients send it (headers, or query parameters such as google's `key`).
 */
export async function cooldownTarget(ctx: Pick<ProxyContext, 'provider' | 'url' | 'headers'>): Promise<CooldownTarget> {
  const { provider, url } = ctx;
  const credentials = (provider.credentialHeaders ?? [provider.authHeader]).map((h) => ctx.headers.get(h) ?? '');
  for (const q of provider.credentialQuery ?? []) credentials.push(url.searchParams.get(q) ?? '');
  const key = (await sha256Hex(`${provider.id}\n${url.origin}\n${credentials.join('\n')}`)).slice(0, 32);
  return { key, provider: provider.id, target: url.origin };
}
