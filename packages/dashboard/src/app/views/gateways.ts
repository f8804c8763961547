import { api } from '../api.ts';
import { alertBox, field, h, replace } from '../dom.ts';
import { fmtTime } from '../format.ts';
import { go, href } from '../router.ts';
import type { GatewayView } from '../types.ts';
import { errorMessage, type ViewContext } from '../view-context.ts';

const GATEWAY_ID = /^[A-Za-z0-9_-]{1,64}$/;

const onOff = (v: boolean | undefined) => (v === false ? 'off' : 'on');
const rateLimit = (g: GatewayView) =>
  g.rate_limiting_limit ? `${g.rate_limiting_limit} / ${g.rate_limiting_interval ?? '?'} s (${g.rate_limiting_technique ?? 'fixed'})` : 'none';

/** Gateways: the list (each links to its settings) and a form that creates one. */
export function gatewaysView(ctx: ViewContext): HTMLElement {
  const rows = ctx.gateways.map((g) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: href(`/gateways/${encodeURIComponent(g.id)}`, { gateway: g.id }) }, g.id)),
      h('td', {}, onOff(g.collect_logs)),
      h('td', { class: 'num' }, g.cache_ttl ? `${g.cache_ttl} s` : 'off'),
      h('td', {}, rateLimit(g)),
      h('td', { class: 'num' }, String(g.retry_max_attempts ?? 1)),
      h('td', { class: 'num' }, g.request_timeout ? `${g.request_timeout} ms` : '—'),
      h('td', {}, fmtTime(g.modified_at)),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'gateways-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'gateways-title' }, 'Gateways')),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h('caption', {}, `${ctx.gateways.length} gateway${ctx.gateways.length === 1 ? '' : 's'}`),
        h('thead', {}, h('tr', {}, ...['Gateway', 'Logs', 'Cache TTL', 'Rate limit', 'Attempts', 'Timeout', 'Modified'].map((c) => h('th', { scope: 'col', class: ['Cache TTL', 'Attempts', 'Timeout'].includes(c) ? 'num' : null }, c)))),
        h('tbody', {}, ...rows),
      ),
    ),
    createForm(ctx),
  );
}

function createForm(ctx: ViewContext): HTMLElement {
  const input = h('input', { type: 'text', name: 'id', required: true, pattern: '[A-Za-z0-9_\\-]{1,64}', autocomplete: 'off', placeholder: 'prod' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card inline-form', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, 'New gateway'),
    field('Gateway ID', input, 'Letters, digits, - and _ (up to 64). It becomes part of the URL: /v1/{account}/{gateway}/…'),
    h('button', { type: 'submit', class: 'primary' }, 'Create gateway'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (!GATEWAY_ID.test(id)) {
      replace(status, alertBox('Use 1 to 64 letters, digits, - or _.'));
      return;
    }
    try {
      await api.post<GatewayView>('/gateways', { id });
      await ctx.refreshGateways();
      go(href(`/gateways/${encodeURIComponent(id)}`, { gateway: id }));
    } catch (err) {
      replace(status, alertBox(errorMessage(err)));
    }
  });
  return form;
}
