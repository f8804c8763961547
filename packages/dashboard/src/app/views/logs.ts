import { api } from '../api.ts';
import { h } from '../dom.ts';
import { fmtCost, fmtInt, fmtMs, fmtTime } from '../format.ts';
import { apiQuery, filtersFromQuery, queryFromFilters } from '../log-filters.ts';
import { go, href } from '../router.ts';
import type { LogListInfo, LogRecord } from '../types.ts';
import { gatewayPath, load, type ViewContext } from '../view-context.ts';
import { logFilterForm } from './log-filter-form.ts';

const PER_PAGE = 25;
const COLUMNS = ['Time', 'Provider', 'Model', 'Status', 'Cached', 'Tokens in', 'Tokens out', 'Cost', 'Duration', 'Event ID', 'Feedback'];
const NUMERIC = new Set(['Tokens in', 'Tokens out', 'Cost', 'Duration']);

/**
 * Logs: the filter form, one page of logs and cursor pagination. The page's cursors are kept in
 * the URL (`cursor`, one per page turned), so "Previous page" pops one.
 */
export function logsView(ctx: ViewContext): HTMLElement {
  const state = filtersFromQuery(ctx.query);
  const cursors = ctx.query.getAll('cursor');
  const pageQuery = (next: string[]) => {
    const q = queryFromFilters(state);
    q.set('gateway', ctx.gateway);
    for (const c of next) q.append('cursor', c);
    return q;
  };
  const form = logFilterForm(state, (next) => {
    const q = queryFromFilters(next);
    q.set('gateway', ctx.gateway);
    go(href('/logs', q));
  });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const work = (async () => {
    const q = apiQuery(state, { perPage: PER_PAGE, cursor: cursors.at(-1) }, Date.now());
    return api.get<LogRecord[]>(`${gatewayPath(ctx.gateway)}/logs?${q}`);
  })();
  void load(results, work, ({ result, result_info }) => {
    const info = (result_info ?? {}) as Partial<LogListInfo>;
    const first = cursors.length * PER_PAGE + 1;
    // A filtered page searches a bounded stretch of logs (the API's scan limit); one it did not
    // fill, with more to search, says so.
    const searching = info.has_more && result.length < PER_PAGE;
    const summary =
      result.length === 0
        ? searching ? 'No matches in the logs searched so far.' : cursors.length ? 'No more logs.' : 'No logs match.'
        : `Logs ${fmtInt(first)}–${fmtInt(first + result.length - 1)}${info.total_count !== undefined ? ` of ${fmtInt(info.total_count)}` : ''}`;
    return [
      table(result, summary, (log) => href(`/logs/${encodeURIComponent(log.id)}`, pageQuery(cursors))),
      searching ? h('p', { class: 'muted' }, 'A filtered page searches a bounded stretch of logs, newest first. “Next page” searches further.') : null,
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', disabled: cursors.length === 0, onclick: () => go(href('/logs', pageQuery(cursors.slice(0, -1)))) }, '← Previous page'),
        h('button', { type: 'button', disabled: !info.has_more || !info.cursor, onclick: () => go(href('/logs', pageQuery([...cursors, info.cursor!]))) }, 'Next page →'),
      ),
    ];
  });
  return h('section', { 'aria-labelledby': 'logs-title' }, h('div', { class: 'toolbar' }, h('h1', { id: 'logs-title' }, 'Logs')), form, results);
}

function table(logs: LogRecord[], caption: string, detailHref: (log: LogRecord) => string): HTMLElement {
  const rows = logs.map((log) => {
    const link = h('a', { href: detailHref(log), 'aria-label': `Open log of ${fmtTime(log.created_at)}, ${log.model ?? log.provider}` }, fmtTime(log.created_at));
    const row = h(
      'tr',
      { class: log.success ? 'clickable' : 'clickable failed', 'data-log-id': log.id },
      h('td', {}, link),
      h('td', {}, log.provider),
      h('td', {}, log.model ?? '—'),
      h('td', {}, h('span', { class: log.success ? 'badge ok' : 'badge bad' }, String(log.status_code))),
      h('td', {}, log.cached ? (log.cache_type ?? 'yes') : 'no'),
      h('td', { class: 'num' }, fmtInt(log.tokens_in)),
      h('td', { class: 'num' }, fmtInt(log.tokens_out)),
      h('td', { class: 'num' }, fmtCost(log.cost)),
      h('td', { class: 'num' }, fmtMs(log.duration)),
      h('td', { class: 'mono' }, log.event_id ?? ''),
      h('td', {}, log.feedback === 1 ? h('span', { role: 'img', 'aria-label': 'good' }, '👍') : log.feedback === -1 ? h('span', { role: 'img', 'aria-label': 'bad' }, '👎') : ''),
    );
    // The whole row opens the log for pointer users; keyboard users have the link in the first cell.
    row.addEventListener('click', (event) => {
      if ((event.target as Element).closest('a')) return;
      link.click();
    });
    return row;
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'logs' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: NUMERIC.has(c) ? 'num' : null }, c)))),
      h('tbody', {}, ...rows),
    ),
  );
}
