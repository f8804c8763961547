import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';

const withCustom = (entry: object) => ({ env: { AIGW_CONFIG_JSON: JSON.stringify({ customProviders: [entry] }) } });

describe('custom providers are https-only unless allowInsecure', () => {
  it('refuses http:// without allowInsecure, naming the fix', () => {
    expect(() => resolveConfig(withCustom({ slug: 'vllm', baseUrl: 'http://10.0.0.5:8000/v1' }))).toThrow(/must use an https:\/\/ baseUrl.*allowInsecure/);
    expect(() => resolveConfig(withCustom({ slug: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecure: false }))).toThrow(/https/);
  });

  it('accepts https://, and http:// with allowInsecure: true', () => {
    expect(resolveConfig(withCustom({ slug: 'a', baseUrl: 'https://llm.internal/v1' })).customProviders).toEqual([{ slug: 'a', baseUrl: 'https://llm.internal/v1' }]);
    expect(resolveConfig(withCustom({ slug: 'b', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecure: true })).customProviders).toEqual([{ slug: 'b', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecure: true }]);
  });
});
