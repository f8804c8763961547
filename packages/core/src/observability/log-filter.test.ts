import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, LOG_SCAN_LIMIT, normalizeFilter, scanLimitFor } from './log-filter.ts';
import type { LogFilter } from './log-store.ts';

describe('normalizeFilter', () => {
  it('coerces values to the field type', () => {
    expect(normalizeFilter({ key: 'success', operator: 'eq', value: ['false'] })).toEqual({ key: 'success', operator: 'eq', value: [false] });
    expect(normalizeFilter({ key: 'cost', operator: 'gt', value: '0.5' })).toEqual({ key: 'cost', operator: 'gt', value: [0.5] });
    expect(normalizeFilter({ key: 'created_at', operator: 'lt', value: ['2025-01-01T00:00:00Z'] }).value).toEqual([Date.UTC(2025, 0, 1)]);
    expect(normalizeFilter({ key: 'metadata.tier', operator: 'eq', value: [3] }).value).toEqual(['3']);
    expect(normalizeFilter({ key: 'metadata.tier', operator: 'gt', value: ['3'] }).value).toEqual([3]);
  });

  it('refuses unknown keys, operators that do not fit, and bad values', () => {
    const bad = [
      { key: 'request_body', operator: 'eq', value: ['x'] },
      { key: 'model', operator: 'like', value: ['x'] },
      { key: 'cost', operator: 'contains', value: ['1'] },
      { key: 'model', operator: 'lt', value: ['x'] },
      { key: 'cost', operator: 'lt', value: [1, 2] },
      { key: 'cost', operator: 'eq', value: ['cheap'] },
      { key: 'success', operator: 'eq', value: ['yes'] },
      { key: 'model', operator: 'eq', value: [] },
      { key: 'model', operator: 'eq', value: [{}] },
      'nope',
    ];
    for (const f of bad) expect(() => normalizeFilter(f), JSON.stringify(f)).toThrow(/\[aigw\] \[logs\]/);
  });

  it('cursors round-trip and reject garbage', () => {
    expect(decodeCursor(encodeCursor(1.5, 'id-1'))).toEqual({ value: 1.5, id: 'id-1' });
    expect(() => decodeCursor('garbage')).toThrow(/invalid cursor/);
  });
});

describe('scanLimitFor', () => {
  const f = (key: string, operator: LogFilter['operator'], ...value: LogFilter['value']): LogFilter => ({ key, operator, value });
  const since = f('created_at', 'gt', 1);

  it('bounds lists whose filters no index answers', () => {
    for (const filters of [[f('provider', 'eq', 'groq')], [f('cached', 'eq', true)], [f('success', 'eq', true)], [f('model', 'neq', 'm')], [f('model', 'contains', 'x')], [since, f('feedback', 'eq', 1)]]) {
      expect(scanLimitFor(filters, 'created_at')).toBe(LOG_SCAN_LIMIT);
      expect(scanLimitFor(filters, 'cost')).toBe(LOG_SCAN_LIMIT);
    }
  });

  it('leaves lists an index answers, and sorts by tokens, unbounded', () => {
    for (const filters of [[], [since], [since, f('created_at', 'lt', 9)], [f('model', 'eq', 'm'), f('provider', 'eq', 'p')], [f('event_id', 'eq', 'e')], [f('id', 'eq', 'i')], [f('metadata.user', 'eq', 'u'), f('cached', 'eq', true)], [f('success', 'eq', false)]]) {
      expect(scanLimitFor(filters, 'created_at')).toBeUndefined();
    }
    expect(scanLimitFor([f('provider', 'eq', 'groq')], 'tokens_in')).toBeUndefined();
    expect(scanLimitFor([f('provider', 'eq', 'groq')], 'tokens_out')).toBeUndefined();
  });
});
