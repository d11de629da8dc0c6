// @ts-check
// The question box: Enter sends, Shift+Enter is a new line, the box grows with its text. It says
// why it does not send (nothing typed, more than the server's 500 characters) and counts
// characters as the limit nears.
import { MAX_QUESTION_CHARS } from './api.js';
import { $, narrow, NARROW } from './dom.js';

const box = () => /** @type {HTMLTextAreaElement} */ ($('#question'));
/** The counter shows from this length on. */
const COUNT_FROM = Math.floor(MAX_QUESTION_CHARS * 0.8);

/**
 * Grows the box to fit its text, up to 200 px.
 * @param {HTMLTextAreaElement} t
 */
function autosize(t) {
  t.style.height = 'auto';
  t.style.height = `${Math.min(t.scrollHeight + 2, 200)}px`;
}

/**
 * Why `text` cannot be sent, or null when it can.
 * @param {string} text
 */
export function problemWith(text) {
  if (!text.trim()) return '请输入问题。';
  if (text.length > MAX_QUESTION_CHARS)
    return `问题最多 ${MAX_QUESTION_CHARS} 字，现有 ${text.length} 字，请删减 ${text.length - MAX_QUESTION_CHARS} 字后发送。`;
  return null;
}

/**
 * A line under the box ('' clears it); an error is shown as one.
 * @param {string} text
 * @param {boolean} [error]
 */
function say(text, error = false) {
  const note = $('#composer-note');
  note.textContent = text;
  note.classList.toggle('is-error', error);
  status();
}

/** The counter and, past the limit, why the question cannot be sent. */
function count() {
  const q = box();
  const n = q.value.length;
  const counter = $('#question-count');
  const over = n > MAX_QUESTION_CHARS;
  counter.textContent = n >= COUNT_FROM ? `${n} / ${MAX_QUESTION_CHARS}` : '';
  counter.classList.toggle('over', over);
  q.setAttribute('aria-invalid', String(over));
  const note = $('#composer-note');
  if (over) say(/** @type {string} */ (problemWith(q.value)), true);
  else if (note.classList.contains('is-error') || (n && note.textContent)) say('');
  else status();
}

/** The line under the box takes room only when it has something to say. */
function status() {
  $('#composer-status').hidden = !$('#composer-note').textContent && !$('#question-count').textContent;
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
  count();
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
 * Wires the box: `send(text)` gets a question that can be sent and says whether it was taken
 * (the box is then emptied).
 * @param {(text: string) => boolean} send
 */
export function initComposer(send) {
  const form = /** @type {HTMLFormElement} */ ($('#composer'));
  const q = box();
  const submit = () => {
    const problem = problemWith(q.value);
    if (problem) {
      say(problem, true);
      q.focus();
    } else if (send(q.value)) fillQuestion('');
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
  q.addEventListener('input', () => {
    autosize(q);
    count();
  });
  const placeholder = () => (q.placeholder = narrow() ? '输入问题' : '输入问题，Enter 发送，Shift+Enter 换行');
  placeholder();
  matchMedia(NARROW).addEventListener('change', placeholder);
}
