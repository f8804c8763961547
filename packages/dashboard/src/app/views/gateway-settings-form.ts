import { api } from '../api.ts';
import { alertBox, field, h, replace } from '../dom.ts';
import { fmtTime } from '../format.ts';
import { formValue, SETTING_GROUPS, settingsPatch, type SettingSpec } from '../gateway-settings.ts';
import { href } from '../router.ts';
import type { GatewayView } from '../types.ts';
import { errorMessage, gatewayPath, load, type ViewContext } from '../view-context.ts';

/** One gateway's settings, saved with `PATCH /api/v1/gateways/{id}` (only the fields shown here). */
export function gatewaySettingsView(ctx: ViewContext, id: string): HTMLElement {
  const content = h('div', {});
  void load(content, api.get<GatewayView>(gatewayPath(id)), ({ result }) => settingsForm(ctx, result));
  return h(
    'section',
    { 'aria-labelledby': 'gateway-title' },
    h('p', {}, h('a', { href: href('/gateways', { gateway: ctx.gateway }) }, '← All gateways')),
    h('h1', { id: 'gateway-title' }, 'Gateway ', h('span', { class: 'mono' }, id)),
    content,
  );
}

function control(spec: SettingSpec, gateway: GatewayView): HTMLElement {
  const value = formValue(spec, gateway);
  const { kind } = spec;
  if (kind.type === 'bool') return h('input', { type: 'checkbox', name: spec.key, checked: value === true });
  if (kind.type === 'choice') {
    return h('select', { name: spec.key }, h('option', { value: '', selected: value === '' }, '(default)'), ...kind.options.map((o) => h('option', { value: o, selected: o === value }, o)));
  }
  return h('input', { type: 'number', name: spec.key, value: String(value), placeholder: spec.placeholder, min: kind.min, ...(kind.max !== undefined ? { max: kind.max } : {}), step: 1, inputmode: 'numeric' });
}

function settingsForm(ctx: ViewContext, gateway: GatewayView): HTMLElement {
  const status = h('div', { 'aria-live': 'polite' });
  const modified = h('p', { class: 'muted' }, `Last modified ${fmtTime(gateway.modified_at)}`);
  const form = h(
    'form',
    { class: 'settings', 'aria-label': `Settings of ${gateway.id}`, novalidate: true },
    ...SETTING_GROUPS.map((group) =>
      h('fieldset', {}, h('legend', {}, group.legend), ...group.settings.map((spec) => field(spec.label, control(spec, gateway), spec.hint))),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings'), status),
    modified,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values: Record<string, string | boolean> = {};
    for (const el of Array.from(form.elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name) continue;
      values[el.name] = el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value;
    }
    try {
      const saved = (await api.patch<GatewayView>(gatewayPath(gateway.id), settingsPatch(values))).result;
      replace(status, alertBox('Settings saved.', 'info'));
      replace(modified, `Last modified ${fmtTime(saved.modified_at)}`);
      void ctx.refreshGateways();
    } catch (err) {
      replace(status, alertBox(errorMessage(err)));
    }
  });
  return form;
}
