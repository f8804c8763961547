import { ApiError } from './api.ts';
import { alertBox, h, replace, type Child } from './dom.ts';
import type { GatewayView } from './types.ts';

/** What every view gets: the selected gateway, the page query, and the gateway list. */
export interface ViewContext {
  gateway: string;
  query: URLSearchParams;
  gateways: GatewayView[];
  /** Reloads the gateway list (after a create or a settings change) and re-renders. */
  refreshGateways(): Promise<void>;
}

/** `/api/v1/gateways/{id}` for the selected gateway. */
export const gatewayPath = (gateway: string): string => `/gateways/${encodeURIComponent(gateway)}`;

/** The message to show for a failed call. */
export const errorMessage = (err: unknown): string => (err instanceof ApiError || err instanceof Error ? err.message : String(err));

/**
 * Fills `target` from an async load: a busy state while it runs, the rendered result, or an alert
 * with the error. A newer load into the same target wins over an older one still running.
 */
export async function load<T>(target: HTMLElement, work: Promise<T>, render: (value: T) => Child | Child[]): Promise<void> {
  const token = Symbol('load');
  loads.set(target, token);
  target.setAttribute('aria-busy', 'true');
  if (!target.hasChildNodes()) replace(target, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const value = await work;
    if (loads.get(target) !== token) return;
    const out = render(value);
    replace(target, ...(Array.isArray(out) ? out : [out]));
  } catch (err) {
    if (loads.get(target) !== token) return;
    replace(target, alertBox(errorMessage(err)));
  } finally {
    if (loads.get(target) === token) target.removeAttribute('aria-busy');
  }
}
const loads = new WeakMap<HTMLElement, symbol>();
