// 年报问答 — the page. Plain ES module, no build step; ECharts is loaded from /vendor/ on demand.
// Server text is only ever placed with textContent / text nodes (never innerHTML).
import { renderMarkdown } from './markdown.js';

const EXAMPLES = [
  '花马池镇2021年行政处罚多少件？',
  '2021年哪个镇收到的申请最多？',
  '各镇行政处罚排名',
  '葛寨镇存在哪些主要问题？',
  '花马池镇在平台建设方面做了什么？',
  '哪些报告勾稽关系不一致？',
];

const ROUTE_LABEL = { sql: '表格数据', hybrid: '表格数据 + 原文', retrieval: '原文摘录', none: '未找到' };
const INTENT_LABEL = {
  lookup: '查询', sum: '合计', avg: '平均', rank: '排名', max: '最多', min: '最少', filter: '筛选',
  compare: '对比', trend: '趋势', breakdown: '构成', count: '计数', quality: '勾稽校验',
};
const CHART_TYPE = { trend: 'line', compare: 'bar', rank: 'bar', max: 'bar', min: 'bar', sum: 'bar', avg: 'bar', breakdown: 'bar' };
const COL_LABEL = {
  rank: '排名', org: '机关', region: '地区', year: '年度', category: '类别', value: '数值', title: '报告',
  rule: '规则', status: '结果', message: '说明', total: '合计', average: '平均', counted: '计入报告数', reports: '报告数',
};
const COL_ORDER = ['rank', 'org', 'region', 'year', 'category', 'value', 'rule', 'status', 'message', 'title'];
const SUMMARY_COLS = ['total', 'average', 'counted', 'reports'];
const PALETTE = ['#24508f', '#3a8fb7', '#c98a2b', '#5d8a3a', '#8a5aa8', '#b8474b', '#4f6f8f', '#2f9c8f'];
const FONT = '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif';

// Display order of the standard tables (mirrors src/domain/catalogue.ts; unknown keys go last).
const TABLE_ORDER = {
  t2: {
    rows: ['reg', 'norm', 'license', 'other_mgmt_service', 'penalty', 'coercion', 'fee', 'central_procurement'],
    cols: ['made', 'repealed', 'valid', 'new_made', 'new_published', 'total_published', 'prev_items', 'delta', 'decisions', 'count', 'amount'],
  },
  t3: {
    rows: [
      'new', 'carried_over', 'granted', 'partial',
      'deny_state_secret', 'deny_law_forbidden', 'deny_three_safety', 'deny_third_party', 'deny_internal_affairs', 'deny_process_info', 'deny_enforcement_file', 'deny_admin_query',
      'unable_no_info', 'unable_need_create', 'unable_unclear',
      'noproc_petition', 'noproc_repeat', 'noproc_publication', 'noproc_mass_repeat', 'noproc_confirm',
      'other_no_correction', 'other_no_fee', 'other_other', 'other_processing', 'total_processed', 'carry_forward',
    ],
    cols: ['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total'],
  },
  t4: { rows: ['review', 'lit_direct', 'lit_after_review'], cols: ['upheld', 'corrected', 'other', 'pending', 'total'] },
};
/** 表三 group headings (merged cells in the printed table), shown before the group's first row. */
const T3_GROUPS = [
  { before: 'granted', label: '三、本年度办理结果' },
  { before: 'deny_', label: '（三）不予公开' },
  { before: 'unable_', label: '（四）无法提供' },
  { before: 'noproc_', label: '（五）不予处理' },
  { before: 'other_no_correction', label: '（六）其他处理' },
];
const T3_LEGAL_PERSON = ['commercial', 'research', 'social', 'legal', 'other_org'];
const TABLE_SHORT = { t2: '表二', t3: '表三', t4: '表四' };

// ---------------------------------------------------------------------------------------------
// small DOM helpers

const $ = (sel, root = document) => /** @type {HTMLElement} */ (root.querySelector(sel));

/** createElement with attributes, listeners (onX) and children (strings become text nodes). */
function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

const fmt = (v) => (v === null || v === undefined ? '未填报' : typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v));
const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
const narrow = () => matchMedia('(max-width: 760px)').matches;
const announce = (text) => {
  const a = $('#announcer');
  a.textContent = '';
  setTimeout(() => (a.textContent = text), 50);
};

async function getJSON(url, signal) {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error ?? `请求失败（HTTP ${res.status}）`);
  return body;
}

const textCache = new Map();
const reportCache = new Map();
const reportText = (id) => {
  if (!textCache.has(id)) textCache.set(id, getJSON(`/api/reports/${id}/text`).then((r) => r.text).catch((e) => (textCache.delete(id), Promise.reject(e))));
  return textCache.get(id);
};
const reportDetail = (id) => {
  if (!reportCache.has(id)) reportCache.set(id, getJSON(`/api/reports/${id}`).catch((e) => (reportCache.delete(id), Promise.reject(e))));
  return reportCache.get(id);
};

// ---------------------------------------------------------------------------------------------
// Server-Sent Events over fetch

/** Yields {event, data} from a text/event-stream body. */
async function* readSSE(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  const parse = (block) => {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      let value = i < 0 ? '' : line.slice(i + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length ? { event, data: data.join('\n') } : null;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf = (buf + value).replace(/\r\n?/g, '\n');
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const ev = parse(buf.slice(0, i));
      buf = buf.slice(i + 2);
      if (ev) yield ev;
    }
  }
  const last = parse(buf);
  if (last) yield last;
}

// ---------------------------------------------------------------------------------------------
// ECharts, loaded on first use

