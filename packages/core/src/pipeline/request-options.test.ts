import { describe, expect, it } from 'vitest';
import { parseRequestOptions } from './request-options.ts';
import { GatewayError } from '../errors.ts';

const parse = (headers: Record<string, string>) => parseRequestOptions(new Headers(headers));

describe('parseRequestOptions', () => {
  it('reads every cf-aig-* header', () => {
    expect(
      parse({
        'cf-aig-authorization': 'Bearer tok_1',
        'cf-aig-cache-ttl': '3600',
        'cf-aig-skip-cache': 'true',
        'cf-aig-cache-key': 'k1',
        'cf-aig-collect-log': 'false',
        'cf-aig-collect-log-payload': 'false',
        'cf-aig-metadata': '{"user":"u1","n":3,"vip":true}',
        'cf-aig-custom-cost': '{"per_token_in":0.000001,"per_token_out":0.000002}',
        'cf-aig-request-timeout': '1500',
        'cf-aig-max-attempts': '3',
        'cf-aig-retry-delay': '200',
        'cf-aig-backoff': 'exponential',
        'cf-aig-event-id': 'evt-1',
        'cf-aig-byok-alias': 'team-a',
      }),
    ).toEqual({
      gatewayToken: 'tok_1', cacheTtl: 3600, skipCache: true, cacheKey: 'k1', collectLog: false, collectLogPayload: false,
      metadata: { user: 'u1', n: 3, vip: true }, customCost: { per_token_in: 0.000001, per_token_out: 0.000002 },
      requestTimeout: 1500, maxAttempts: 3, retryDelay: 200, backoff: 'exponential', eventId: 'evt-1', byokAlias: 'team-a',
    });
    expect(parse({})).toEqual({ skipCache: false, collectLogPayload: true });
    expect(parse({ 'cf-aig-custom-cost': '{"total_cost":0.5}' }).customCost).toEqual({ total_cost: 0.5 });
  });

  it.each([
    ['cf-aig-cache-ttl', '59'],
    ['cf-aig-cache-ttl', '2592001'],
    ['cf-aig-cache-ttl', '1.5'],
    ['cf-aig-skip-cache', 'yes'],
    ['cf-aig-metadata', '{"nested":{"a":1}}'],
    ['cf-aig-metadata', '[1,2]'],
    ['cf-aig-metadata', 'not json'],
    ['cf-aig-custom-cost', '{"per_token_in":1}'],
    ['cf-aig-max-attempts', '6'],
    ['cf-aig-retry-delay', '5001'],
    ['cf-aig-backoff', 'random'],
    ['cf-aig-authorization', 'tok'],
    ['cf-aig-byok-alias', 'a b'],
  ])('rejects %s: %s with code 2102 naming the header', (name, value) => {
    let error: unknown;
    try {
      parse({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 2102, status: 400 });
    expect((error as Error).message).toContain(name);
  });

  it('bounds the number of metadata keys', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
    expect(() => parse({ 'cf-aig-metadata': JSON.stringify(many) })).toThrow(/at most 20 keys/);
  });
});
