// @ts-check
// The card of one answer: the streamed text with citation chips, the result table and chart of a
// numeric answer, the cited sources, and the plan and SQL behind 依据.
import { chartOption, drawChart } from './chart.js';
import { openCitation, renderSources } from './citations.js';
import { fmt, h } from './dom.js';
import { COL_LABEL, INTENT_LABEL, ROUTE_LABEL } from './labels.js';
import { renderMarkdown } from './markdown.js';
import { openReport } from './nav.js';

/**
 * What the card shows, filled in as the stream arrives; `answer` is set when it is done.
 * @typedef {object} Msg
 * @property {string} question
 * @property {string} text
 * @property {import('./api.js').Citation[]} citations
 * @property {Record<string, unknown>[] | null} rows
 * @property {{ intent?: string } | null} plan
 * @property {string | null} sql
 * @property {unknown[] | null} params
 * @property {string | null} route
 * @property {string[]} warnings
 * @property {string | null} resolvedQuestion
 * @property {import('./api.js').Answer | null} answer
 */

const COL_ORDER = ['rank', 'org', 'region', 'year', 'category', 'value', 'rule', 'status', 'message', 'title'];
const SUMMARY_COLS = ['total', 'average', 'counted', 'reports'];

/**
 * An empty card for `question`.
 * @param {string} question
 * @returns {Msg}
 */
export const newMsg = (question) => ({
  question,
  text: '',
  citations: [],
  rows: null,
  plan: null,
  sql: null,
  params: null,
  route: null,
  warnings: [],
  resolvedQuestion: null,
  answer: null,
});

/**
 * Fills `msg` from a complete answer.
 * @param {Msg} msg
 * @param {import('./api.js').Answer} a
 */
export function settle(msg, a) {
  Object.assign(msg, {
    answer: a,
    text: a.answer,
    route: a.route,
    plan: a.plan ?? null,
    sql: a.sql ?? null,
    params: a.params ?? null,
    rows: a.rows ?? null,
    citations: a.citations ?? [],
    warnings: a.warnings ?? [],
    resolvedQuestion: a.resolvedQuestion ?? null,
  });
}

/**
 * The card of one answer; re-renders its parts as the stream fills `msg`.
 * @param {Msg} msg
 */
export function assistantView(msg) {
  const badge = h('span', { class: 'route-badge', hidden: true });
  const timing = h('span', { class: 'timing muted' });
  const resolved = h('p', { class: 'resolved', hidden: true, 'data-testid': 'resolved' });
  const body = h('div', { class: 'answer md', 'data-testid': 'answer-text' });
  const typing = h(
    'p',
    { class: 'typing', role: 'status' },
    h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
    '正在查询…',
  );
  const warnings = h('div', { class: 'warnings', role: 'note', hidden: true, 'data-testid': 'warnings' });
  const result = h('section', { class: 'result', hidden: true, 'aria-label': '查询结果' });
  const sources = h('section', { class: 'sources', hidden: true });
  const basis = h('div', { class: 'basis', hidden: true });
  const error = h('div', { class: 'error', role: 'alert', hidden: true });
  const root = h(
    'li',
    { class: 'msg msg-assistant', 'data-testid': 'answer', 'aria-busy': 'true' },
    h('div', { class: 'msg-head' }, h('span', { class: 'speaker' }, '年报问答'), badge, timing),
    resolved,
    body,
    typing,
    warnings,
    result,
    sources,
    basis,
    error,
  );
  /** @type {Msg['rows']} */
  let drawnRows = null;
  let textFrame = 0;

  /** @param {number} n */
  const chip = (n) => {
    const c = msg.citations.find((x) => x.n === n);
    return h(
      'button',
      {
        type: 'button',
        class: 'cite',
        'data-n': n,
        'data-testid': 'cite',
        'aria-label': c ? `引用 ${n}：${c.title}，${c.section}` : `引用 ${n}`,
        title: c ? `${c.org ?? ''}${c.year ? ` ${c.year}年` : ''} · ${c.section}` : undefined,
        onclick: (/** @type {MouseEvent} */ e) => openCitation(msg, n, /** @type {HTMLElement} */ (e.currentTarget)),
      },
      String(n),
    );
  };

  const renderText = () => {
    if (textFrame) cancelAnimationFrame(textFrame);
    textFrame = 0;
    body.replaceChildren(renderMarkdown(msg.text, chip));
    // The first paragraph answers the question; the lists and quotes under it are the evidence.
    const first = body.firstElementChild;
    if (first?.tagName === 'P') {
      first.classList.add('lead');
      first.setAttribute('data-testid', 'lead');
    }
    if (msg.text) typing.hidden = true;
  };
  // streamed text is drawn once a frame; the final text at once
  const updateText = () => {
    if (msg.answer) renderText();
    else textFrame ||= requestAnimationFrame(renderText);
  };

  const update = () => {
    if (msg.route) {
      badge.hidden = false;
      badge.textContent = ROUTE_LABEL[msg.route] ?? msg.route;
      badge.dataset.route = msg.route;
    }
    if (msg.resolvedQuestion && msg.resolvedQuestion !== msg.question) {
      resolved.hidden = false;
      resolved.textContent = `按“${msg.resolvedQuestion}”理解`;
    }
    if (msg.warnings?.length) {
      warnings.hidden = false;
      warnings.replaceChildren(
        h('p', { class: 'warnings-title' }, h('span', { class: 'warn-icon', 'aria-hidden': 'true' }, '!'), '校验提示'),
        h(
          'ul',
          null,
          msg.warnings.map((w) => h('li', null, w)),
        ),
      );
    }
    if (msg.rows?.length && msg.rows !== drawnRows) {
      drawnRows = msg.rows;
      renderResult(result, msg);
    }
    renderSources(sources, msg);
    if (msg.answer) renderBasis(basis, msg);
  };

  return {
    root,
    update,
    updateText,
    finish() {
      typing.hidden = true;
      root.setAttribute('aria-busy', 'false');
      const ms = msg.answer?.timings?.totalMs;
      if (typeof ms === 'number')
        timing.textContent = `用时 ${ms < 1000 ? `${Math.round(ms)} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`}`;
      if (msg.answer?.refused) root.classList.add('refused');
    },
    /**
     * @param {string} message
     * @param {() => void} retry
     */
    fail(message, retry) {
      typing.hidden = true;
      root.setAttribute('aria-busy', 'false');
      error.hidden = false;
      error.replaceChildren(
        h('p', { text: message }),
        h('button', { type: 'button', class: 'btn btn-secondary', onclick: retry }, '重试'),
      );
    },
  };
}

