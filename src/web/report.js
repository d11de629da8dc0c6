// @ts-check
// One report: metadata, its checks, 表二/表三/表四 as printed (laid out by the server's
// `layouts`, filled from its cells) and its section outline; rows and sections open the text.
import { reportDetail } from './api.js';
import { fillQuestion } from './composer.js';
import { TEMPLATE_LABEL, UNNAMED_ORG_LABEL } from './labels.js';
import { $, fmt, h } from './dom.js';
import { navigate } from './nav.js';
import { validationBadges } from './reports.js';
import { openSource } from './source.js';

/**
 * @typedef {import('./api.js').Cell} Cell
 * @typedef {import('./api.js').ReportInfo} ReportInfo
 * @typedef {import('./api.js').TableLayout} TableLayout
 * @typedef {import('../domain/layout.ts').LayoutPart} LayoutPart
 */

const STATUS = {
  ok: '正常',
  blank: '空白',
  recovered: '由勾稽关系恢复',
  unparsed: '无法识别',
  missing: '未找到',
  ocr: '扫描件OCR识别，请核对原件',
};
const CHECK = { PASS: '通过', FAIL: '未通过', NA: '不适用' };

/** @param {number} id */
export async function renderReportDetail(id) {
  const view = $('#report-detail-view');
  $('#report-list-view').hidden = true;
  view.hidden = false;
  view.replaceChildren(h('p', { class: 'muted' }, '正在载入报告…'));
  let data;
  try {
    data = await reportDetail(id);
  } catch (e) {
    view.replaceChildren(
      backButton(),
      h('p', { class: 'error', role: 'alert' }, `报告载入失败：${e instanceof Error ? e.message : e}`),
    );
    return;
  }
  if (location.hash !== `#reports/${id}`) return;
  const { report: r, sections, cells, validation, layouts } = data;
  const pass = validation.filter((v) => v.status === 'PASS').length;
  const fail = validation.filter((v) => v.status === 'FAIL').length;
  const na = validation.filter((v) => v.status === 'NA').length;

  /** @type {[string, string | null][]} */
  const fields = [
    ['机关', r.org ?? UNNAMED_ORG_LABEL],
    ['地区', r.region],
    ['层级', r.level],
    ['年度', r.year ? `${r.year}年` : null],
    ['模板', r.template ? (TEMPLATE_LABEL[r.template] ?? r.template) : null],
    ['发布日期', r.published],
    ['来源文件', r.file],
  ];
  // a report that names no region is not a failure to read it
  /** @param {string} k */
  const missing = (k) =>
    k === '地区'
      ? h('dd', { class: 'na', title: '报告标题和正文中没有写明所属地区' }, '未注明')
      : h('dd', { class: 'na', title: '未能从报告中识别' }, '未识别');
  const meta = h(
    'dl',
    { class: 'meta-grid' },
    fields.map(([k, v]) => h('div', null, h('dt', null, k), v ? h('dd', null, v) : missing(k))),
  );
  const actions = h(
    'div',
    { class: 'detail-actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        onclick: (/** @type {MouseEvent} */ e) =>
          openSource({
            reportId: r.id,
            title: r.title,
            kicker: '报告原文',
            meta: [
              h('p', { class: 'source-where' }, [r.org, r.year ? `${r.year}年` : null].filter(Boolean).join(' · ')),
            ],
            invoker: /** @type {HTMLElement} */ (e.currentTarget),
          }),
      },
      '查看原文',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary',
        onclick: () => {
          navigate('');
          fillQuestion(`${r.org ?? ''}${r.year ? `${r.year}年` : ''}`, true);
        },
      },
      '就此报告提问',
    ),
  );

  const order = { FAIL: 0, NA: 1, PASS: 2 };
  const checks = h(
    'section',
    { class: 'detail-section', 'aria-labelledby': 'checks-title' },
    h(
      'h2',
      { id: 'checks-title' },
      '勾稽校验',
      h('span', { class: 'section-note' }, `通过 ${pass} · 未通过 ${fail} · 不适用 ${na}`),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid checks', 'data-testid': 'validation' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '规则'),
            h('th', { scope: 'col' }, '结果'),
            h('th', { scope: 'col' }, '说明'),
          ),
        ),
        h(
          'tbody',
          null,
          [...validation]
            .sort((a, b) => order[a.status] - order[b.status])
            .map((v) =>
              h(
                'tr',
                { class: v.status === 'FAIL' ? 'row-fail' : v.status === 'NA' ? 'row-na' : undefined },
                h('td', { class: 'mono' }, v.rule),
                h(
                  'td',
                  null,
                  h('span', { class: `status status-${v.status.toLowerCase()}` }, CHECK[v.status] ?? v.status),
                ),
                h('td', null, v.message),
              ),
            ),
        ),
      ),
    ),
  );

  const byKey = new Map(cells.map((c) => [c.key, c]));
  // A report before the 2019 template has no standard tables to draw: the page says so.
  const tables = layouts.length
    ? layouts.map((layout) => tableSection(r, layout, byKey))
    : [
        h(
          'section',
          { class: 'detail-section', 'data-testid': 'no-tables' },
          h('h2', null, '统计表'),
          h('p', { class: 'muted' }, '本报告没有标准统计表（表二、表三、表四），只收录了正文。'),
        ),
      ];
  const outline = sections.length
    ? h(
        'section',
        { class: 'detail-section', 'aria-labelledby': 'outline-title' },
        h('h2', { id: 'outline-title' }, '章节'),
        h(
          'ol',
          { class: 'outline' },
          sections.map((s) =>
            h(
              'li',
              { class: `depth-${s.depth}` },
              h(
                'button',
                {
                  type: 'button',
                  class: 'linkish',
                  onclick: (/** @type {MouseEvent} */ e) =>
                    openSource({
                      reportId: r.id,
                      title: r.title,
                      kicker: '章节',
                      meta: [h('p', { class: 'source-where' }, s.path)],
                      start: s.start,
                      end: Math.min(s.end, s.start + s.title.length),
                      invoker: /** @type {HTMLElement} */ (e.currentTarget),
                      markClass: 'section',
                    }),
                },
                s.title,
              ),
            ),
          ),
        ),
      )
    : null;

  view.replaceChildren(
    backButton(),
    h(
      'article',
      { class: 'report-detail', 'data-testid': 'report-detail', 'aria-labelledby': 'detail-title' },
      h(
        'header',
        { class: 'detail-head' },
        h('h1', { id: 'detail-title', class: 'section-title', tabindex: '-1' }, r.title),
        validationBadges({ pass, fail, na }),
      ),
      meta,
      actions,
      checks,
      ...tables,
      outline,
    ),
  );
  $('#detail-title').focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
}

