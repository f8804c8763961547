/**
 * Client-side routes under `/dashboard` (the server answers every `/dashboard/*` path with this
 * page). View state (gateway, filters, time range) lives in the query string, so the back button,
 * reloads and shared links restore it.
 */
export type Route =
  | { view: 'overview' }
  | { view: 'logs' }
  | { view: 'log'; id: string }
  | { view: 'gateways' }
  | { view: 'gateway'; id: string };

/** The route for a path below the dashboard's root (`/`, `/logs`, `/logs/{id}`, …). */
export function parseRoute(subPath: string): Route {
  const parts = subPath.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'logs') return parts[1] ? { view: 'log', id: parts[1] } : { view: 'logs' };
  if (parts[0] === 'gateways') return parts[1] ? { view: 'gateway', id: parts[1] } : { view: 'gateways' };
  return { view: 'overview' };
}

/** The dashboard's root path (`/dashboard`, or `/prefix/dashboard` when mounted under a prefix). */
export function rootPath(pathname: string): string {
  const at = pathname.indexOf('/dashboard');
  return at >= 0 ? pathname.slice(0, at + '/dashboard'.length) : '/dashboard';
}

/** The current route and query. */
export function current(): { route: Route; query: URLSearchParams } {
  const root = rootPath(location.pathname);
  return { route: parseRoute(location.pathname.slice(root.length)), query: new URLSearchParams(location.search) };
}

/** An href for a sub path and query, under the dashboard's root. */
export function href(subPath: string, query?: URLSearchParams | Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return `${rootPath(location.pathname)}${subPath}${q ? `?${q}` : ''}`;
}

let listener: () => void = () => undefined;

/** Renders on back/forward and on clicks on dashboard links (plain clicks only: new tabs still work). */
export function startRouter(render: () => void): void {
  listener = render;
  addEventListener('popstate', () => listener());
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || !link.href) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(rootPath(location.pathname))) return;
    event.preventDefault();
    go(url.pathname + url.search);
  });
}

/** Navigates to a dashboard URL and renders it. `replace` keeps the history entry (filter changes). */
export function go(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listener();
}
