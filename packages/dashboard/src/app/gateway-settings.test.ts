import { describe, expect, it } from 'vitest';
import { ALL_SETTINGS, formValue, settingsPatch } from './gateway-settings.ts';

const gateway = { id: 'g', created_at: '', modified_at: '' };

describe('gateway settings form', () => {
  it('turns form text into the PATCH body', () => {
    expect(
      settingsPatch({
        collect_logs: false,
        cache_ttl: '300',
        log_management: '',
        rate_limiting_limit: '10',
        rate_limiting_interval: '60',
        rate_limiting_technique: 'sliding',
        retry_max_attempts: '3',
        retry_delay: '',
        retry_backoff: '',
        request_timeout: '',
      }),
    ).toEqual({
      collect_logs: false,
      cache_ttl: 300,
      log_management: null,
      rate_limiting_limit: 10,
      rate_limiting_interval: 60,
      rate_limiting_technique: 'sliding',
      retry_max_attempts: 3,
      request_timeout: null,
    });
  });

  it('treats an empty cache TTL as 0 (cache off)', () => {
    expect(settingsPatch({ cache_ttl: ' ' })).toEqual({ cache_ttl: 0 });
  });

  it('names the field of a value out of range or not whole', () => {
    expect(() => settingsPatch({ retry_max_attempts: '9' })).toThrow('Attempts: enter a whole number from 1 to 5');
    expect(() => settingsPatch({ cache_ttl: '1.5' })).toThrow('Cache TTL (seconds)');
    expect(() => settingsPatch({ rate_limiting_limit: '-1' })).toThrow('Requests per interval');
  });

  it('shows unset values as empty and collect_logs as on unless it is false', () => {
    const spec = (key: string) => ALL_SETTINGS.find((s) => s.key === key)!;
    expect(formValue(spec('collect_logs'), gateway)).toBe(true);
    expect(formValue(spec('collect_logs'), { ...gateway, collect_logs: false })).toBe(false);
    expect(formValue(spec('rate_limiting_limit'), { ...gateway, rate_limiting_limit: null })).toBe('');
    expect(formValue(spec('cache_ttl'), { ...gateway, cache_ttl: 60 })).toBe('60');
  });
});
