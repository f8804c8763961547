import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  it('merges file, inline JSON and env, later sources winning', () => {
    const config = resolveConfig({
      fileText: JSON.stringify({
        providers: { openai: { baseUrl: 'http://file/v1' }, anthropic: { baseUrl: 'http://file-anthropic' } },
        customProviders: [{ slug: 'local-vllm', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecure: true }],
        gateways: { prod: { cache_ttl: 3600, rate_limiting_limit: 100, rate_limiting_interval: 60, rate_limiting_technique: 'sliding', authentication: true } },
      }),
      env: {
        AIGW_CONFIG_JSON: JSON.stringify({ providers: { openai: { baseUrl: 'http://inline/v1' } }, gateways: { extra: {} } }),
        AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: 'http://env-google',
        AIGW_PROVIDER_ANTHROPIC_URL: 'http://env-anthropic',
        AIGW_ACCOUNT_ID: 'acct1',
      },
    });
    expect(config.providerUrls).toEqual({ openai: 'http://inline/v1', anthropic: 'http://env-anthropic', 'google-ai-studio': 'http://env-google' });
    expect(config.customProviders).toEqual([{ slug: 'local-vllm', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecure: true }]);
    expect(Object.keys(config.gateways).sort()).toEqual(['extra', 'prod']);
    expect(config.gateways.prod?.cache_ttl).toBe(3600);
    expect(config.accountId).toBe('acct1');
    expect(config.maxBodyBytes).toBe(25 * 1024 * 1024);
  });

  it('names the source and the field of a bad config', () => {
    expect(() => resolveConfig({ fileText: '{nope' })).toThrow(/\[aigw\] \[config\] config file is not valid JSON/);
    expect(() => resolveConfig({ env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { g: { cache_tll: 5 } } }) } })).toThrow(/cache_tll/);
    expect(() => resolveConfig({ env: { AIGW_MAX_BODY_BYTES: 'lots' } })).toThrow(/AIGW_MAX_BODY_BYTES/);
  });
});
