// @ts-check
// The chart of a numeric answer: an ECharts option from the plan and the SQL rows, drawn with
// ECharts loaded from /vendor/ on first use.
import { fmt, h, reducedMotion } from './dom.js';
import { INTENT_LABEL, UNNAMED_ORG_LABEL } from './labels.js';

/**
 * The few ECharts calls the page makes.
 * @typedef {{ setOption(o: object): void, resize(): void, dispose(): void }} Chart
 * @typedef {{ init(el: HTMLElement, theme: null, opts: { renderer: 'svg' }): Chart }} ECharts
 * @typedef {{ intent?: string }} Plan
 * @typedef {Record<string, unknown>} Row
 */

/** @type {Record<string, 'line' | 'bar'>} */
const CHART_TYPE = {
  trend: 'line',
  compare: 'bar',
  rank: 'bar',
  max: 'bar',
  min: 'bar',
  sum: 'bar',
  avg: 'bar',
  breakdown: 'bar',
};
const PALETTE = ['#24508f', '#3a8fb7', '#c98a2b', '#5d8a3a', '#8a5aa8', '#b8474b', '#4f6f8f', '#2f9c8f'];
const FONT =
  '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif';

/** @type {Promise<ECharts> | null} */
let loading = null;
/** @returns {ECharts | undefined} */
const loaded = () => /** @type {{ echarts?: ECharts }} */ (/** @type {unknown} */ (window)).echarts;

/** @returns {Promise<ECharts>} */
function loadECharts() {
  const ready = loaded();
  if (ready) return Promise.resolve(ready);
  loading ??= new Promise((resolve, reject) => {
    const s = h('script', { src: '/vendor/echarts.min.js', async: true });
    s.onload = () => resolve(/** @type {ECharts} */ (loaded()));
    s.onerror = () => {
      loading = null;
      reject(new Error('图表组件加载失败'));
    };
    document.head.append(s);
  });
  return loading;
}

/** @type {Map<Chart, ResizeObserver>} */
const charts = new Map();

/**
 * An ECharts option for a numeric answer, or null when the plan gets no chart.
 * @param {Plan} plan
 * @param {Row[]} rows
 * @param {string} unit
 * @returns {object | null}
 */
export function chartOption(plan, rows, unit) {
  const intent = plan.intent ?? '';
  const data = rows.filter((r) => r && typeof r === 'object');
  if (!CHART_TYPE[intent] || data.length === 0) return null;
  const valueAxis = {
    type: 'value',
    name: unit || '',
    nameTextStyle: { color: '#5b6675' },
    axisLabel: { color: '#5b6675', formatter: fmt },
    splitLine: { lineStyle: { color: '#e6e9ef' } },
  };
  const base = {
    animation: !reducedMotion(),
    color: PALETTE,
    textStyle: { fontFamily: FONT },
    aria: { enabled: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (/** @type {unknown} */ v) =>
        v === null || v === undefined || v === '-' ? '未填报' : `${fmt(v)}${unit ? ` ${unit}` : ''}`,
    },
    grid: { left: 8, right: 24, top: 36, bottom: 8 },
  };
  /** @param {unknown} v */
  const num = (v) => (typeof v === 'number' ? v : null);
  const label = {
    show: true,
    color: '#1f2733',
    formatter: (/** @type {{ value: unknown }} */ p) => (p.value === null || p.value === undefined ? '' : fmt(p.value)),
  };

  if (intent === 'trend') {
    const years = [...new Set(data.map((r) => Number(r.year)))].sort((a, b) => a - b);
    const orgs = [...new Set(data.map((r) => r.org ?? UNNAMED_ORG_LABEL))];
    return {
      ...base,
      tooltip: { ...base.tooltip, axisPointer: { type: 'line' } },
      legend: orgs.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: years.map((y) => `${y}年`), axisLabel: { color: '#5b6675' } },
      yAxis: valueAxis,
      series: orgs.map((org) => ({
        type: 'line',
        name: org,
        symbolSize: 8,
        connectNulls: false,
        label: { ...label, position: 'top' },
        data: years.map((y) => num(data.find((r) => (r.org ?? UNNAMED_ORG_LABEL) === org && r.year === y)?.value)),
      })),
    };
  }
  if (intent === 'breakdown') {
    const cats = [...new Set(data.map((r) => String(r.category ?? '')))];
    const groups = [...new Set(data.map((r) => r.report_id))];
    /** @param {unknown} id */
    const name = (id) => {
      const r = data.find((x) => x.report_id === id);
      return r ? `${r.org ?? UNNAMED_ORG_LABEL}${r.year}年` : String(id);
    };
    return {
      ...base,
      legend: groups.length > 1 ? { top: 0 } : undefined,
      xAxis: { type: 'category', data: cats, axisLabel: { color: '#5b6675', interval: 0, hideOverlap: true } },
      yAxis: valueAxis,
      series: groups.map((id) => ({
        type: 'bar',
        name: name(id),
        barMaxWidth: 36,
        label: { ...label, position: 'top' },
        data: cats.map((c) => num(data.find((r) => r.report_id === id && String(r.category) === c)?.value)),
      })),
    };
  }
  const orgsUnique = new Set(data.map((r) => r.org)).size === data.length;
  const names = data.map((r) =>
    orgsUnique ? String(r.org ?? r.title ?? '') : `${r.org ?? UNNAMED_ORG_LABEL}${r.year ?? ''}年`,
  );
  const values = data.map((r) => num(r.value));
  const metricName = intent === 'sum' ? '数值' : (INTENT_LABEL[intent] ?? '数值');
  if (intent === 'rank') {
    return {
      ...base,
      grid: { ...base.grid, right: 48, top: 24 },
      xAxis: { ...valueAxis, nameLocation: 'end' },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        axisLabel: { color: '#1f2733' },
        axisTick: { show: false },
      },
      series: [
        { type: 'bar', name: metricName, data: values, barMaxWidth: 22, label: { ...label, position: 'right' } },
      ],
    };
  }
  return {
    ...base,
    xAxis: { type: 'category', data: names, axisLabel: { color: '#1f2733', interval: 0, hideOverlap: true } },
    yAxis: valueAxis,
    series: [{ type: 'bar', name: metricName, data: values, barMaxWidth: 48, label: { ...label, position: 'top' } }],
  };
}

/**
 * Draws `option` into `el` once ECharts is loaded; says so in `el` when it cannot load.
 * @param {HTMLElement} el
 * @param {object} option
 */
export async function drawChart(el, option) {
  try {
    const echarts = await loadECharts();
    if (!el.isConnected) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    charts.set(chart, ro);
  } catch (e) {
    el.replaceChildren(h('p', { class: 'muted', text: `${e instanceof Error ? e.message : e}，请查看下方表格。` }));
  }
}

export function disposeCharts() {
  for (const [chart, ro] of charts) {
    ro.disconnect();
    chart.dispose();
  }
  charts.clear();
}
