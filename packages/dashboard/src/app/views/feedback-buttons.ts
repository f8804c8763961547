import { alertBox, h, replace } from '../dom.ts';
import type { LogRecord } from '../types.ts';
import { errorMessage } from '../view-context.ts';

/**
 * 👍 / 👎 toggle buttons (`aria-pressed`) that PATCH the log's feedback: 1 or -1, and 0 when the
 * pressed one is clicked again.
 */
export function feedbackButtons(log: LogRecord, save: (feedback: number) => Promise<LogRecord>): HTMLElement {
  let value = log.feedback ?? 0;
  const status = h('span', { class: 'feedback-status', role: 'status' });
  const button = (target: 1 | -1, emoji: string, label: string) => {
    const b = h('button', { type: 'button', class: 'feedback', title: `${label} response`, 'data-feedback': target }, h('span', { 'aria-hidden': 'true' }, emoji), ` ${label}`);
    b.addEventListener('click', async () => {
      const next = value === target ? 0 : target;
      for (const btn of buttons) btn.disabled = true;
      try {
        value = (await save(next)).feedback ?? 0;
        replace(status, next === 0 ? 'Feedback cleared.' : 'Feedback saved.');
      } catch (err) {
        replace(status, alertBox(errorMessage(err)));
      } finally {
        for (const btn of buttons) btn.disabled = false;
        paint();
      }
    });
    return b;
  };
  const buttons = [button(1, '👍', 'Good'), button(-1, '👎', 'Bad')];
  const paint = () => buttons.forEach((b) => b.setAttribute('aria-pressed', String(Number(b.dataset.feedback) === value)));
  paint();
  return h('div', { class: 'feedback-bar', role: 'group', 'aria-label': 'Feedback' }, h('span', {}, 'Feedback:'), ...buttons, status);
}