let echartsLoading = null;
function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  echartsLoading ??= new Promise((resolve, reject) => {
    const s = h('script', { src: '/vendor/echarts.min.js', async: true });
    s.onload = () => resolve(window.echarts);
    s.onerror = () => {
      echartsLoading = null;
      reject(new Error('图表组件加载失败'));
    };
    document.head.append(s);
  });
  return echartsLoading;
}

const charts = new Set();

/** An ECharts option for a numeric answer, or null when the plan gets no chart. */
function chartOption(plan, rows, unit) {
  const type = CHART_TYPE[plan?.intent];
  const data = rows.filter((r) => r && typeof r === 'object');
  if (!type || data.length === 0) return null;
  const valueAxis = { type: 'value', name: unit || '', nameTextStyle: { color: '#5b6675' }, axisLabel: { color: '#5b6675', formatter: (v) => fmt(v) }, splitLine: { lineStyle: { color: '#e6e9ef' } } };
  const base = {
    animation: !reducedMotion(),
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '未填报' : `${fmt(v)}${unit ? ` ${unit}` : ''}`) },
    grid: { left: 8, right: 24, top: 36, bottom: 8 },
  };
  const num = (v) => (typeof v === 'number' ? v : null);
  const label = { show: true, color: '#1f2733', formatter: (p) => (p.value === null || p.value === undefined ? '' : fmt(p.value)) };

  if (plan.intent === 'trend') {
    const years = [...new Set(data.map((r) => r.year))].sort((a, b) => a - b);
    const orgs = [...new Set(data.map((r) => r.org))];
    return {
      ...base,
      tooltip: { ...base.tooltip, axisPointer: { type: 'line' } },
      legend: orgs.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: years.map((y) => `${y}年`), axisLabel: { color: '#5b6675' } },
      yAxis: valueAxis,
      series: orgs.map((org) => ({
        type: 'line', name: org, symbolSize: 8, connectNulls: false, label: { ...label, position: 'top' },
        data: years.map((y) => num(data.find((r) => r.org === org && r.year === y)?.value)),
      })),
    };
  }
  if (plan.intent === 'breakdown') {
    const cats = [...new Set(data.map((r) => String(r.category ?? '')))];
    const groups = [...new Set(data.map((r) => r.report_id))];
    const name = (id) => {
      const r = data.find((x) => x.report_id === id);
      return r ? `${r.org}${r.year}年` : String(id);
    };
    return {
      ...base,
      legend: groups.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: cats, axisLabel: { color: '#5b6675', interval: 0, hideOverlap: true } },
      yAxis: valueAxis,
      series: groups.map((id) => ({
        type: 'bar', name: name(id), barMaxWidth: 36, label: { ...label, position: 'top' },
        data: cats.map((c) => num(data.find((r) => r.report_id === id && String(r.category) === c)?.value)),
      })),
    };
  }
  const orgsUnique = new Set(data.map((r) => r.org)).size === data.length;
  const names = data.map((r) => (orgsUnique ? String(r.org ?? r.title ?? '') : `${r.org ?? ''}${r.year ?? ''}年`));
  const values = data.map((r) => num(r.value));
  const metricName = plan.intent === 'sum' ? '数值' : INTENT_LABEL[plan.intent] ?? '数值';
  if (plan.intent === 'rank') {
    return {
      ...base,
      grid: { ...base.grid, right: 48, top: 24 },
      xAxis: { ...valueAxis, nameLocation: 'end' },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { color: '#1f2733' }, axisTick: { show: false } },
      series: [{ type: 'bar', name: metricName, data: values, barMaxWidth: 22, label: { ...label, position: 'right' } }],
    };
  }
  return {
    ...base,
    xAxis: { type: 'category', data: names, axisLabel: { color: '#1f2733', interval: 0, hideOverlap: true } },
    yAxis: valueAxis,
    series: [{ type: 'bar', name: metricName, data: values, barMaxWidth: 48, label: { ...label, position: 'top' } }],
  };
}

async function drawChart(el, option) {
  try {
    const echarts = await loadECharts();
    if (!el.isConnected) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.add(chart);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    chart.__ro = ro;
  } catch (e) {
    el.replaceChildren(h('p', { class: 'muted', text: `${e.message}，请查看下方表格。` }));
  }
}

function disposeCharts() {
  for (const c of charts) {
    c.__ro?.disconnect();
    c.dispose();
  }
  charts.clear();
}

// ---------------------------------------------------------------------------------------------
// Chat

const chat = {
  /** @type {{role: 'user'|'assistant', content: string}[]} */
  history: [],
  busy: false,
  /** @type {AbortController | null} */
  controller: null,
};

function setBusy(busy) {
  chat.busy = busy;
  const send = $('#send');
  send.disabled = busy;
  send.textContent = busy ? '回答中…' : '发送';
  $('#composer').setAttribute('aria-busy', String(busy));
}

function newConversation() {
  chat.controller?.abort();
  chat.controller = null;
  chat.history = [];
  disposeCharts();
  $('#log').replaceChildren();
  $('#intro').hidden = false;
  closeSource(false);
  setBusy(false);
  const q = /** @type {HTMLTextAreaElement} */ ($('#question'));
  q.value = '';
  autosize(q);
  q.focus();
  announce('已开始新对话');
}