/** @param {Msg} msg */
function unitOf(msg) {
  return msg.citations.find((c) => c.cell?.unit)?.cell?.unit ?? '';
}

/**
 * The result of a numeric answer: a summary line, a chart where the plan gets one, the table.
 * @param {HTMLElement} section
 * @param {Msg} msg
 */
function renderResult(section, msg) {
  const rows = (msg.rows ?? []).filter((r) => r && typeof r === 'object');
  if (!rows.length) return;
  const plan = msg.plan ?? {};
  const intent = plan.intent ?? '';
  const unit = unitOf(msg);
  section.hidden = false;
  section.replaceChildren();

  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'report_id');
  const summaryKeys = ['sum', 'avg', 'count'].includes(intent) ? SUMMARY_COLS.filter((k) => keys.includes(k)) : [];
  const cols = [...COL_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !COL_ORDER.includes(k))].filter(
    (k) => !summaryKeys.includes(k),
  );

  const cells = msg.citations.flatMap((c) => (c.cell ? [c.cell] : []));
  const first = cells[0];
  const metric =
    first && cells.every((c) => c.row === first.row && c.col === first.col) ? `${first.row}（${first.col}）` : '';
  section.append(
    h(
      'h3',
      { class: 'result-title' },
      '查询结果',
      intent ? h('span', { class: 'tag' }, INTENT_LABEL[intent] ?? intent) : null,
      metric ? h('span', { class: 'result-metric' }, metric) : null,
    ),
  );

  const r0 = rows[0];
  if (summaryKeys.length && r0) {
    const parts = [];
    if ('total' in r0) parts.push(`合计 ${fmt(r0.total)}${unit ? ` ${unit}` : ''}`);
    if ('average' in r0) parts.push(`平均 ${fmt(r0.average)}${unit ? ` ${unit}` : ''}`);
    if ('counted' in r0)
      parts.push(`计入 ${fmt(r0.counted)} 份报告${'reports' in r0 ? `（共 ${fmt(r0.reports)} 份）` : ''}`);
    else if ('reports' in r0) parts.push(`共 ${fmt(r0.reports)} 份报告`);
    section.append(h('p', { class: 'result-summary' }, parts.join(' · ')));
  }

  const option = chartOption(plan, rows, unit);
  // a chart of nothing but zeros (or blanks) is an empty frame: say so, the table follows
  const drawable = rows.some((r) => typeof r.value === 'number' && r.value !== 0);
  if (option && !drawable) {
    const zeros = rows.some((r) => r.value === 0);
    section.append(
      h(
        'p',
        { class: 'result-note', 'data-testid': 'chart-note' },
        zeros ? '各项数值全部为 0，不绘制图表。' : '没有已填报的数值，不绘制图表。',
      ),
    );
  } else if (option) {
    const el = h('div', {
      class: 'chart',
      'data-testid': 'chart',
      role: 'img',
      'aria-label': `${INTENT_LABEL[intent] ?? ''}图表${metric ? `：${metric}` : ''}，数据见下表`,
    });
    const bars = intent === 'rank' ? rows.length : 0;
    if (bars > 5) el.style.height = `${Math.min(520, 64 + bars * 34)}px`;
    section.append(el);
    drawChart(el, option);
  }

  /** @param {string} k */
  const header = (k) => (k === 'value' && unit ? `数值（${unit}）` : (COL_LABEL[k] ?? k));
  /** @param {string} k */
  const numeric = (k) =>
    rows.every((r) => r[k] === null || r[k] === undefined || typeof r[k] === 'number') && k !== 'year';
  /**
   * @param {Record<string, unknown>} r
   * @param {string} k
   */
  const td = (r, k) => {
    const v = r[k];
    const id = r.report_id;
    if (k === 'title' && typeof id === 'number') {
      return h(
        'td',
        { class: 'wrap' },
        h('button', { type: 'button', class: 'linkish', onclick: () => openReport(id) }, String(v ?? `报告 ${id}`)),
      );
    }
    if (k === 'status')
      return h('td', null, h('span', { class: `status status-${String(v).toLowerCase()}` }, String(v ?? '')));
    if (v === null || v === undefined) return h('td', { class: 'na' }, k === 'value' ? '未填报' : '—');
    if (k === 'message' || k === 'title') return h('td', { class: 'wrap' }, String(v));
    return h('td', { class: numeric(k) ? 'num' : undefined }, k === 'year' ? `${v}年` : fmt(v));
  };
  const table = h(
    'table',
    { class: 'grid result-table', 'data-testid': 'result-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        cols.map((k) => h('th', { scope: 'col', class: numeric(k) ? 'num' : undefined }, header(k))),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          cols.map((k) => td(r, k)),
        ),
      ),
    ),
  );
  section.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '查询结果表' }, table));
}

