/**
 * A tiny element builder. Text always goes through `textContent` and attributes through
 * `setAttribute`, so data from the API can never become markup (no `innerHTML` anywhere).
 */
export type Child = Node | string | number | null | undefined | false;
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Handler>;

/**
 * Creates an element: `on*` props become listeners, `true` boolean props become empty attributes,
 * `false`/`null`/`undefined` props are left out; children are nodes or text.
 *
 * @example
 * h('button', { type: 'button', onclick: () => save() }, 'Save')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends nodes and text (skipping empty children). */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A labelled form control: `<label>text <control></label>` keeps label and input tied without ids. */
export function field(text: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, text), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

/** An alert box announced to screen readers. */
export function alertBox(message: string, kind: 'error' | 'info' = 'error'): HTMLElement {
  return h('p', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}