async function ask(question) {
  question = question.trim();
  if (!question || chat.busy) return;
  if (location.hash) navigate('');
  $('#intro').hidden = true;
  const history = chat.history.slice();
  const userItem = h('li', { class: 'msg msg-user', 'data-testid': 'user-message' }, h('div', { class: 'bubble' }, question));
  const msg = { question, text: '', citations: [], rows: null, plan: null, sql: null, params: null, route: null, warnings: [], resolvedQuestion: null, answer: null };
  const view = assistantView(msg);
  $('#log').append(userItem, view.root);
  userItem.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  setBusy(true);
  const controller = new AbortController();
  chat.controller = controller;
  try {
    const res = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question, history }),
      signal: controller.signal,
    });
    if (!res.ok || !res.body) {
      const body = await res.json().catch(() => null);
      throw new Error(res.status === 429 ? '提问太频繁，请一分钟后再试。' : body?.error ? `无法回答：${body.error}` : `请求失败（HTTP ${res.status}）`);
    }
    for await (const ev of readSSE(res.body)) {
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        continue;
      }
      switch (ev.event) {
        case 'route':
          Object.assign(msg, { route: data.route, plan: data.plan, sql: data.sql, resolvedQuestion: data.resolvedQuestion });
          view.update();
          break;
        case 'delta':
          msg.text += data.text ?? '';
          view.updateText();
          break;
        case 'table':
          msg.rows = data.rows;
          view.update();
          break;
        case 'citations':
          msg.citations = data;
          view.updateText();
          view.update();
          break;
        case 'warnings':
          msg.warnings = data;
          view.update();
          break;
        case 'done':
          msg.answer = data;
          Object.assign(msg, {
            text: data.answer, route: data.route, plan: data.plan ?? null, sql: data.sql ?? null, params: data.params ?? null,
            rows: data.rows ?? null, citations: data.citations ?? [], warnings: data.warnings ?? [], resolvedQuestion: data.resolvedQuestion ?? null,
          });
          view.updateText();
          view.update();
          break;
      }
    }
    if (!msg.answer) throw new Error('连接中断，回答不完整，请重试。');
    chat.history.push({ role: 'user', content: question }, { role: 'assistant', content: msg.answer.answer });
    view.finish();
    announce(`回答完成${msg.citations.length ? `，引用 ${msg.citations.length} 处原文` : ''}`);
  } catch (e) {
    if (controller.signal.aborted) return;
    view.fail(e instanceof TypeError ? '网络连接失败，请检查网络后重试。' : e.message, () => {
      userItem.remove();
      view.root.remove();
      ask(question);
    });
  } finally {
    if (chat.controller === controller) {
      chat.controller = null;
      setBusy(false);
    }
  }
}

/** The card of one answer; re-renders its parts as the stream fills `msg`. */
function assistantView(msg) {
  const badge = h('span', { class: 'route-badge', hidden: true });
  const timing = h('span', { class: 'timing muted' });
  const resolved = h('p', { class: 'resolved', hidden: true, 'data-testid': 'resolved' });
  const body = h('div', { class: 'answer md', 'data-testid': 'answer-text' });
  const typing = h('p', { class: 'typing', role: 'status' }, h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), '正在查询…');
  const warnings = h('div', { class: 'warnings', role: 'note', hidden: true, 'data-testid': 'warnings' });
  const result = h('section', { class: 'result', hidden: true, 'aria-label': '查询结果' });
  const sources = h('section', { class: 'sources', hidden: true });
  const basis = h('div', { class: 'basis', hidden: true });
  const error = h('div', { class: 'error', role: 'alert', hidden: true });
  const root = h(
    'li',
    { class: 'msg msg-assistant', 'data-testid': 'answer', 'aria-busy': 'true' },
    h('div', { class: 'msg-head' }, h('span', { class: 'speaker' }, '年报问答'), badge, timing),
    resolved, body, typing, warnings, result, sources, basis, error,
  );
  let drawnRows = null;
  let textFrame = 0;

  const chip = (n) => {
    const c = msg.citations.find((x) => x.n === n);
    return h('button', {
      type: 'button', class: 'cite', 'data-n': n, 'data-testid': 'cite',
      'aria-label': c ? `引用 ${n}：${c.title}，${c.section}` : `引用 ${n}`,
      title: c ? `${c.org ?? ''}${c.year ? ` ${c.year}年` : ''} · ${c.section}` : undefined,
      onclick: (e) => openCitation(msg, n, e.currentTarget),
    }, String(n));
  };

  const renderText = () => {
    if (textFrame) cancelAnimationFrame(textFrame);
    textFrame = 0;
    body.replaceChildren(renderMarkdown(msg.text, chip));
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
        h('ul', null, msg.warnings.map((w) => h('li', null, w))),
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
      if (typeof ms === 'number') timing.textContent = `用时 ${ms < 1000 ? `${Math.round(ms)} 毫秒` : `${(ms / 1000).toFixed(1)} 秒`}`;
      if (msg.answer?.refused) root.classList.add('refused');
    },
    fail(message, retry) {
      typing.hidden = true;
      root.setAttribute('aria-busy', 'false');
      error.hidden = false;
      error.replaceChildren(h('p', { text: message }), h('button', { type: 'button', class: 'btn btn-secondary', onclick: retry }, '重试'));
    },
  };
}

function unitOf(msg) {
  return msg.citations.find((c) => c.cell?.unit)?.cell.unit ?? '';
}

