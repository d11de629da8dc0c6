// @ts-check
// The report list, one page at a time: the server filters (text, year, level), orders (newest year
// first, then org) and counts; the text box asks it once typing pauses, since the list route is
// rate-limited per client.
import { listReports } from './api.js';
import { $, h } from './dom.js';
import { TEMPLATE_LABEL, UNNAMED_ORG_LABEL } from './labels.js';
import { openReport } from './nav.js';

/** Reports per page. */
export const PAGE_SIZE = 20;
/** How long typing pauses before the text box asks the server. */
const TYPING_MS = 300;

const browser = {
  loaded: false,
  /** the list on screen: what it was asked with (so an unchanged box asks nothing) and its offset */
  shown: '',
  offset: 0,
  /** @type {AbortController | null} the request under way */
  request: null,
  /** what it asks */
  asking: '',
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  typing: undefined,
};

export const reportsLoaded = () => browser.loaded;

const field = (/** @type {string} */ name) =>
  /** @type {HTMLInputElement | HTMLSelectElement} */ (
    /** @type {HTMLFormElement} */ ($('#report-filters')).elements.namedItem(name)
  );

/** The text box changed: ask once typing pauses. */
export function queueTextFilter() {
  clearTimeout(browser.typing);
  browser.typing = setTimeout(() => loadReports(), TYPING_MS);
}

/**
 * Loads the page of the list at `offset` under the filters in the form; a filter change starts at
 * the first page. A request still under way for an earlier state is abandoned.
 * @param {number} [offset]
 */
export async function loadReports(offset = 0) {
  clearTimeout(browser.typing);
  const filter = {
    q: field('org').value.trim(),
    year: field('year').value,
    level: field('level').value,
    offset,
    limit: PAGE_SIZE,
  };
  const key = JSON.stringify(filter);
  if (browser.request ? key === browser.asking : browser.loaded && key === browser.shown) return;
  browser.request?.abort();
  const request = (browser.request = new AbortController());
  browser.asking = key;
  const list = $('#report-list');
  $('#report-count').textContent = '正在载入…';
  list.setAttribute('aria-busy', 'true');
  try {
    const page = await listReports(filter, request.signal);
    if (request !== browser.request) return;
    browser.request = null;
    list.removeAttribute('aria-busy');
    // past the end (reports were removed meanwhile): the last page there is
    if (!page.reports.length && page.total && offset)
      return loadReports(Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
    browser.loaded = true;
    browser.shown = key;
    browser.offset = page.offset;
    fillYears(page.years, filter.year);
    renderReportList(page);
  } catch (e) {
    if (request !== browser.request) return;
    browser.request = null;
    browser.shown = '';
    list.removeAttribute('aria-busy');
    $('#report-count').textContent = '';
    $('#report-pager').hidden = true;
    list.replaceChildren(
      h('li', { class: 'error', role: 'alert' }, `报告列表载入失败：${e instanceof Error ? e.message : e}`),
    );
  }
}

/**
 * The year choices: the years the other filters leave, newest first, with their counts; the chosen
 * year stays a choice even when nothing is left in it.
 * @param {import('./api.js').ReportListPage['years']} years
 * @param {string} chosen
 */
function fillYears(years, chosen) {
  const sel = /** @type {HTMLSelectElement} */ (field('year'));
  const have = years.filter((y) => y.year !== null);
  if (chosen && !have.some((y) => String(y.year) === chosen)) have.push({ year: Number(chosen), count: 0 });
  have.sort((a, b) => Number(b.year) - Number(a.year));
  sel.replaceChildren(
    h('option', { value: '' }, '全部年度'),
    ...have.map((y) => h('option', { value: y.year }, `${y.year}年（${y.count}）`)),
  );
  sel.value = chosen;
}

/** @param {import('./api.js').ReportListPage} page */
function renderReportList(page) {
  const { total, offset, reports } = page;
  $('#report-count').textContent = total
    ? `第 ${offset + 1}–${offset + reports.length} 份，共 ${total} 份，按年度从新到旧、机关排列`
    : '共 0 份';
  const pager = $('#report-pager');
  pager.hidden = total <= PAGE_SIZE;
  const prev = /** @type {HTMLButtonElement} */ ($('#page-prev'));
  const next = /** @type {HTMLButtonElement} */ ($('#page-next'));
  prev.disabled = offset === 0;
  next.disabled = offset + reports.length >= total;
  $('#page-of').textContent = `第 ${Math.floor(offset / PAGE_SIZE) + 1} / ${Math.ceil(total / PAGE_SIZE)} 页`;
  // a pager button that just turned off would drop the focus to the page's start
  if (document.activeElement instanceof HTMLButtonElement && document.activeElement.disabled)
    (prev.disabled ? next : prev).focus();
  const list = $('#report-list');
  if (!reports.length) {
    list.replaceChildren(h('li', { class: 'empty muted' }, '没有符合条件的报告。'));
    return;
  }
  list.replaceChildren(
    ...reports.map((r) =>
      h(
        'li',
        { class: `report-card${r.validation?.fail ? ' has-fail' : ''}`, 'data-testid': 'report-card' },
        h(
          'h2',
          { class: 'report-card-title' },
          h(
            'button',
            { type: 'button', class: 'linkish', onclick: () => openReport(r.id), 'data-report-id': r.id },
            r.title,
          ),
        ),
        h(
          'p',
          { class: 'report-card-meta' },
          [
            r.org ?? UNNAMED_ORG_LABEL,
            r.region,
            r.level,
            r.year ? `${r.year}年` : null,
            r.template ? (TEMPLATE_LABEL[r.template] ?? r.template) : null,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        validationBadges(r.validation),
      ),
    ),
  );
}

/**
 * Turns the page: the one before or after what is on screen.
 * @param {-1 | 1} step
 */
export function turnPage(step) {
  loadReports(Math.max(0, browser.offset + step * PAGE_SIZE)).then(() =>
    $('#report-count').scrollIntoView({ block: 'nearest' }),
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
