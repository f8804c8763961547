import { api, type BodyText } from '../api.ts';
import { alertBox, h, replace } from '../dom.ts';
import { fmtBytes, fmtCost, fmtInt, fmtMs, fmtTime, prettyBody } from '../format.ts';
import { href } from '../router.ts';
import type { LogRecord } from '../types.ts';
import { gatewayPath, load, type ViewContext } from '../view-context.ts';
import { feedbackButtons } from './feedback-buttons.ts';

/** One log: its fields, metadata, feedback buttons, and the request and response bodies. */
export function logDetailView(ctx: ViewContext, id: string): HTMLElement {
  const back = new URLSearchParams(ctx.query);
  const content = h('div', {});
  const path = `${gatewayPath(ctx.gateway)}/logs/${encodeURIComponent(id)}`;
  void load(content, api.get<LogRecord>(path), ({ result: log }) => [
    feedbackButtons(log, (feedback) => api.patch<LogRecord>(path, { feedback }).then((r) => r.result)),
    fields(log),
    log.metadata && Object.keys(log.metadata).length ? metadata(log.metadata) : null,
    bodySection('Request body', ctx.gateway, log, 'request'),
    bodySection('Response body', ctx.gateway, log, 'response'),
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'log-title', class: 'log-detail' },
    h('p', {}, h('a', { href: href('/logs', back) }, '← Back to logs')),
    h('h1', { id: 'log-title' }, 'Log ', h('span', { class: 'mono' }, id)),
    content,
  );
}

function fields(log: LogRecord): HTMLElement {
  const rows: [string, string][] = [
    ['Time', fmtTime(log.created_at)],
    ['Provider', log.provider],
    ['Model', log.model ?? '—'],
    ['Request', `${log.method} ${log.path}`],
    ['Status', `${log.status_code} ${log.success ? '(success)' : '(failed)'}${log.error_code !== null ? `, aigw error ${log.error_code}` : ''}`],
    ['Cached', log.cached ? `yes (${log.cache_type ?? 'exact'})` : 'no'],
    ['Attempts', `${log.attempts}${log.step !== null ? `, fallback step ${log.step}` : ''}`],
    ['Duration', fmtMs(log.duration)],
    ['Time to first byte', fmtMs(log.ttfb)],
    ['Tokens in / out', `${fmtInt(log.tokens_in)} / ${fmtInt(log.tokens_out)}${log.cached_tokens_in ? ` (${fmtInt(log.cached_tokens_in)} cached)` : ''}`],
    ['Cost', `${fmtCost(log.cost)}${log.custom_cost ? ' (custom)' : ''}`],
    ['Event ID', log.event_id ?? '—'],
    ['Score', log.score === null ? '—' : String(log.score)],
    ['Request size', fmtBytes(log.request_size)],
    ['Response size', fmtBytes(log.response_size)],
    ['User agent', log.user_agent ?? '—'],
    ['Client IP', log.client_ip ?? '—'],
    ['Account', log.account],
  ];
  return h('dl', { class: 'fields' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function metadata(meta: Record<string, string | number | boolean>): HTMLElement {
  return h(
    'table',
    { class: 'metadata' },
    h('caption', {}, 'Metadata'),
    h('tbody', {}, ...Object.entries(meta).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'mono' }, JSON.stringify(v))))),
  );
}

function bodySection(title: string, gateway: string, log: LogRecord, part: 'request' | 'response'): HTMLElement {
  const content = h('div', {});
  const section = h('section', { class: 'body', 'aria-label': title }, h('h2', {}, title), content);
  if (!log.payload) {
    replace(content, h('p', { class: 'muted' }, 'Bodies were not collected for this request (cf-aig-collect-log-payload: false).'));
    return section;
  }
  void load(content, api.body(gateway, log.id, part), (body: BodyText | null) =>
    body === null
      ? h('p', { class: 'muted' }, 'No body stored (empty, or not text).')
      : [
          body.truncated ? alertBox('Truncated: only the beginning of this body was kept.', 'info') : null,
          h('pre', { class: 'code', tabindex: 0, 'data-body': part }, h('code', {}, prettyBody(body.text))),
        ],
  );
  return section;
}
