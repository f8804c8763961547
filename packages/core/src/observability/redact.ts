import type { ProviderDefinition } from '../providers/types.ts';

/** Headers that carry credentials for any provider, the gateway or the admin API. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cf-aig-authorization'];
const SECRET_QUERY = ['key', 'api_key', 'api-key'];
/** Shorter values are not treated as secrets: redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;
export const REDACTED = '[REDACTED]';

/**
 * Every credential value a request carried: the secret headers above, the provider's own credential
 * headers and query parameters (`key`), each also without its `Bearer ` / `Basic ` scheme.
 * Call it with the client's request and with the upstream request as sent (which may hold a stored
 * key the gateway injected).
 */
export function collectSecrets(provider: ProviderDefinition, sources: { headers?: Headers; url?: URL | string; values?: (string | undefined)[] }[]): string[] {
  const { names, params } = placesOf(provider);
  const secrets = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) secrets.add(trimmed);
    const token = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(trimmed)?.[1];
    if (token && token.length >= MIN_SECRET_LENGTH) secrets.add(token);
  };
  for (const { headers, url, values } of sources) {
    // A lookup per credential header name: iterating `Headers` sorts them first, and costs more.
    if (headers) for (const name of names) add(headers.get(name));
    for (const v of values ?? []) add(v);
    // Reading `searchParams` builds it: only when there is a query.
    if (url && (typeof url === 'string' ? url.includes('?') : url.search.length > 1)) {
      const search = typeof url === 'string' ? new URL(url).searchParams : url.searchParams;
      for (const p of params) for (const v of search.getAll(p)) add(v);
    }
  }
  // Longest first, so a bare token never leaves the tail of its `Bearer …` form behind.
  return [...secrets].sort((a, b) => b.length - a.length);
}

const places = new WeakMap<ProviderDefinition, { names: readonly string[]; params: readonly string[] }>();

/** Where a provider's requests may carry credentials (computed once per provider). */
function placesOf(provider: ProviderDefinition) {
  let p = places.get(provider);
  if (!p) {
    p = {
      names: [...new Set([...SECRET_HEADERS, provider.authHeader, ...(provider.credentialHeaders ?? [])])],
      params: [...new Set([...SECRET_QUERY, ...(provider.credentialQuery ?? [])])],
    };
    places.set(provider, p);
  }
  return p;
}

/** `text` with every occurrence of every secret replaced by `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** `redact` for optional strings. */
export const redactMaybe = (text: string | null, secrets: readonly string[]): string | null =>
  text === null || secrets.length === 0 ? text : redact(text, secrets);
