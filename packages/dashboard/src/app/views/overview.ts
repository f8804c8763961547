import { api } from '../api.ts';
import { columns, groupColumns } from '../analytics-series.ts';
import { timeChart } from '../chart.ts';
import { field, h } from '../dom.ts';
import { fmtCompact, fmtCost, fmtInt, fmtMs, fmtPercent } from '../format.ts';
import { go, href } from '../router.ts';
import type { Analytics, Summary } from '../types.ts';
import { gatewayPath, load, type ViewContext } from '../view-context.ts';

const HOUR = 3_600_000;
export const OVERVIEW_RANGES: Record<string, [label: string, ms: number]> = {
  '1h': ['Last hour', HOUR],
  '6h': ['Last 6 hours', 6 * HOUR],
  '24h': ['Last 24 hours', 24 * HOUR],
  '7d': ['Last 7 days', 7 * 24 * HOUR],
  '30d': ['Last 30 days', 30 * 24 * HOUR],
};

/** Overview: totals, charts over time and breakdowns by provider and model for the selected range. */
export function overviewView(ctx: ViewContext): HTMLElement {
  const range = Object.hasOwn(OVERVIEW_RANGES, ctx.query.get('range') ?? '') ? ctx.query.get('range')! : '24h';
  const rangeSelect = h(
    'select',
    {
      name: 'range',
      onchange: () => go(href('/', { gateway: ctx.gateway, range: rangeSelect.value }), true),
    },
    ...Object.entries(OVERVIEW_RANGES).map(([value, [label]]) => h('option', { value, selected: value === range }, label)),
  );
  const body = h('div', { class: 'overview' });
  const refresh = () => {
    const end = Date.now();
    const q = (groupBy?: string) => {
      const p = new URLSearchParams({ start: String(end - OVERVIEW_RANGES[range]![1]), end: String(end) });
      if (groupBy) p.set('group_by', groupBy);
      return api.get<Analytics>(`${gatewayPath(ctx.gateway)}/analytics?${p}`).then((r) => r.result);
    };
    void load(body, Promise.all([q(), q('provider'), q('model')]), ([all, byProvider, byModel]) => render(all, byProvider, byModel));
  };
  refresh();
  return h(
    'section',
    { 'aria-labelledby': 'overview-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'overview-title' }, 'Overview'), field('Time range', rangeSelect), h('button', { type: 'button', onclick: refresh }, 'Refresh')),
    body,
  );
}

function render(all: Analytics, byProvider: Analytics, byModel: Analytics): HTMLElement[] {
  const t = all.totals;
  return [
    h(
      'dl',
      { class: 'stats' },
      stat('requests', 'Requests', fmtInt(t.requests)),
      stat('errors', 'Errors', `${fmtInt(t.errors)} (${fmtPercent(t.error_rate)})`),
      stat('tokens_in', 'Tokens in', fmtCompact(t.tokens_in)),
      stat('tokens_out', 'Tokens out', fmtCompact(t.tokens_out)),
      stat('cost', 'Cost', fmtCost(t.cost)),
      stat('cache_hit_rate', 'Cache hit rate', fmtPercent(t.cache_hit_rate)),
      stat('p50', 'Latency p50', fmtMs(t.latency.p50)),
      stat('p95', 'Latency p95', fmtMs(t.latency.p95)),
      stat('p99', 'Latency p99', fmtMs(t.latency.p99)),
    ),
    t.cost_unknown > 0 ? h('p', { class: 'muted' }, `${fmtInt(t.cost_unknown)} requests have no known price and are not in the cost.`) : null,
    h(
      'div',
      { class: 'charts' },
      timeChart('Requests and errors', columns(all, [['requests', (s) => s.requests, 0], ['errors', (s) => s.errors, 0]]), 'count'),
      timeChart('Tokens', columns(all, [['in', (s) => s.tokens_in, 0], ['out', (s) => s.tokens_out, 0]]), 'count'),
      timeChart('Cost (USD)', columns(all, [['cost', (s) => s.cost, 0]]), 'usd'),
      timeChart('Cache hit rate', columns(all, [['hit rate', (s) => s.cache_hit_rate, null]]), 'ratio'),
      timeChart('Latency', columns(all, [['p50', (s) => s.latency.p50, null], ['p95', (s) => s.latency.p95, null], ['p99', (s) => s.latency.p99, null]]), 'ms'),
      timeChart('Requests by provider', groupColumns(byProvider), 'count'),
      timeChart('Requests by model', groupColumns(byModel), 'count'),
    ),
    breakdown('By provider', 'Provider', byProvider),
    breakdown('By model', 'Model', byModel),
  ].filter((x): x is HTMLElement => x !== null);
}

function stat(key: string, label: string, value: string): HTMLElement {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', { 'data-stat': key }, value));
}

function breakdown(title: string, column: string, a: Analytics): HTMLElement {
  const row = (name: string, s: Summary) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, name),
      h('td', { class: 'num' }, fmtInt(s.requests)),
      h('td', { class: 'num' }, fmtInt(s.errors)),
      h('td', { class: 'num' }, fmtInt(s.tokens_in)),
      h('td', { class: 'num' }, fmtInt(s.tokens_out)),
      h('td', { class: 'num' }, fmtCost(s.cost)),
      h('td', { class: 'num' }, fmtPercent(s.cache_hit_rate)),
      h('td', { class: 'num' }, fmtMs(s.latency.p95)),
    );
  return h(
    'section',
    { class: 'breakdown' },
    h(
      'table',
      {},
      h('caption', {}, title),
      h('thead', {}, h('tr', {}, ...[column, 'Requests', 'Errors', 'Tokens in', 'Tokens out', 'Cost', 'Cache hits', 'p95'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
      h('tbody', {}, ...(a.groups.length ? a.groups.map((g) => row(g.group || '(unknown)', g)) : [h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No requests in this range.'))])),
    ),
  );
}
