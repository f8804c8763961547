import { field, h } from '../dom.ts';
import { emptyFilters, RANGE_FILTERS, SORTS, TIME_RANGES, type LogFilterState, type Sort, type TimeRange } from '../log-filters.ts';

const RANGE_LABELS: Record<(typeof RANGE_FILTERS)[number], string> = { cost: 'Cost (USD)', tokens: 'Tokens (in + out)', duration: 'Duration (ms)' };
const TIME_LABELS: Record<TimeRange, string> = { '': 'Any time', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };
const SORT_LABELS: Record<Sort, string> = { newest: 'Newest first', oldest: 'Oldest first', slowest: 'Slowest first', costliest: 'Most expensive first', most_tokens_out: 'Most output tokens first' };

const text = (name: string, value: string, extra: Record<string, string> = {}) => h('input', { type: 'text', name, value, autocomplete: 'off', ...extra });

function select(name: string, value: string, options: [value: string, label: string][]): HTMLSelectElement {
  return h('select', { name }, ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

const yesNo = (name: string, value: string) => select(name, value, [['', 'Any'], ['true', 'Yes'], ['false', 'No']]);

/**
 * The filter form of the logs view. `onApply` gets the form's filters on submit; "Clear" applies
 * the empty filters.
 */
export function logFilterForm(state: LogFilterState, onApply: (state: LogFilterState) => void): HTMLFormElement {
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Log filters' },
    h(
      'div',
      { class: 'filter-grid' },
      field('Provider', text('provider', state.provider, { placeholder: 'openai' })),
      field('Model', text('model', state.model, { placeholder: 'gpt-4o-mini' })),
      field('Status code', text('status_code', state.status_code, { inputmode: 'numeric', placeholder: '200' })),
      field('Event ID', text('event_id', state.event_id)),
      field('Success', yesNo('success', state.success)),
      field('Cached', yesNo('cached', state.cached)),
      field('Time', select('range', state.range, Object.entries(TIME_LABELS) as [string, string][])),
      field('Sort', select('sort', state.sort, (Object.keys(SORTS) as Sort[]).map((s) => [s, SORT_LABELS[s]]))),
      ...RANGE_FILTERS.flatMap((f) => [
        field(`${RANGE_LABELS[f]} more than`, text(`${f}_gt`, state.ranges[`${f}_gt`], { inputmode: 'decimal' })),
        field(`${RANGE_LABELS[f]} less than`, text(`${f}_lt`, state.ranges[`${f}_lt`], { inputmode: 'decimal' })),
      ]),
      h('div', { class: 'wide' }, field('Metadata', text('metadata', state.metadata, { placeholder: 'user=alice, team=search' }), 'key=value pairs, separated by commas; all must match.')),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('button', { type: 'button', onclick: () => onApply(emptyFilters()) }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply(readForm(form));
  });
  return form;
}

function readForm(form: HTMLFormElement): LogFilterState {
  const data = new FormData(form);
  const get = (name: string) => String(data.get(name) ?? '');
  const state = emptyFilters();
  state.provider = get('provider');
  state.model = get('model');
  state.status_code = get('status_code');
  state.event_id = get('event_id');
  state.success = get('success') as LogFilterState['success'];
  state.cached = get('cached') as LogFilterState['cached'];
  state.range = get('range') as TimeRange;
  state.sort = (get('sort') || 'newest') as Sort;
  state.metadata = get('metadata');
  for (const key of Object.keys(state.ranges) as (keyof LogFilterState['ranges'])[]) state.ranges[key] = get(key);
  return state;
}
