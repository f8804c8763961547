import { describe, expect, it } from 'vitest';
import { DETECTORS, customPattern, wordList, type DetectorId } from './detectors.ts';
import { creditCardValid, ibanValid, luhnValid } from './validators.ts';

const found = (id: DetectorId, text: string) => DETECTORS[id]().find(text).map((s) => text.slice(s.start, s.end));

describe('built-in detectors', () => {
  it('email', () => {
    expect(found('email', 'write to john.doe+x@mail.example.co.uk, or jane@ex-ample.com.')).toEqual(['john.doe+x@mail.example.co.uk', 'jane@ex-ample.com']);
    expect(found('email', 'not an address: a@b, @handle, foo@bar.c1')).toEqual([]);
  });

  it('phone: international and national formats, not dates, ids or amounts', () => {
    expect(found('phone', 'call +1 415 555 0100 or (415) 555-0100 or +44 20 7946 0958 or 415.555.0100')).toEqual([
      '+1 415 555 0100',
      '(415) 555-0100',
      '+44 20 7946 0958',
      '415.555.0100',
    ]);
    expect(found('phone', 'on 2024-01-15 order 12345678901 cost 1,234.56 at 10.0.0.1 v1.2.3')).toEqual([]);
  });

  it('credit cards need a valid Luhn checksum', () => {
    expect(found('credit_card', 'card 4111 1111 1111 1111, 5500-0000-0000-0004 and 4111111111111112')).toEqual(['4111 1111 1111 1111', '5500-0000-0000-0004']);
    expect(luhnValid('79927398713')).toBe(true);
    expect(creditCardValid('4111-1111 1111-1111')).toBe(false);
  });

  it('IBAN with the mod-97 check, grouped or not, trailing words dropped', () => {
    expect(found('iban', 'pay DE89 3704 0044 0532 0130 00 now, or GB82WEST12345698765432 OK')).toEqual(['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432']);
    expect(found('iban', 'DE89 3704 0044 0532 0130 01')).toEqual([]);
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
  });

  it('US SSN', () => {
    expect(found('us_ssn', 'ssn 123-45-6789 and 123 45 6789; not 000-12-3456, 666-12-3456, 123-45-67890')).toEqual(['123-45-6789', '123 45 6789']);
  });

  it('IPv4 and IPv6 addresses', () => {
    expect(found('ip_address', 'hosts 192.168.1.20, 10.0.0.1. and 2001:db8::8a2e:370:7334 and ::1; not 999.1.1.1, 10:30:00 or std::vector')).toEqual([
      '192.168.1.20',
      '10.0.0.1',
      '2001:db8::8a2e:370:7334',
      '::1',
    ]);
  });

  it('provider-style API keys and aigw tokens', () => {
    const keys = ['sk-proj-abcdefghijklmnopqrstuvwx', 'sk-ant-api03-abcdefghijklmnopqrstu', 'AKIAIOSFODNN7EXAMPLE', 'ghp_' + 'a'.repeat(36), 'aigw_gt_' + 'b'.repeat(43)];
    expect(found('api_key', `keys: ${keys.join(' ; ')} and sk-short`)).toEqual(keys);
  });

  it('JWTs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(found('jwt', `token=${jwt}; eyJnotajwt`)).toEqual([jwt]);
  });
});

describe('custom matchers', () => {
  it('a custom pattern honours its flags', () => {
    const m = customPattern('employee_id', 'EMP-\\d{5}', 'i', 64);
    expect(m.find('ids emp-12345 and EMP-99999').length).toBe(2);
    expect(m.label).toBe('EMPLOYEE_ID');
  });

  it('word lists match whole words and phrases in any case', () => {
    const m = wordList(['project x', 'secret', 'naïve']);
    const text = 'The SECRET of Project X is secretive, NAÏVE.';
    expect(m.find(text).map((s) => text.slice(s.start, s.end))).toEqual(['SECRET', 'Project X', 'NAÏVE']);
  });
});
