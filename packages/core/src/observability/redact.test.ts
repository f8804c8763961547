import { describe, expect, it } from 'vitest';
import { anthropic } from '../providers/anthropic.ts';
import { googleAiStudio } from '../providers/google-ai-studio.ts';
import { collectSecrets, redact } from './redact.ts';

describe('secrets', () => {
  it('collects credential headers (with and without their scheme) and key query parameters', () => {
    const headers = new Headers({ authorization: 'Bearer sk-ant-123456789', 'x-api-key': 'xk-abcdefghij', 'cf-aig-authorization': 'Bearer gw-token-0000', accept: 'application/json', 'api-key': 'short' });
    const secrets = collectSecrets(anthropic, [{ headers }, { url: 'http://x/y?key=AIzaSy-query-key&alt=sse' }]);
    expect(new Set(secrets)).toEqual(new Set(['Bearer sk-ant-123456789', 'sk-ant-123456789', 'xk-abcdefghij', 'Bearer gw-token-0000', 'gw-token-0000', 'AIzaSy-query-key']));
    expect(collectSecrets(googleAiStudio, [{ headers: new Headers({ 'x-goog-api-key': 'goog-key-42424242' }) }])).toEqual(['goog-key-42424242']);
  });

  it('replaces every occurrence, longest secret first', () => {
    const secrets = collectSecrets(anthropic, [{ headers: new Headers({ authorization: 'Bearer sk-ant-123456789' }) }]);
    expect(redact('auth: Bearer sk-ant-123456789; raw sk-ant-123456789!', secrets)).toBe('auth: [REDACTED]; raw [REDACTED]!');
    expect(redact('nothing here', secrets)).toBe('nothing here');
  });
});
