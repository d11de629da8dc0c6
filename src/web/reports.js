// @ts-check
// The report list: year and level are asked of the server, the text box filters what it returned.
import { listReports } from './api.js';
import { $, h } from './dom.js';
import { openReport } from './nav.js';

const browser = {
  /** @type {import('./api.js').ReportListItem[]} every report (the list without filters) */
  all: [],
  /** @type {import('./api.js').ReportListItem[]} what the server returned for the filters */
  list: [],
  loaded: false,
  requestId: 0,
};

export const reportsLoaded = () => browser.loaded;

const collator = new Intl.Collator('zh-CN');
/**
 * Newest year first (reports without a year last), then by org and title in Chinese order.
 * @param {import('./api.js').ReportListItem} a
 * @param {import('./api.js').ReportListItem} b
 */
const byYearThenOrg = (a, b) => (b.year ?? -Infinity) - (a.year ?? -Infinity) || collator.compare(a.org ?? '', b.org ?? '') || collator.compare(a.title, b.title);

const field = (/** @type {string} */ name) => /** @type {HTMLSelectElement} */ (/** @type {HTMLFormElement} */ ($('#report-filters')).elements.namedItem(name));

export async function loadReports() {
  const year = field('year').value;
  const level = field('level').value;
  const id = ++browser.requestId;
  $('#report-count').textContent = '正在载入…';
  try {
    const reports = await listReports({ year, level });
    if (id !== browser.requestId) return;
    browser.list = reports.sort(byYearThenOrg);
    if (!year && !level) {
      browser.all = reports;
      const sel = field('year');
      const have = new Set([...sel.options].map((o) => o.value));
      for (const y of [...new Set(reports.map((r) => r.year).filter((y) => y !== null))].sort((a, b) => b - a)) {
        if (!have.has(String(y))) sel.append(h('option', { value: y }, `${y}年`));
      }
    }
    browser.loaded = true;
    renderReportList();
  } catch (e) {
    if (id !== browser.requestId) return;
    $('#report-count').textContent = '';
    $('#report-list').replaceChildren(h('li', { class: 'error', role: 'alert' }, `报告列表载入失败：${e instanceof Error ? e.message : e}`));
  }
}

export function renderReportList() {
  const text = /** @type {HTMLInputElement} */ ($('#f-org')).value.trim();
  const shown = browser.list.filter((r) => !text || [r.org, r.region, r.title].some((s) => s && s.includes(text)));
  $('#report-count').textContent = `共 ${shown.length} 份报告${shown.length !== browser.all.length && browser.all.length ? `（库中 ${browser.all.length} 份）` : ''}，按年度从新到旧、机关排列`;
  const list = $('#report-list');
  if (!shown.length) {
    list.replaceChildren(h('li', { class: 'empty muted' }, '没有符合条件的报告。'));
    return;
  }
  list.replaceChildren(
    ...shown.map((r) =>
      h(
        'li',
        { class: `report-card${r.validation?.fail ? ' has-fail' : ''}`, 'data-testid': 'report-card' },
        h('h2', { class: 'report-card-title' }, h('button', { type: 'button', class: 'linkish', onclick: () => openReport(r.id), 'data-report-id': r.id }, r.title)),
        h('p', { class: 'report-card-meta' }, [r.org, r.region, r.level, r.year ? `${r.year}年` : null, r.template ? `${r.template}版模板` : null].filter(Boolean).join(' · ')),
        validationBadges(r.validation),
      ),
    ),
  );
}

/**
 * 通过 / 未通过 / 不适用 counts of a report's checks.
 * @param {{ pass: number, fail: number, na: number } | undefined} v
 */
export function validationBadges(v) {
  if (!v) return null;
  return h(
    'p',
    { class: 'badges', 'aria-label': `勾稽校验：通过 ${v.pass} 项，未通过 ${v.fail} 项，不适用 ${v.na} 项` },
    h('span', { class: 'badge badge-pass' }, `通过 ${v.pass}`),
    h('span', { class: `badge ${v.fail ? 'badge-fail' : 'badge-zero'}` }, `未通过 ${v.fail}`),
    h('span', { class: 'badge badge-na' }, `不适用 ${v.na}`),
  );
}
