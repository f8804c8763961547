import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, normalizeFilter } from './log-filter.ts';

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
