/**
 * The dashboard's entry: sign-in, the page shell (navigation, gateway selector, sign-out) and the
 * view for the current URL. Every view reads the admin API with the session's token.
 */
import { api, setUnauthorizedHandler } from './api.ts';
import { alertBox, h, replace } from './dom.ts';
import { current, go, href, startRouter, type Route } from './router.ts';
import { session } from './session.ts';
import type { GatewayView } from './types.ts';
import { errorMessage, type ViewContext } from './view-context.ts';
import { gatewaySettingsView } from './views/gateway-settings-form.ts';
import { gatewaysView } from './views/gateways.ts';
import { logDetailView } from './views/log-detail.ts';
import { loginView } from './views/login.ts';
import { logsView } from './views/logs.ts';
import { overviewView } from './views/overview.ts';

const root = document.getElementById('app')!;
let gateways: GatewayView[] | undefined;
let notice: string | undefined;

const gatewaySelect = h('select', { name: 'gateway', onchange: () => switchGateway(gatewaySelect.value) });

function signOut(message?: string): void {
  session.clear();
  gateways = undefined;
  notice = message;
  render();
}

async function loadGateways(): Promise<void> {
  gateways = (await api.get<GatewayView[]>('/gateways')).result;
  paintSelect(current().query.get('gateway') ?? 'default');
}

function paintSelect(selected: string): void {
  const ids = (gateways ?? []).map((g) => g.id);
  if (!ids.includes(selected)) ids.push(selected);
  replace(gatewaySelect, ...ids.map((id) => h('option', { value: id, selected: id === selected }, id)));
}

/** Another gateway: same view (a log detail goes back to that gateway's logs), filters kept. */
function switchGateway(id: string): void {
  const { route, query } = current();
  query.set('gateway', id);
  query.delete('cursor');
  const path = route.view === 'log' ? '/logs' : route.view === 'gateway' ? `/gateways/${encodeURIComponent(id)}` : location.pathname.slice(href('').length);
  go(href(path, query));
}

function viewFor(route: Route, ctx: ViewContext): HTMLElement {
  switch (route.view) {
    case 'overview':
      return overviewView(ctx);
    case 'logs':
      return logsView(ctx);
    case 'log':
      return logDetailView(ctx, route.id);
    case 'gateways':
      return gatewaysView(ctx);
    case 'gateway':
      return gatewaySettingsView(ctx, route.id);
  }
}

function shell(route: Route, gateway: string, main: HTMLElement): HTMLElement {
  const nav = (path: string, label: string, active: boolean) =>
    h('a', { href: href(path, { gateway }), ...(active ? { 'aria-current': 'page' } : {}) }, label);
  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'topbar' },
      h('a', { class: 'brand', href: href('/', { gateway }) }, 'aigw'),
      h(
        'nav',
        { 'aria-label': 'Main' },
        nav('/', 'Overview', route.view === 'overview'),
        nav('/logs', 'Logs', route.view === 'logs' || route.view === 'log'),
        nav('/gateways', 'Gateways', route.view === 'gateways' || route.view === 'gateway'),
      ),
      h('label', { class: 'gateway-picker' }, h('span', {}, 'Gateway'), gatewaySelect),
      h('button', { type: 'button', class: 'signout', onclick: () => signOut('Signed out.') }, 'Sign out'),
    ),
    h('main', { id: 'main', tabindex: -1 }, main),
  );
}

async function render(): Promise<void> {
  if (!session.token()) {
    replace(root, loginView(() => ((notice = undefined), render()), notice));
    document.title = 'Sign in · aigw';
    return;
  }
  const { route, query } = current();
  const gateway = query.get('gateway') || 'default';
  if (!gateways) {
    try {
      await loadGateways();
    } catch (err) {
      if (!session.token()) return; // a 401 signed out: the sign-in form is already shown
      replace(root, h('main', { class: 'login-page' }, alertBox(errorMessage(err)), h('button', { type: 'button', onclick: () => render() }, 'Try again')));
      return;
    }
  }
  paintSelect(gateway);
  const ctx: ViewContext = { gateway, query, gateways: gateways ?? [], refreshGateways: loadGateways };
  const hadFocus = document.activeElement !== document.body && root.contains(document.activeElement);
  replace(root, shell(route, gateway, viewFor(route, ctx)));
  // After an in-page navigation, keyboard and screen-reader users continue at the new content.
  if (hadFocus) document.getElementById('main')?.focus();
  document.title = `${route.view === 'log' ? 'Log' : route.view[0]!.toUpperCase() + route.view.slice(1)} · ${gateway} · aigw`;
}

setUnauthorizedHandler(() => signOut('The admin token is no longer accepted. Sign in again.'));
startRouter(() => void render());
void render();
