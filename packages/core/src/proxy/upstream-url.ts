import type { ProviderDefinition } from '../providers/types.ts';
import { invalidPath } from '../errors.ts';

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Builds the upstream URL for `rawRest` (the request path after `/{provider}/`, still
 * percent-encoded) and `search` (`?…` or empty). The path is forwarded as sent, but no segment may
 * climb (`..`, `%2e%2e`) or smuggle a separator (`%2f`, `%5c`), and the result must keep the
 * provider's origin: a request path can never choose the host.
 */
export function buildUpstreamUrl(provider: ProviderDefinition, rawRest: string, search: string, account: string): URL {
  const segments = rawRest === '' ? [] : rawRest.split('/');
  for (const segment of segments) checkSegment(segment);

  const { params, path } = provider.route ? provider.route(segments, { account }) : { params: {}, path: segments };
  let base = provider.baseUrl;
  for (const [name, value] of Object.entries(params)) {
    if (!HOST_LABEL.test(value)) throw invalidPath(`'${value}' is not a valid ${name}`);
    base = base.replaceAll(`{${name}}`, value);
  }
  const expected = new URL(base);
  const url = new URL(`${base}${path.length ? '/' : ''}${path.join('/')}${search}`);
  if (url.origin !== expected.origin) throw invalidPath('the path would change the upstream host');
  return url;
}

function checkSegment(segment: string): void {
  if (/[\\]|%2f|%5c/i.test(segment)) throw invalidPath('encoded separators are not allowed');
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw invalidPath('malformed percent-encoding');
  }
  if (decoded === '.' || decoded === '..') throw invalidPath('dot segments are not allowed');
}
