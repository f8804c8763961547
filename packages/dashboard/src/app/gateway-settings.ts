import type { GatewayView } from './types.ts';

/**
 * The settings the dashboard edits (SPEC §4 names, the same in the config file and the admin API)
 * and how each maps between a form control's text and the PATCH body.
 * - `nullable`: an empty field clears the setting (null: "off / no limit");
 * - `zero`: an empty field means 0 (`cache_ttl`: cache off);
 * - `keep`: an empty field leaves the setting as it is (the API has no "unset" for it).
 */
export type SettingKind =
  | { type: 'int'; empty: 'nullable' | 'zero' | 'keep'; min: number; max?: number }
  | { type: 'bool' }
  | { type: 'choice'; options: readonly string[] };

export interface SettingSpec {
  key: keyof GatewayView & string;
  label: string;
  hint?: string;
  /** Shown in an empty field: the value the gateway uses when the setting is not set. */
  placeholder?: string;
  kind: SettingKind;
}

export interface SettingGroup {
  legend: string;
  settings: SettingSpec[];
}

export const SETTING_GROUPS: SettingGroup[] = [
  {
    legend: 'Logging',
    settings: [
      { key: 'collect_logs', label: 'Collect logs', kind: { type: 'bool' } },
      { key: 'log_management', label: 'Keep at most (rows)', hint: 'Empty: no limit.', kind: { type: 'int', empty: 'nullable', min: 0 } },
      { key: 'log_management_strategy', label: 'At the limit', kind: { type: 'choice', options: ['STOP_INSERTING', 'DELETE_OLDEST'] } },
    ],
  },
  {
    legend: 'Caching',
    settings: [{ key: 'cache_ttl', label: 'Cache TTL (seconds)', placeholder: '0', hint: '0 or empty: cache off.', kind: { type: 'int', empty: 'zero', min: 0 } }],
  },
  {
    legend: 'Rate limiting',
    settings: [
      { key: 'rate_limiting_limit', label: 'Requests per interval', hint: 'Empty: no limit.', kind: { type: 'int', empty: 'nullable', min: 0 } },
      { key: 'rate_limiting_interval', label: 'Interval (seconds)', kind: { type: 'int', empty: 'nullable', min: 0 } },
      { key: 'rate_limiting_technique', label: 'Technique', kind: { type: 'choice', options: ['fixed', 'sliding'] } },
    ],
  },
  {
    legend: 'Retries and timeout',
    settings: [
      { key: 'retry_max_attempts', label: 'Attempts', placeholder: '1', hint: '1 to 5.', kind: { type: 'int', empty: 'keep', min: 1, max: 5 } },
      { key: 'retry_delay', label: 'Delay between attempts (ms)', placeholder: '0', hint: '0 to 5000.', kind: { type: 'int', empty: 'keep', min: 0, max: 5000 } },
      { key: 'retry_backoff', label: 'Backoff', kind: { type: 'choice', options: ['constant', 'linear', 'exponential'] } },
      { key: 'request_timeout', label: 'Request timeout (ms)', hint: 'Time to first byte. Empty: none.', kind: { type: 'int', empty: 'nullable', min: 0 } },
    ],
  },
];

export const ALL_SETTINGS: SettingSpec[] = SETTING_GROUPS.flatMap((g) => g.settings);

/** A control's value as the form shows it. */
export function formValue(spec: SettingSpec, gateway: GatewayView): string | boolean {
  const value = gateway[spec.key];
  if (spec.kind.type === 'bool') return value !== false; // collect_logs defaults to on
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The PATCH body for the form's values; throws a message naming the field when a value is not a
 * whole number in range (the API checks again; this gives a clearer message first).
 */
export function settingsPatch(values: Record<string, string | boolean>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const spec of ALL_SETTINGS) {
    const raw = values[spec.key];
    if (raw === undefined) continue;
    const { kind } = spec;
    if (kind.type === 'bool') {
      patch[spec.key] = raw === true;
      continue;
    }
    const text = String(raw).trim();
    if (kind.type === 'choice') {
      if (text) patch[spec.key] = text;
      continue;
    }
    if (text === '') {
      if (kind.empty === 'nullable') patch[spec.key] = null;
      else if (kind.empty === 'zero') patch[spec.key] = 0;
      continue;
    }
    const n = Number(text);
    if (!Number.isInteger(n) || n < kind.min || (kind.max !== undefined && n > kind.max)) {
      throw new Error(`${spec.label}: enter a whole number from ${kind.min}${kind.max !== undefined ? ` to ${kind.max}` : ' up'}`);
    }
    patch[spec.key] = n;
  }
  return patch;
}