function backButton() {
  return h(
    'button',
    { type: 'button', class: 'btn btn-text back', onclick: () => navigate('#reports') },
    '‹ 返回报告列表',
  );
}

/**
 * The header rows of one part: a heading over all columns and column groups where printed.
 * @param {TableLayout} layout
 * @param {LayoutPart} part
 * @param {number} width columns of the widest part, row labels included
 */
function headerRows(layout, part, width) {
  const grouped = part.columns.some((c) => c.group);
  const depth = 1 + (grouped ? 1 : 0) + (layout.colHeading ? 1 : 0);
  const pad =
    part.columns.length + 1 < width
      ? h('td', { colspan: width - part.columns.length - 1, class: 'pad', rowspan: depth })
      : null;
  const corner = h('th', { scope: 'col', class: 'corner', rowspan: depth }, layout.rowHeading);
  const rows = [];
  if (layout.colHeading) rows.push([h('th', { scope: 'colgroup', colspan: part.columns.length }, layout.colHeading)]);
  if (grouped) {
    const top = [];
    const sub = [];
    for (const [i, c] of part.columns.entries()) {
      if (!c.group) top.push(h('th', { scope: 'col', rowspan: 2 }, c.label));
      else {
        if (part.columns[i - 1]?.group !== c.group)
          top.push(
            h('th', { scope: 'colgroup', colspan: part.columns.filter((x) => x.group === c.group).length }, c.group),
          );
        sub.push(h('th', { scope: 'col' }, c.label));
      }
    }
    rows.push(top, sub);
  } else rows.push(part.columns.map((c) => h('th', { scope: 'col' }, c.label)));
  rows[0]?.unshift(corner);
  if (pad) rows[0]?.push(pad);
  return rows.map((cells) => h('tr', { class: 'head' }, cells));
}