function renderResult(section, msg) {
  const rows = msg.rows.filter((r) => r && typeof r === 'object');
  if (!rows.length) return;
  const plan = msg.plan ?? {};
  const unit = unitOf(msg);
  section.hidden = false;
  section.replaceChildren();

  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'report_id');
  const summaryKeys = ['sum', 'avg', 'count'].includes(plan.intent) ? SUMMARY_COLS.filter((k) => keys.includes(k)) : [];
  const cols = [...COL_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !COL_ORDER.includes(k))].filter((k) => !summaryKeys.includes(k));

  const cells = msg.citations.filter((c) => c.cell);
  const sameMetric = cells.length > 0 && cells.every((c) => c.cell.row === cells[0].cell.row && c.cell.col === cells[0].cell.col);
  const metric = sameMetric ? `${cells[0].cell.row}（${cells[0].cell.col}）` : '';
  section.append(h('h3', { class: 'result-title' }, '查询结果', plan.intent ? h('span', { class: 'tag' }, INTENT_LABEL[plan.intent] ?? plan.intent) : null, metric ? h('span', { class: 'result-metric' }, metric) : null));

  if (summaryKeys.length) {
    const r0 = rows[0];
    const parts = [];
    if ('total' in r0) parts.push(`合计 ${fmt(r0.total)}${unit ? ` ${unit}` : ''}`);
    if ('average' in r0) parts.push(`平均 ${fmt(r0.average)}${unit ? ` ${unit}` : ''}`);
    if ('counted' in r0) parts.push(`计入 ${fmt(r0.counted)} 份报告${'reports' in r0 ? `（共 ${fmt(r0.reports)} 份）` : ''}`);
    else if ('reports' in r0) parts.push(`共 ${fmt(r0.reports)} 份报告`);
    section.append(h('p', { class: 'result-summary' }, parts.join(' · ')));
  }

  const option = chartOption(plan, rows, unit);
  if (option) {
    const el = h('div', { class: 'chart', 'data-testid': 'chart', role: 'img', 'aria-label': `${INTENT_LABEL[plan.intent] ?? ''}图表${metric ? `：${metric}` : ''}，数据见下表` });
    const bars = plan.intent === 'rank' ? rows.length : 0;
    if (bars > 5) el.style.height = `${Math.min(520, 64 + bars * 34)}px`;
    section.append(el);
    drawChart(el, option);
  }

  const header = (k) => (k === 'value' && unit ? `数值（${unit}）` : COL_LABEL[k] ?? k);
  const numeric = (k) => rows.every((r) => r[k] === null || r[k] === undefined || typeof r[k] === 'number') && k !== 'year';
  const td = (r, k) => {
    const v = r[k];
    if (k === 'title' && typeof r.report_id === 'number') {
      return h('td', { class: 'wrap' }, h('button', { type: 'button', class: 'linkish', onclick: () => openReport(r.report_id) }, String(v ?? `报告 ${r.report_id}`)));
    }
    if (k === 'status') return h('td', null, h('span', { class: `status status-${String(v).toLowerCase()}` }, String(v ?? '')));
    if (v === null || v === undefined) return h('td', { class: 'na' }, k === 'value' ? '未填报' : '—');
    if (k === 'message' || k === 'title') return h('td', { class: 'wrap' }, String(v));
    return h('td', { class: numeric(k) ? 'num' : undefined }, k === 'year' ? `${v}年` : fmt(v));
  };
  const table = h(
    'table',
    { class: 'grid result-table', 'data-testid': 'result-table' },
    h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col', class: numeric(k) ? 'num' : undefined }, header(k))))),
    h('tbody', null, rows.map((r) => h('tr', null, cols.map((k) => td(r, k))))),
  );
  section.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '查询结果表' }, table));
}

function renderSources(section, msg) {
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
        { type: 'button', class: 'source-item', onclick: (e) => openCitation(msg, c.n, e.currentTarget), 'aria-label': `查看引用 ${c.n} 的原文：${c.title}，${c.section}` },
        h('span', { class: 'cite cite-static', 'aria-hidden': 'true' }, String(c.n)),
        h(
          'span',
          { class: 'source-body' },
          h('span', { class: 'source-title' }, c.title),
          h('span', { class: 'source-section' }, c.section),
          c.cell
            ? h('span', { class: 'source-cell' }, `${c.cell.row} · ${c.cell.col}：`, h('strong', null, c.cell.value === null ? '未填报' : `${fmt(c.cell.value)} ${c.cell.unit}`))
            : h('span', { class: 'source-quote' }, c.quote.length > 90 ? `${c.quote.slice(0, 90)}…` : c.quote),
        ),
      ),
    ),
  );
  const more =
    list.length > LIMIT
      ? h('button', {
          type: 'button', class: 'btn btn-text', 'aria-expanded': String(expanded),
          onclick: () => {
            section.dataset.expanded = String(!expanded);
            renderSources(section, msg);
            section.querySelector('.btn-text')?.focus();
          },
        }, expanded ? '收起' : `展开全部 ${list.length} 条引用`)
      : null;
  section.replaceChildren(h('h3', { class: 'sources-title' }, `引用原文（${list.length}）`), h('ol', { class: 'source-list' }, items), ...(more ? [more] : []));
}

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
  const toggle = h('button', {
    type: 'button', class: 'basis-toggle', 'aria-expanded': 'false', 'aria-controls': id, 'data-testid': 'basis-toggle',
    onclick: () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      region.hidden = !open;
    },
  }, h('span', { class: 'chev', 'aria-hidden': 'true' }), '依据');
  box.append(toggle, region);
}

/** Indented JSON with short arrays of scalars kept on one line. */
function compactJSON(value) {
  return JSON.stringify(value, null, 2).replace(/\[\s*\n([^\[\]{}]*?)\n\s*\]/g, (_, inner) => `[${inner.trim().split(/,\s*\n\s*/).join(', ')}]`);
}

/** Line breaks before the main SQL keywords, for reading. */
function prettySql(sql) {
  return sql.replace(/\s+(FROM|JOIN|WHERE|GROUP BY|ORDER BY|LIMIT|SELECT \* FROM|UNION)\b/g, '\n  $1').replace(/\),\s*(\w+ AS \()/g, '),\n$1');
}

// ---------------------------------------------------------------------------------------------
// The source panel: a report's normalised text with one span marked

