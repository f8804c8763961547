import type { ProviderDefinition, ProviderCompat } from '../providers/types.ts';
import { invalidCompatRequest } from './request-helpers.ts';

/** `{rest, search}` of an upstream path template (`v1beta/models/{model}:generateContent?alt=sse`). */
export function upstreamPath(template: string, model: string): { rest: string; search: string } {
  if (template.includes('{model}') && (model.includes('/') || model === '.' || model === '..')) {
    throw invalidCompatRequest(`model '${model.slice(0, 128)}' cannot be placed in this provider's URL`);
  }
  const filled = template.replaceAll('{model}', encodeURIComponent(model));
  const q = filled.indexOf('?');
  return q === -1 ? { rest: filled, search: '' } : { rest: filled.slice(0, q), search: filled.slice(q) };
}

/** Everywhere a client may put a provider key, whatever front end it speaks. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

/** Headers that only mean something to one native API. */
const FORMAT_HEADERS: Readonly<Record<string, readonly string[]>> = {
  anthropic: ['anthropic-version', 'anthropic-beta'],
  openai: ['openai-organization', 'openai-project', 'openai-beta'],
};

/** The key the client sent: `Authorization: Bearer K` or `x-api-key: K` (the Anthropic SDK's older form). */
export function clientKey(headers: Headers): string | undefined {
  const auth = headers.get('authorization');
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  return bearer ?? headers.get('x-api-key') ?? undefined;
}

/**
 * Rewrites the forwarded headers for the target provider: the client's key moves to the
 * provider's own auth header (`Bearer` for `authorization`, the bare key otherwise), headers of
 * another API (the front end's) are dropped, and headers the native API requires are added.
 */
export function targetHeaders(headers: Headers, provider: ProviderDefinition, compat: ProviderCompat, frontFormat: string): void {
  const key = clientKey(headers);
  for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  if (key !== undefined) headers.set(provider.authHeader, provider.authHeader === 'authorization' ? `Bearer ${key}` : key);
  if (frontFormat !== compat.format) for (const name of FORMAT_HEADERS[frontFormat] ?? []) headers.delete(name);
  for (const [name, value] of Object.entries(compat.headers ?? {})) if (!headers.has(name)) headers.set(name, value);
  headers.set('content-type', 'application/json');
}
