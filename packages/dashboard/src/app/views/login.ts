import { api, ApiError } from '../api.ts';
import { alertBox, field, h, replace } from '../dom.ts';
import { session } from '../session.ts';

/**
 * The sign-in form. The token is checked against the admin API before it is kept (in
 * sessionStorage), and the input is cleared either way: the token never stays in the page.
 */
export function loginView(onSignedIn: () => void, notice?: string): HTMLElement {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true });
  const status = h('div', { 'aria-live': 'polite' }, notice ? alertBox(notice, 'info') : null);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'aigw dashboard'),
    h('p', {}, 'Paste the admin token (AIGW_ADMIN_TOKEN, or the token printed at the first start).'),
    field('Admin token', input),
    status,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    input.value = '';
    if (!token) return;
    submit.disabled = true;
    replace(status, alertBox('Checking…', 'info'));
    try {
      if (await api.verify(token)) {
        session.save(token);
        onSignedIn();
        return;
      }
      replace(status, alertBox('Wrong admin token: the gateway did not accept it.'));
    } catch (err) {
      replace(status, alertBox(err instanceof ApiError ? err.message : 'Sign-in failed.'));
    } finally {
      submit.disabled = false;
    }
    input.focus();
  });
  queueMicrotask(() => input.focus());
  return h('main', { class: 'login-page' }, form);
}
