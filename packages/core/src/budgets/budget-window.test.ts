import { describe, expect, it } from 'vitest';
import { budgetWindow, toUnits, toUsd } from './budget-window.ts';

describe('budgetWindow', () => {
  const at = Date.UTC(2025, 5, 11, 15, 30); // a Wednesday

  it('fixed hour, day and N seconds align to the epoch in UTC', () => {
    expect(budgetWindow('p', { window: 'hour' }, at)).toMatchObject({ start: Date.UTC(2025, 5, 11, 15), expiresAt: Date.UTC(2025, 5, 11, 16) });
    expect(budgetWindow('p', { window: 'day' }, at)).toMatchObject({ start: Date.UTC(2025, 5, 11), expiresAt: Date.UTC(2025, 5, 12) });
    expect(budgetWindow('p', { window: 600 }, at)).toMatchObject({ start: Date.UTC(2025, 5, 11, 15, 30), windowMs: 600_000 });
  });

  it('fixed weeks start on Monday 00:00 UTC', () => {
    const w = budgetWindow('p', { window: 'week' }, at);
    expect(new Date(w.start).toISOString()).toBe('2025-06-09T00:00:00.000Z');
    expect(new Date(w.expiresAt).toISOString()).toBe('2025-06-16T00:00:00.000Z');
  });

  it('fixed months are calendar months', () => {
    const w = budgetWindow('p', { window: 'month' }, Date.UTC(2024, 1, 20));
    expect(new Date(w.start).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(w.windowMs).toBe(29 * 86_400_000);
    expect(budgetWindow('p', { window: 'month' }, Date.UTC(2024, 2, 1)).key).not.toBe(w.key);
  });

  it('sliding windows weigh the previous window by its overlap', () => {
    const w = budgetWindow('p', { window: 'hour', technique: 'sliding' }, Date.UTC(2025, 5, 11, 15, 45));
    expect(w.previous?.weight).toBeCloseTo(0.25);
    expect(w.previous?.key).not.toBe(w.key);
  });

  it('counts whole nano-dollars', () => {
    expect(toUnits(0.0000015)).toBe(1500);
    expect(toUsd(toUnits(0.1) + toUnits(0.2))).toBe(0.3);
  });
});
