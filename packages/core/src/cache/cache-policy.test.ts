import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../config/settings.ts';
import { parseRequestOptions } from '../pipeline/request-options.ts';
import { cachePolicy, MAX_CACHEABLE_BYTES } from './cache-policy.ts';

function policy(settings: Record<string, unknown>, headers: Record<string, string> = {}, method = 'POST', size = 10) {
  return cachePolicy({
    options: parseRequestOptions(new Headers(headers)),
    gateway: { id: 'g', settings: { ...defaultSettings, ...settings } },
    method,
    body: new Uint8Array(size),
  });
}

describe('cachePolicy', () => {
  it('is off by default', () => {
    expect(policy({})).toBeUndefined();
  });

  it('uses the gateway cache_ttl; cf-aig-cache-ttl wins over it', () => {
    expect(policy({ cache_ttl: 120 })).toEqual({ ttlSeconds: 120 });
    expect(policy({ cache_ttl: 120 }, { 'cf-aig-cache-ttl': '600' })).toEqual({ ttlSeconds: 600 });
    expect(policy({}, { 'cf-aig-cache-ttl': '60' })).toEqual({ ttlSeconds: 60 });
  });

  it('a cache key or an enabled semantic cache opt in with 300 s', () => {
    expect(policy({}, { 'cf-aig-cache-key': 'k' })).toEqual({ ttlSeconds: 300 });
    expect(policy({ cache_ttl: 30 }, { 'cf-aig-cache-key': 'k' })).toEqual({ ttlSeconds: 30 });
    const semantic = { enabled: true, threshold: 0.8 };
    expect(policy({ semantic_cache: semantic })).toEqual({ ttlSeconds: 300, semantic });
    expect(policy({ semantic_cache: { enabled: false } })).toBeUndefined();
  });

  it('is off with cf-aig-skip-cache, for other methods, and for bodies over 25 MB', () => {
    expect(policy({ cache_ttl: 60 }, { 'cf-aig-skip-cache': 'true' })).toBeUndefined();
    expect(policy({ cache_ttl: 60 }, { 'cf-aig-skip-cache': 'false' })).toEqual({ ttlSeconds: 60 });
    expect(policy({ cache_ttl: 60 }, {}, 'DELETE')).toBeUndefined();
    expect(policy({ cache_ttl: 60 }, {}, 'GET')).toEqual({ ttlSeconds: 60 });
    expect(policy({ cache_ttl: 60 }, {}, 'POST', MAX_CACHEABLE_BYTES)).toEqual({ ttlSeconds: 60 });
    expect(policy({ cache_ttl: 60 }, {}, 'POST', MAX_CACHEABLE_BYTES + 1)).toBeUndefined();
  });
});
