// @ts-check
// An answer's citations: the list under the answer, and opening one in the source panel with
// where it stands (for a table cell: its table, row, column and value).
import { reportDetail } from './api.js';
import { fmt, h } from './dom.js';
import { openReport } from './nav.js';
import { openSource, sourceInvoker } from './source.js';

/**
 * @typedef {import('./api.js').Citation} Citation
 * @typedef {NonNullable<Citation['cell']>} CitedCell
 * @typedef {import('./api.js').TableLayout} TableLayout
 */

/** How a blank cell is printed. */
const BLANK = new Set(['/', '-', '—', '－', '／']);

/**
 * The citation list under an answer: the first four, and a button for the rest. A quote the
 * answer already shows in full is not printed again: its item names the report and section only.
 * @param {HTMLElement} section
 * @param {{ citations: Citation[], text?: string }} msg
 */
export function renderSources(section, msg) {
  const list = msg.citations;
  if (!list?.length) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const LIMIT = 4;
  const expanded = section.dataset.expanded === 'true';
  const shown = expanded ? list : list.slice(0, LIMIT);
  const items = shown.map((c) =>
    h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'source-item',
          onclick: (/** @type {MouseEvent} */ e) =>
            openCitation(msg, c.n, /** @type {HTMLElement} */ (e.currentTarget)),
          'aria-label': `查看引用 ${c.n} 的原文：${c.title}，${c.section}`,
        },
        h('span', { class: 'cite cite-static', 'aria-hidden': 'true' }, String(c.n)),
        h(
          'span',
          { class: 'source-body' },
          h('span', { class: 'source-title' }, c.title),
          h('span', { class: 'source-section' }, c.section),
          c.cell
            ? h(
                'span',
                { class: 'source-cell' },
                `${c.cell.row} · ${c.cell.col}：`,
                h('strong', null, c.cell.value === null ? '未填报' : `${fmt(c.cell.value)} ${c.cell.unit}`),
              )
            : shownInAnswer(msg.text ?? '', c.quote)
              ? null
              : h('span', { class: 'source-quote' }, c.quote.length > 90 ? `${c.quote.slice(0, 90)}…` : c.quote),
        ),
      ),
    ),
  );
  const more =
    list.length > LIMIT
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn btn-text',
            'aria-expanded': String(expanded),
            onclick: () => {
              section.dataset.expanded = String(!expanded);
              renderSources(section, msg);
              /** @type {HTMLElement | null} */ (section.querySelector('.btn-text'))?.focus();
            },
          },
          expanded ? '收起' : `展开全部 ${list.length} 条引用`,
        )
      : null;
  section.replaceChildren(
    h('h3', { class: 'sources-title' }, `引用原文（${list.length}）`),
    h('ol', { class: 'source-list' }, items),
    ...(more ? [more] : []),
  );
}

/**
 * Whether the answer's text holds the quote (line breaks inside it joined, as answers print them).
 * @param {string} text
 * @param {string} quote
 */
export function shownInAnswer(text, quote) {
  const flat = (/** @type {string} */ t) => t.replace(/\s+/g, '');
  return quote.length > 0 && flat(text).includes(flat(quote));
}

/**
 * Opens citation `n` of an answer in the source panel, with buttons to the previous and next.
 * @param {{ citations: Citation[] }} msg
 * @param {number} n
 * @param {HTMLElement | null} invoker
 */
export function openCitation(msg, n, invoker) {
  const list = msg.citations;
  const i = list.findIndex((c) => c.n === n);
  const c = list[i];
  if (!c) return;
  const meta = [];
  const who = [c.org, c.year ? `${c.year}年` : null].filter(Boolean).join(' · ');
  meta.push(
    h(
      'p',
      { class: 'source-where' },
      who,
      c.cell ? null : [h('span', { class: 'sep', 'aria-hidden': 'true' }, '｜'), c.section],
    ),
  );
  if (c.cell) {
    meta.push(
      h(
        'dl',
        { class: 'cell-info', 'data-testid': 'cell-info' },
        h('div', null, h('dt', null, '表格'), h('dd', null, c.section.split(' > ')[0] || c.cell.table)),
        h('div', null, h('dt', null, '行'), h('dd', null, c.cell.row)),
        h('div', null, h('dt', null, '列'), h('dd', null, c.cell.col)),
        h(
          'div',
          null,
          h('dt', null, '数值'),
          h('dd', { class: 'cell-value' }, c.cell.value === null ? '未填报' : `${fmt(c.cell.value)} ${c.cell.unit}`),
        ),
      ),
    );
  }
  const prev = list[i - 1];
  const next = list[i + 1];
  meta.push(
    h(
      'div',
      { class: 'drawer-nav' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary btn-sm',
          disabled: !prev,
          onclick: () => prev && openCitation(msg, prev.n, sourceInvoker()),
        },
        '‹ 上一条',
      ),
      h('span', { class: 'muted' }, `第 ${i + 1} / ${list.length} 条引用`),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary btn-sm',
          disabled: !next,
          onclick: () => next && openCitation(msg, next.n, sourceInvoker()),
        },
        '下一条 ›',
      ),
      h('button', { type: 'button', class: 'btn btn-text btn-sm', onclick: () => openReport(c.reportId) }, '报告详情'),
    ),
  );
  const asked = c.cell;
  const cell = asked
    ? async (/** @type {string} */ quote) => cellSpan(quote, asked, (await reportDetail(c.reportId)).layouts)
    : undefined;
  openSource({
    reportId: c.reportId,
    title: c.title,
    kicker: `引用 [${c.n}]`,
    meta,
    start: c.start,
    end: c.end,
    quote: c.quote,
    invoker,
    ...(cell ? { cell } : {}),
  });
  // the chip of this citation in the answer shows which one is open
  for (const el of document.querySelectorAll('button.cite.active')) el.classList.remove('active');
  const holder = invoker?.closest('.msg-assistant');
  holder?.querySelector(`.answer button.cite[data-n="${n}"]`)?.classList.add('active');
}

/**
 * Where a cited cell stands in the quote of its printed row, as offsets into the quote; null
 * when the row's printed values cannot be matched to it. The values are the row's last fields,
 * in the layout's column order; 表四 prints its three blocks side by side in one row.
 * @param {string} quote
 * @param {CitedCell} cell
 * @param {TableLayout[]} layouts
 * @returns {[number, number] | null}
 */
export function cellSpan(quote, cell, layouts) {
  const [table, row, col] = cell.key.split('.');
  const layout = layouts.find((l) => l.table === table);
  const part = layout?.parts.find((p) => p.rows.some((r) => r.key === row));
  if (!part) return null;
  const fields = [...quote.matchAll(/\S+/g)];
  const c = part.columns.findIndex((x) => x.key === col);
  const r = part.rows.findIndex((x) => x.key === row);
  const whole = part.rows.length * part.columns.length;
  const [values, index] =
    table === 't4' && fields.length >= whole
      ? [fields.slice(-whole), r * part.columns.length + c]
      : [fields.slice(-part.columns.length), c];
  const hit = values.length > index ? values[index] : undefined;
  if (!hit || hit.index === undefined) return null;
  const printed = hit[0];
  const same = cell.value === null ? BLANK.has(printed) : Number(printed.replace(/,/g, '')) === cell.value;
  return same ? [hit.index, hit.index + printed.length] : null;
}