/**
 * One of 表二/表三/表四 as printed: each part's header, then its rows under their group headings.
 * @param {ReportInfo} report
 * @param {TableLayout} layout
 * @param {Map<string, Cell>} cells
 */
function tableSection(report, layout, cells) {
  const { table: t, title } = layout;
  const sec = h('section', { class: 'detail-section', 'data-testid': `table-${t}` }, h('h2', null, title));
  if (![...cells.keys()].some((k) => k.startsWith(`${t}.`))) {
    sec.append(h('p', { class: 'muted' }, '本报告中未识别出此表。'));
    return sec;
  }
  const width = 1 + Math.max(...layout.parts.map((p) => p.columns.length));

  /** @param {Cell | undefined} c */
  const valueCell = (c) => {
    if (!c) return h('td', { class: 'na' }, '—');
    const tip = [`状态：${STATUS[c.status] ?? c.status}`, c.raw !== null ? `原文：${c.raw}` : null]
      .filter(Boolean)
      .join('；');
    if (c.value === null) return h('td', { class: 'na', title: tip }, '未填报');
    return h('td', { class: `num${c.status === 'recovered' ? ' recovered' : ''}`, title: tip }, fmt(c.value));
  };
  /**
   * The row's label, a button to its printed row in the text when it was found.
   * @param {{ label: string, groups: string[] }} row
   * @param {(Cell | undefined)[]} rowCells
   */
  const rowHead = (row, rowCells) => {
    const at = rowCells.find((c) => c && c.start !== null && c.end !== null);
    return h(
      'th',
      { scope: 'row', class: row.groups.length ? `indent indent-${row.groups.length}` : undefined },
      at
        ? h(
            'button',
            {
              type: 'button',
              class: 'linkish row-link',
              title: '在原文中查看这一行',
              onclick: (/** @type {MouseEvent} */ e) =>
                openSource({
                  reportId: report.id,
                  title: report.title,
                  kicker: title,
                  meta: [h('p', { class: 'source-where' }, `${title} > ${row.label}`)],
                  start: at.start ?? undefined,
                  end: at.end ?? undefined,
                  invoker: /** @type {HTMLElement} */ (e.currentTarget),
                }),
            },
            row.label,
          )
        : row.label,
    );
  };

  const table = h('table', { class: `grid report-table report-${t}` });
  for (const part of layout.parts) {
    const out = [];
    if (part.label) out.push(h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: width }, part.label)));
    out.push(...headerRows(layout, part, width));
    /** @type {string[]} */
    let shown = [];
    for (const row of part.rows) {
      // a heading row where the row enters a group the previous row was not in
      const from = row.groups.findIndex((g, d) => shown[d] !== g);
      for (let d = Math.max(from, 0); from >= 0 && d < row.groups.length; d++) {
        const indent = d ? `indent indent-${d}` : undefined;
        out.push(
          h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: width, class: indent }, row.groups[d])),
        );
      }
      shown = row.groups;
      const rowCells = part.columns.map((c) => cells.get(`${t}.${row.key}.${c.key}`));
      const pad =
        part.columns.length + 1 < width ? h('td', { colspan: width - part.columns.length - 1, class: 'pad' }) : null;
      out.push(h('tr', null, rowHead(row, rowCells), rowCells.map(valueCell), pad));
    }
    table.append(h('tbody', null, out));
  }
  sec.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': title }, table));
  return sec;
}