const source = { returnFocus: /** @type {HTMLElement | null} */ (null), token: 0 };

function openCitation(msg, n, invoker) {
  const list = msg.citations;
  const i = list.findIndex((c) => c.n === n);
  if (i < 0) return;
  const c = list[i];
  const meta = [];
  const who = [c.org, c.year ? `${c.year}年` : null].filter(Boolean).join(' · ');
  meta.push(h('p', { class: 'source-where' }, who, c.cell ? null : [h('span', { class: 'sep', 'aria-hidden': 'true' }, '｜'), c.section]));
  if (c.cell) {
    meta.push(
      h('dl', { class: 'cell-info', 'data-testid': 'cell-info' },
        h('div', null, h('dt', null, '表格'), h('dd', null, c.section.split(' > ')[0] || TABLE_SHORT[c.cell.table] || c.cell.table)),
        h('div', null, h('dt', null, '行'), h('dd', null, c.cell.row)),
        h('div', null, h('dt', null, '列'), h('dd', null, c.cell.col)),
        h('div', null, h('dt', null, '数值'), h('dd', { class: 'cell-value' }, c.cell.value === null ? '未填报' : `${fmt(c.cell.value)} ${c.cell.unit}`)),
      ),
    );
  }
  const nav = h('div', { class: 'drawer-nav' },
    h('button', { type: 'button', class: 'btn btn-secondary btn-sm', disabled: i === 0, onclick: () => openCitation(msg, list[i - 1].n, source.returnFocus) }, '‹ 上一条'),
    h('span', { class: 'muted' }, `第 ${i + 1} / ${list.length} 条引用`),
    h('button', { type: 'button', class: 'btn btn-secondary btn-sm', disabled: i === list.length - 1, onclick: () => openCitation(msg, list[i + 1].n, source.returnFocus) }, '下一条 ›'),
    h('button', { type: 'button', class: 'btn btn-text btn-sm', onclick: () => openReport(c.reportId) }, '报告详情'),
  );
  meta.push(nav);
  openSource({ reportId: c.reportId, title: c.title, kicker: `引用 [${c.n}]`, meta, start: c.start, end: c.end, quote: c.quote, invoker });
  // the chip of this citation in the answer shows which one is open
  for (const el of document.querySelectorAll('button.cite.active')) el.classList.remove('active');
  const holder = invoker?.closest('.msg-assistant');
  holder?.querySelector(`.answer button.cite[data-n="${n}"]`)?.classList.add('active');
}

/**
 * Opens the panel on a report's text, marking text.slice(start, end) and scrolling it into view.
 * @param {{reportId: number, title: string, kicker: string, meta: Node[], start?: number, end?: number, quote?: string, invoker?: HTMLElement | null, markClass?: string}} o
 */
async function openSource(o) {
  const panel = $('#source');
  const token = ++source.token;
  if (o.invoker) source.returnFocus = o.invoker;
  else if (panel.hidden) source.returnFocus = /** @type {HTMLElement} */ (document.activeElement);
  $('#source-kicker').textContent = o.kicker;
  $('#source-title').textContent = o.title;
  $('#source-meta').replaceChildren(...o.meta);
  const box = $('#source-text');
  box.replaceChildren(h('p', { class: 'muted' }, '正在载入原文…'));
  panel.hidden = false;
  $('#scrim').hidden = !narrow();
  setBackgroundInert(narrow());
  document.body.classList.add('drawer-open');
  $('#source-title').focus({ preventScroll: true });
  let text;
  try {
    text = await reportText(o.reportId);
  } catch (e) {
    if (token === source.token) box.replaceChildren(h('p', { class: 'error', role: 'alert' }, `原文载入失败：${e.message}`));
    return;
  }
  if (token !== source.token) return;
  let { start, end } = o;
  let note = null;
  if (typeof start === 'number' && typeof end === 'number' && o.quote !== undefined && text.slice(start, end) !== o.quote) {
    const at = text.indexOf(o.quote);
    note = h('p', { class: 'notice' }, at >= 0 ? '提示：引用位置与原文不符，已按引文内容定位。' : '提示：原文中未找到这段引文。');
    if (at >= 0) [start, end] = [at, at + o.quote.length];
    else start = end = undefined;
  }
  const nodes = [];
  let mark = null;
  if (typeof start === 'number' && typeof end === 'number' && end > start) {
    mark = h('mark', { class: o.markClass ?? 'quote', 'data-testid': 'source-mark', 'data-start': start, 'data-end': end }, text.slice(start, end));
    nodes.push(text.slice(0, start), mark, text.slice(end));
  } else nodes.push(text);
  box.replaceChildren(...(note ? [note] : []), h('div', { class: 'source-body-text' }, ...nodes));
  box.scrollTop = 0;
  if (mark) {
    requestAnimationFrame(() => mark.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'auto' }));
  }
}

function closeSource(restoreFocus = true) {
  const panel = $('#source');
  if (panel.hidden) return;
  source.token++;
  panel.hidden = true;
  $('#scrim').hidden = true;
  setBackgroundInert(false);
  document.body.classList.remove('drawer-open');
  for (const el of document.querySelectorAll('button.cite.active')) el.classList.remove('active');
  const back = source.returnFocus;
  source.returnFocus = null;
  if (restoreFocus && back?.isConnected) back.focus();
}

function setBackgroundInert(on) {
  for (const sel of ['header.masthead', 'main', '.skip-link']) {
    const e = $(sel);
    if (on) e.setAttribute('inert', '');
    else e.removeAttribute('inert');
  }
}

// ---------------------------------------------------------------------------------------------
// Report browser

const browser = { all: [], list: [], loaded: false, requestId: 0 };