/**
 * 依据: the plan, SQL and parameters behind an answer, collapsed until asked for.
 * @param {HTMLElement} box
 * @param {Msg} msg
 */
function renderBasis(box, msg) {
  if (!msg.plan && !msg.sql) {
    box.hidden = true;
    return;
  }
  if (box.childElementCount) return;
  box.hidden = false;
  const id = `basis-${Math.random().toString(36).slice(2, 9)}`;
  const region = h(
    'div',
    { id, class: 'basis-body', hidden: true, 'data-testid': 'basis' },
    msg.plan ? [h('h4', null, '查询计划'), h('pre', { class: 'code' }, compactJSON(msg.plan))] : null,
    msg.sql ? [h('h4', null, 'SQL'), h('pre', { class: 'code' }, prettySql(msg.sql))] : null,
    msg.params ? [h('h4', null, '参数'), h('pre', { class: 'code' }, JSON.stringify(msg.params))] : null,
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'basis-toggle',
      'aria-expanded': 'false',
      'aria-controls': id,
      'data-testid': 'basis-toggle',
      onclick: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        region.hidden = !open;
      },
    },
    h('span', { class: 'chev', 'aria-hidden': 'true' }),
    '依据',
  );
  box.append(toggle, region);
}

/**
 * Indented JSON with short arrays of scalars kept on one line.
 * @param {unknown} value
 */
function compactJSON(value) {
  return JSON.stringify(value, null, 2).replace(
    /\[\s*\n([^[\]{}]*?)\n\s*\]/g,
    (_, inner) =>
      `[${inner
        .trim()
        .split(/,\s*\n\s*/)
        .join(', ')}]`,
  );
}

/**
 * Line breaks before the main SQL keywords, for reading.
 * @param {string} sql
 */
function prettySql(sql) {
  return sql
    .replace(/\s+(FROM|JOIN|WHERE|GROUP BY|ORDER BY|LIMIT|SELECT \* FROM|UNION)\b/g, '\n  $1')
    .replace(/\),\s*(\w+ AS \()/g, '),\n$1');
}
