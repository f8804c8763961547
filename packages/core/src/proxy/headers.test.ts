import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.ts';

describe('upstreamRequestHeaders', () => {
  it('drops hop-by-hop, host, cf-aig-* and connection-named headers, keeps the rest', () => {
    const out = upstreamRequestHeaders(
      new Headers({
        host: 'gw.local', connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked', 'content-length': '10', 'cf-aig-cache-ttl': '60', 'CF-AIG-Authorization': 'Bearer t',
        authorization: 'Bearer sk-1', 'content-type': 'application/json', 'x-custom': 'yes', 'anthropic-version': '2023-06-01',
      }),
    );
    expect([...out.keys()].sort()).toEqual(['anthropic-version', 'authorization', 'content-type', 'x-custom']);
    expect(out.get('authorization')).toBe('Bearer sk-1');
  });
});

describe('clientResponseHeaders', () => {
  it('drops content-encoding and the encoded length, keeps multiple set-cookie values', () => {
    const upstream = new Headers({ 'content-encoding': 'gzip', 'content-length': '99', 'content-type': 'text/event-stream', 'x-request-id': 'r1' });
    upstream.append('set-cookie', 'a=1');
    upstream.append('set-cookie', 'b=2');
    const out = clientResponseHeaders(upstream);
    expect(out.has('content-encoding')).toBe(false);
    expect(out.has('content-length')).toBe(false);
    expect(out.get('x-request-id')).toBe('r1');
    expect(out.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('keeps content-length of an unencoded body', () => {
    expect(clientResponseHeaders(new Headers({ 'content-length': '12' })).get('content-length')).toBe('12');
  });
});