async function loadReports() {
  const form = /** @type {HTMLFormElement} */ ($('#report-filters'));
  const year = form.elements.namedItem('year').value;
  const level = form.elements.namedItem('level').value;
  const q = new URLSearchParams();
  if (year) q.set('year', year);
  if (level) q.set('level', level);
  const id = ++browser.requestId;
  $('#report-count').textContent = '正在载入…';
  try {
    const { reports } = await getJSON(`/api/reports${q.size ? `?${q}` : ''}`);
    if (id !== browser.requestId) return;
    browser.list = reports;
    if (!year && !level) {
      browser.all = reports;
      const sel = /** @type {HTMLSelectElement} */ (form.elements.namedItem('year'));
      const have = new Set([...sel.options].map((o) => o.value));
      for (const y of [...new Set(reports.map((r) => r.year).filter(Boolean))].sort((a, b) => b - a)) {
        if (!have.has(String(y))) sel.append(h('option', { value: y }, `${y}年`));
      }
    }
    browser.loaded = true;
    renderReportList();
  } catch (e) {
    if (id !== browser.requestId) return;
    $('#report-count').textContent = '';
    $('#report-list').replaceChildren(h('li', { class: 'error', role: 'alert' }, `报告列表载入失败：${e.message}`));
  }
}

function renderReportList() {
  const text = /** @type {HTMLInputElement} */ ($('#f-org')).value.trim();
  const shown = browser.list.filter((r) => !text || [r.org, r.region, r.title].some((s) => s && s.includes(text)));
  $('#report-count').textContent = `共 ${shown.length} 份报告${shown.length !== browser.all.length && browser.all.length ? `（库中 ${browser.all.length} 份）` : ''}`;
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

function validationBadges(v) {
  if (!v) return null;
  return h(
    'p',
    { class: 'badges', 'aria-label': `勾稽校验：通过 ${v.pass} 项，未通过 ${v.fail} 项，不适用 ${v.na} 项` },
    h('span', { class: 'badge badge-pass' }, `通过 ${v.pass}`),
    h('span', { class: `badge ${v.fail ? 'badge-fail' : 'badge-zero'}` }, `未通过 ${v.fail}`),
    h('span', { class: 'badge badge-na' }, `不适用 ${v.na}`),
  );
}

function openReport(id) {
  closeSource(false);
  navigate(`#reports/${id}`);
}

async function renderReportDetail(id) {
  const listView = $('#report-list-view');
  const view = $('#report-detail-view');
  listView.hidden = true;
  view.hidden = false;
  view.replaceChildren(h('p', { class: 'muted' }, '正在载入报告…'));
  let data;
  try {
    data = await reportDetail(id);
  } catch (e) {
    view.replaceChildren(backButton(), h('p', { class: 'error', role: 'alert' }, `报告载入失败：${e.message}`));
    return;
  }
  if (location.hash !== `#reports/${id}`) return;
  const { report: r, sections, cells, validation } = data;
  const pass = validation.filter((v) => v.status === 'PASS').length;
  const fail = validation.filter((v) => v.status === 'FAIL').length;
  const na = validation.filter((v) => v.status === 'NA').length;

  const meta = h(
    'dl',
    { class: 'meta-grid' },
    [
      ['机关', r.org], ['地区', r.region], ['层级', r.level], ['年度', r.year ? `${r.year}年` : null],
      ['模板', r.template ? `${r.template}版` : null], ['发布日期', r.published], ['来源文件', r.file],
    ].map(([k, v]) => h('div', null, h('dt', null, k), h('dd', { class: v ? undefined : 'na' }, v ?? '未识别'))),
  );
  const actions = h(
    'div',
    { class: 'detail-actions' },
    h('button', { type: 'button', class: 'btn btn-primary', onclick: (e) => openSource({ reportId: r.id, title: r.title, kicker: '报告原文', meta: [h('p', { class: 'source-where' }, [r.org, r.year ? `${r.year}年` : null].filter(Boolean).join(' · '))], invoker: e.currentTarget }) }, '查看原文'),
    h('button', {
      type: 'button', class: 'btn btn-secondary',
      onclick: () => {
        navigate('');
        const q = /** @type {HTMLTextAreaElement} */ ($('#question'));
        q.value = `${r.org ?? ''}${r.year ? `${r.year}年` : ''}`;
        autosize(q);
        q.focus();
        q.setSelectionRange(q.value.length, q.value.length);
      },
    }, '就此报告提问'),
  );

  const order = { FAIL: 0, NA: 1, PASS: 2 };
  const checks = h(
    'section',
    { class: 'detail-section', 'aria-labelledby': 'checks-title' },
    h('h2', { id: 'checks-title' }, '勾稽校验', h('span', { class: 'section-note' }, `通过 ${pass} · 未通过 ${fail} · 不适用 ${na}`)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid checks', 'data-testid': 'validation' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '规则'), h('th', { scope: 'col' }, '结果'), h('th', { scope: 'col' }, '说明'))),
        h(
          'tbody',
          null,
          [...validation].sort((a, b) => order[a.status] - order[b.status]).map((v) =>
            h(
              'tr',
              { class: v.status === 'FAIL' ? 'row-fail' : v.status === 'NA' ? 'row-na' : undefined },
              h('td', { class: 'mono' }, v.rule),
              h('td', null, h('span', { class: `status status-${v.status.toLowerCase()}` }, { PASS: '通过', FAIL: '未通过', NA: '不适用' }[v.status] ?? v.status)),
              h('td', null, v.message),
            ),
          ),
        ),
      ),
    ),
  );

  const tables = ['t2', 't3', 't4'].map((t) => tableSection(r, t, cells.filter((c) => c.table === t)));
  const outline = sections.length
    ? h(
        'section',
        { class: 'detail-section', 'aria-labelledby': 'outline-title' },
        h('h2', { id: 'outline-title' }, '章节'),
        h('ol', { class: 'outline' }, sections.map((s) =>
          h('li', { class: `depth-${s.depth}` }, h('button', {
            type: 'button', class: 'linkish',
            onclick: (e) => openSource({ reportId: r.id, title: r.title, kicker: '章节', meta: [h('p', { class: 'source-where' }, s.path)], start: s.start, end: Math.min(s.end, s.start + s.title.length), invoker: e.currentTarget, markClass: 'section' }),
          }, s.title)),
        )),
      )
    : null;

  view.replaceChildren(
    backButton(),
    h('article', { class: 'report-detail', 'data-testid': 'report-detail', 'aria-labelledby': 'detail-title' },
      h('header', { class: 'detail-head' }, h('h1', { id: 'detail-title', class: 'section-title', tabindex: '-1' }, r.title), validationBadges({ pass, fail, na })),
      meta, actions, checks, ...tables, outline),
  );
  $('#detail-title').focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
}

