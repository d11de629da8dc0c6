// @ts-check
// The source panel: a report's normalised text with one span marked and scrolled into view
// (a side panel on wide screens, a full-screen dialog on phones).
import { reportText } from './api.js';
import { $, h, narrow } from './dom.js';

const panel = { returnFocus: /** @type {HTMLElement | null} */ (null), token: 0 };

/**
 * @typedef {object} SourceView
 * @property {number} reportId
 * @property {string} title
 * @property {string} kicker the line above the title (引用 [n], 章节, …)
 * @property {Node[]} meta
 * @property {number} [start] the span to mark: text.slice(start, end)
 * @property {number} [end]
 * @property {string} [quote] what the span should read; when it does not, the quote is searched for
 * @property {(quote: string) => Promise<[number, number] | null>} [cell] the asked cell inside the marked span, as offsets into it
 * @property {HTMLElement | null} [invoker] gets focus back when the panel closes
 * @property {string} [markClass]
 */

/**
 * Opens the panel on a report's text, marking text.slice(start, end) and scrolling it into view.
 * @param {SourceView} o
 */
export async function openSource(o) {
  const box = $('#source');
  const token = ++panel.token;
  if (o.invoker) panel.returnFocus = o.invoker;
  else if (box.hidden) panel.returnFocus = /** @type {HTMLElement} */ (document.activeElement);
  $('#source-kicker').textContent = o.kicker;
  $('#source-title').textContent = o.title;
  $('#source-meta').replaceChildren(...o.meta);
  const textBox = $('#source-text');
  textBox.replaceChildren(h('p', { class: 'muted' }, '正在载入原文…'));
  box.hidden = false;
  $('#scrim').hidden = !narrow();
  setBackgroundInert(narrow());
  document.body.classList.add('drawer-open');
  $('#source-title').focus({ preventScroll: true });
  let text;
  try {
    text = await reportText(o.reportId);
  } catch (e) {
    if (token === panel.token)
      textBox.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, `原文载入失败：${e instanceof Error ? e.message : e}`),
      );
    return;
  }
  if (token !== panel.token) return;
  let { start, end } = o;
  let note = null;
  if (
    typeof start === 'number' &&
    typeof end === 'number' &&
    o.quote !== undefined &&
    text.slice(start, end) !== o.quote
  ) {
    const at = text.indexOf(o.quote);
    note = h(
      'p',
      { class: 'notice' },
      at >= 0 ? '提示：引用位置与原文不符，已按引文内容定位。' : '提示：原文中未找到这段引文。',
    );
    if (at >= 0) [start, end] = [at, at + o.quote.length];
    else start = end = undefined;
  }
  const nodes = [];
  let mark = null;
  if (typeof start === 'number' && typeof end === 'number' && end > start) {
    const quote = text.slice(start, end);
    const cell = await o.cell?.(quote).catch(() => null);
    if (token !== panel.token) return;
    const inside = cell
      ? [
          quote.slice(0, cell[0]),
          h(
            'span',
            { class: 'cell-hit', 'data-testid': 'source-cell', title: '所问的单元格' },
            quote.slice(cell[0], cell[1]),
          ),
          quote.slice(cell[1]),
        ]
      : [quote];
    mark = h(
      'mark',
      { class: o.markClass ?? 'quote', 'data-testid': 'source-mark', 'data-start': start, 'data-end': end },
      inside,
    );
    nodes.push(text.slice(0, start), mark, text.slice(end));
  } else nodes.push(text);
  textBox.replaceChildren(...(note ? [note] : []), h('div', { class: 'source-body-text' }, ...nodes));
  textBox.scrollTop = 0;
  const target = mark?.querySelector('.cell-hit') ?? mark;
  if (target)
    requestAnimationFrame(() => target.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'auto' }));
}

/** @param {boolean} [restoreFocus] */
export function closeSource(restoreFocus = true) {
  const box = $('#source');
  if (box.hidden) return;
  panel.token++;
  box.hidden = true;
  $('#scrim').hidden = true;
  setBackgroundInert(false);
  document.body.classList.remove('drawer-open');
  for (const el of document.querySelectorAll('button.cite.active')) el.classList.remove('active');
  const back = panel.returnFocus;
  panel.returnFocus = null;
  if (restoreFocus && back?.isConnected) back.focus();
}

/** The element focus goes back to when the panel closes. */
export const sourceInvoker = () => panel.returnFocus;

/**
 * On phones the open panel is modal: the rest of the page is inert.
 * @param {boolean} on
 */
export function setBackgroundInert(on) {
  for (const sel of ['header.masthead', 'main', '.skip-link']) {
    const e = $(sel);
    if (on) e.setAttribute('inert', '');
    else e.removeAttribute('inert');
  }
}
