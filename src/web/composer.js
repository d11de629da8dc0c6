// @ts-check
// The question box: Enter sends, Shift+Enter is a new line, the box grows with its text.
import { $, narrow, NARROW } from './dom.js';

const box = () => /** @type {HTMLTextAreaElement} */ ($('#question'));

/**
 * Grows the box to fit its text, up to 200 px.
 * @param {HTMLTextAreaElement} t
 */
function autosize(t) {
  t.style.height = 'auto';
  t.style.height = `${Math.min(t.scrollHeight + 2, 200)}px`;
}

/**
 * Puts `text` in the box (or empties it) and, with `focus`, the caret at its end.
 * @param {string} text
 * @param {boolean} [focus]
 */
export function fillQuestion(text, focus = false) {
  const q = box();
  q.value = text;
  autosize(q);
  if (focus) {
    q.focus();
    q.setSelectionRange(q.value.length, q.value.length);
  }
}

/** @param {boolean} busy */
export function setBusy(busy) {
  const send = /** @type {HTMLButtonElement} */ ($('#send'));
  send.disabled = busy;
  send.textContent = busy ? '回答中…' : '发送';
  $('#composer').setAttribute('aria-busy', String(busy));
}

/**
 * Wires the box: `send(text)` gets the question when it is sent and says whether it was taken
 * (the box is then emptied).
 * @param {(text: string) => boolean} send
 */
export function initComposer(send) {
  const form = /** @type {HTMLFormElement} */ ($('#composer'));
  const q = box();
  const submit = () => {
    if (send(q.value)) fillQuestion('');
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  q.addEventListener('keydown', (e) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate does neither.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  });
  q.addEventListener('input', () => autosize(q));
  const placeholder = () => (q.placeholder = narrow() ? '输入问题' : '输入问题，Enter 发送，Shift+Enter 换行');
  placeholder();
  matchMedia(NARROW).addEventListener('change', placeholder);
}