function backButton() {
  return h('button', { type: 'button', class: 'btn btn-text back', onclick: () => navigate('#reports') }, '‹ 返回报告列表');
}

const keyRank = (list, key) => {
  const i = list.indexOf(key);
  return i < 0 ? list.length : i;
};

/** One of 表二/表三/表四 as printed: rows × columns, grouped where the columns change. */
function tableSection(report, t, cells) {
  const title = cells[0]?.tableTitle ?? { t2: '表二 主动公开政府信息情况', t3: '表三 收到和处理政府信息公开申请情况', t4: '表四 政府信息公开行政复议、行政诉讼情况' }[t];
  const sec = h('section', { class: 'detail-section', 'data-testid': `table-${t}` }, h('h2', null, title));
  if (!cells.length) {
    sec.append(h('p', { class: 'muted' }, '本报告中未识别出此表。'));
    return sec;
  }
  const ord = TABLE_ORDER[t];
  const rows = new Map();
  for (const c of cells) {
    if (!rows.has(c.row)) rows.set(c.row, { key: c.row, label: c.rowLabel, start: c.start, end: c.end, cells: new Map() });
    const row = rows.get(c.row);
    row.cells.set(c.col, c);
    if (row.start === null && c.start !== null) [row.start, row.end] = [c.start, c.end];
  }
  const sorted = [...rows.values()].sort((a, b) => keyRank(ord.rows, a.key) - keyRank(ord.rows, b.key));
  const colsOf = (row) => [...row.cells.keys()].sort((a, b) => keyRank(ord.cols, a) - keyRank(ord.cols, b));
  const colLabel = (row, col) => row.cells.get(col)?.colLabel ?? col;

  // consecutive rows with the same columns share a header
  const blocks = [];
  for (const row of sorted) {
    const cols = colsOf(row);
    const sig = cols.join('|');
    const last = blocks.at(-1);
    if (last && last.sig === sig) last.rows.push(row);
    else blocks.push({ sig, cols, rows: [row] });
  }
  const width = Math.max(...blocks.map((b) => b.cols.length)) + 1;

  const valueCell = (c) => {
    if (!c) return h('td', { class: 'na' }, '—');
    const tip = [`状态：${{ ok: '正常', blank: '空白', recovered: '由勾稽关系恢复', unparsed: '无法识别', missing: '未找到' }[c.status] ?? c.status}`, c.raw !== null ? `原文：${c.raw}` : null].filter(Boolean).join('；');
    if (c.value === null) return h('td', { class: 'na', title: tip }, '未填报');
    return h('td', { class: `num${c.status === 'recovered' ? ' recovered' : ''}`, title: tip }, fmt(c.value));
  };
  const rowHead = (row, indent) =>
    h('th', { scope: 'row', class: indent ? 'indent' : undefined },
      row.start !== null && row.end !== null
        ? h('button', {
            type: 'button', class: 'linkish row-link', title: '在原文中查看这一行',
            onclick: (e) => openSource({ reportId: report.id, title: report.title, kicker: title, meta: [h('p', { class: 'source-where' }, `${title} > ${row.label}`)], start: row.start, end: row.end, invoker: e.currentTarget }),
          }, row.label)
        : row.label);

  const table = h('table', { class: `grid report-table report-${t}` });
  const t3Standard = t === 't3' && blocks.length === 1 && blocks[0].cols.join('|') === TABLE_ORDER.t3.cols.join('|');
  for (const [bi, b] of blocks.entries()) {
    const rowsOut = [];
    if (t3Standard) {
      const row0 = b.rows[0];
      rowsOut.push(
        h('tr', { class: 'head' },
          h('th', { scope: 'col', rowspan: 2, class: 'corner' }, '申请人情况'),
          h('th', { scope: 'col', rowspan: 2 }, colLabel(row0, 'natural')),
          h('th', { scope: 'colgroup', colspan: T3_LEGAL_PERSON.length }, '法人或其他组织'),
          h('th', { scope: 'col', rowspan: 2 }, colLabel(row0, 'total')),
        ),
        h('tr', { class: 'head' }, T3_LEGAL_PERSON.map((k) => h('th', { scope: 'col' }, colLabel(row0, k)))),
      );
    } else {
      rowsOut.push(
        h('tr', { class: 'head' },
          h('th', { scope: 'col', class: 'corner' }, bi === 0 ? (t === 't4' ? '类别' : '信息内容') : ''),
          b.cols.map((k) => h('th', { scope: 'col' }, colLabel(b.rows[0], k))),
          b.cols.length + 1 < width ? h('td', { colspan: width - b.cols.length - 1, class: 'pad' }) : null,
        ),
      );
    }
    const done = new Set();
    for (const row of b.rows) {
      let indent = false;
      if (t === 't3') {
        const g = T3_GROUPS.find((x) => (x.before.endsWith('_') ? row.key.startsWith(x.before) : row.key === x.before));
        if (g && !done.has(g.label)) {
          done.add(g.label);
          rowsOut.push(h('tr', { class: 'group' }, h('th', { scope: 'rowgroup', colspan: width }, g.label)));
        }
        indent = /^(deny|unable|noproc|other_(no|other))/.test(row.key) || ['granted', 'partial', 'other_processing', 'total_processed'].includes(row.key);
      }
      rowsOut.push(
        h('tr', null, rowHead(row, indent), b.cols.map((k) => valueCell(row.cells.get(k))), b.cols.length + 1 < width ? h('td', { colspan: width - b.cols.length - 1, class: 'pad' }) : null),
      );
    }
    table.append(h('tbody', null, rowsOut));
  }
  sec.append(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': title }, table));
  return sec;
}

// ---------------------------------------------------------------------------------------------
// Tabs and routing (#reports, #reports/<id>; anything else is the chat)

function showTab(name) {
  for (const [tab, panel] of [['#tab-chat', '#panel-chat'], ['#tab-reports', '#panel-reports']]) {
    const on = tab === `#tab-${name}`;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(panel).hidden = !on;
  }
  document.body.dataset.tab = name;
}

/** Goes to '' (the chat), '#reports' or '#reports/<id>' at once, as a history entry. */
function navigate(hash) {
  if (location.hash !== hash) history.pushState(null, '', `${location.pathname}${location.search}${hash}`);
  route();
}

function route() {
  const m = /^#reports(?:\/(\d+))?$/.exec(location.hash);
  if (!m) {
    showTab('chat');
    return;
  }
  showTab('reports');
  if (!browser.loaded) loadReports();
  if (m[1]) renderReportDetail(Number(m[1]));
  else {
    const wasDetail = !$('#report-detail-view').hidden;
    $('#report-detail-view').hidden = true;
    $('#report-detail-view').replaceChildren();
    $('#report-list-view').hidden = false;
    if (wasDetail) $('#f-org').focus();
  }
}

/** One line under the examples: how many reports the library holds, and which years. */
async function describeCorpus() {
  try {
    const { reports } = await getJSON('/api/reports');
    const years = [...new Set(reports.map((r) => r.year).filter(Boolean))].sort((a, b) => a - b);
    const note = $('#corpus-note');
    note.replaceChildren(
      `库中现有 ${reports.length} 份报告${years.length ? `（${years.length > 1 ? `${years[0]}—${years.at(-1)}` : years[0]}年度）` : ''}。`,
      h('a', { href: '#reports' }, '浏览报告库'),
    );
    note.hidden = false;
  } catch {
    // the note is optional
  }
}

// ---------------------------------------------------------------------------------------------
// Composer

function autosize(t) {
  t.style.height = 'auto';
  t.style.height = `${Math.min(t.scrollHeight + 2, 200)}px`;
}

function init() {
  const form = /** @type {HTMLFormElement} */ ($('#composer'));
  const q = /** @type {HTMLTextAreaElement} */ ($('#question'));
  const submit = () => {
    if (chat.busy || !q.value.trim()) return;
    const text = q.value;
    q.value = '';
    autosize(q);
    ask(text);
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

  $('#examples').replaceChildren(
    ...EXAMPLES.map((text) => h('li', null, h('button', { type: 'button', class: 'example', 'data-testid': 'example', onclick: () => ask(text) }, text))),
  );
  $('#new-chat').addEventListener('click', newConversation);
  $('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('#main').focus();
  });

  // tabs: click, arrows, Home/End
  const tabs = [$('#tab-chat'), $('#tab-reports')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => {
      navigate(i === 0 ? '' : '#reports');
    });
    tab.addEventListener('keydown', (e) => {
      const j = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (j < 0) return;
      e.preventDefault();
      tabs[j].focus();
      tabs[j].click();
    });
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('popstate', route);

  // report filters: year and level are asked of the server, the text filters what it returned
  const filters = /** @type {HTMLFormElement} */ ($('#report-filters'));
  filters.addEventListener('submit', (e) => e.preventDefault());
  $('#f-year').addEventListener('change', loadReports);
  $('#f-level').addEventListener('change', loadReports);
  $('#f-org').addEventListener('input', renderReportList);

  $('#source-close').addEventListener('click', () => closeSource());
  $('#scrim').addEventListener('click', () => closeSource());
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (!$('#source').hidden) {
      e.preventDefault();
      closeSource();
    } else if (/^#reports\/\d+$/.test(location.hash) && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) {
      e.preventDefault();
      navigate('#reports');
    }
  });
  const placeholder = () => (q.placeholder = narrow() ? '输入问题' : '输入问题，Enter 发送，Shift+Enter 换行');
  placeholder();
  matchMedia('(max-width: 760px)').addEventListener('change', () => {
    placeholder();
    if (!$('#source').hidden) {
      $('#scrim').hidden = !narrow();
      setBackgroundInert(narrow());
    }
  });

  route();
  describeCorpus();

  // Deep link: /?q=<question> asks it on load (the WeCom bot links here).
  const params = new URLSearchParams(location.search);
  const deep = params.get('q');
  if (deep && deep.trim()) {
    params.delete('q');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
    ask(deep);
  } else if (!location.hash) q.focus({ preventScroll: true });
}

init();
