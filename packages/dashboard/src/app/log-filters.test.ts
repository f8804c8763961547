import { describe, expect, it } from 'vitest';
import { apiQuery, emptyFilters, filtersFromQuery, parseMetadata, queryFromFilters } from './log-filters.ts';

const NOW = Date.parse('2026-01-02T00:00:00Z');

describe('log filters', () => {
  it('round-trip through the page URL', () => {
    const state = emptyFilters();
    state.model = 'gpt-4o';
    state.success = 'false';
    state.ranges.cost_gt = '0.5';
    state.metadata = 'user=alice';
    state.range = '24h';
    state.sort = 'slowest';
    const q = queryFromFilters(state);
    expect(q.toString()).toBe('model=gpt-4o&success=false&cost_gt=0.5&metadata=user%3Dalice&range=24h&sort=slowest');
    expect(filtersFromQuery(q)).toEqual(state);
  });

  it('ignore unknown values in the URL', () => {
    const state = filtersFromQuery(new URLSearchParams('success=maybe&range=2y&sort=random'));
    expect(state).toEqual(emptyFilters());
  });

  it('become the API query: eq shorthands, gt/lt filters, start_date, order and page', () => {
    const state = emptyFilters();
    state.provider = ' openai ';
    state.status_code = '429';
    state.cached = 'true';
    state.event_id = 'ev-1';
    state.ranges.tokens_gt = '10';
    state.ranges.duration_lt = '2000';
    state.metadata = 'user=alice, note=a,b, team=x';
    state.range = '1h';
    state.sort = 'costliest';
    const q = apiQuery(state, { perPage: 25, cursor: 'abc' }, NOW);
    expect(q.get('provider')).toBe('openai');
    expect(q.get('status_code')).toBe('429');
    expect(q.get('cached')).toBe('true');
    expect(q.get('event_id')).toBe('ev-1');
    expect(q.getAll('metadata.user')).toEqual(['alice']);
    expect(q.getAll('metadata.note')).toEqual(['a,b']);
    expect(q.getAll('metadata.team')).toEqual(['x']);
    expect(JSON.parse(q.get('filters')!)).toEqual([
      { key: 'tokens', operator: 'gt', value: 10 },
      { key: 'duration', operator: 'lt', value: 2000 },
    ]);
    expect(q.get('start_date')).toBe('2026-01-01T23:00:00.000Z');
    expect([q.get('order_by'), q.get('order_by_direction'), q.get('per_page'), q.get('cursor')]).toEqual(['cost', 'desc', '25', 'abc']);
  });

  it('leave empty fields out and sort newest first by default', () => {
    const q = apiQuery(emptyFilters(), { perPage: 10 }, NOW);
    expect(q.toString()).toBe('order_by=created_at&order_by_direction=desc&per_page=10');
  });

  it('refuse a range that is not a number and metadata without =', () => {
    const state = emptyFilters();
    state.ranges.cost_lt = 'cheap';
    expect(() => apiQuery(state, { perPage: 10 }, NOW)).toThrow('cost must be a number');
    expect(() => parseMetadata('user')).toThrow('key=value');
  });
});
