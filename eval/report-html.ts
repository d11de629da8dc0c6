import { type Confusion, type Result, SCORES, type Summary } from './metrics.ts';

export interface EvalReport {
  overall: Summary;
  by_kind: Record<string, Summary>;
  by_set: Record<string, Summary>;
  routes: { confusion: Confusion };
  latency: Record<string, { n: number; p50: number | null; p95: number | null }>;
  baseline?: { overall: Summary; by_kind: Record<string, Summary>; routes: { confusion: Confusion } };
  generated_at: string;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** A bar of width v (0–1) in inline SVG: the page opens offline with no script or CDN. */
const bar = (v: number | null, color = '#2f6fb0') =>
  `<svg width="120" height="12" role="img" aria-label="${pct(v)}"><rect width="120" height="12" fill="#eee"/><rect width="${Math.round((v ?? 0) * 120)}" height="12" fill="${color}"/></svg>`;

function summaryTable(title: string, rows: Record<string, Summary>, baseline?: Record<string, Summary>): string {
  const head = `<tr><th></th><th>n</th>${SCORES.map((m) => `<th>${m}</th>`).join('')}</tr>`;
  const body = Object.entries(rows)
    .map(([k, s]) => {
      const b = baseline?.[k];
      const cells = SCORES.map((m) => {
        const v = s[m] as number | null;
        const bv = b?.[m] as number | null | undefined;
        return `<td>${pct(v)} ${m === 'mrr' ? '' : bar(v, m === 'false_refusal_rate' ? '#b03a2f' : '#2f6fb0')}${bv !== undefined ? `<br><small>基线 ${pct(bv)}</small>` : ''}</td>`;
      }).join('');
      return `<tr><th>${esc(k)}</th><td>${s.questions}</td>${cells}</tr>`;
    })
    .join('');
  return `<h2>${esc(title)}</h2><table>${head}${body}</table>`;
}

export function reportHtml(r: EvalReport, results: Result[]): string {
  const actuals = [...new Set(Object.values(r.routes.confusion).flatMap((x) => Object.keys(x)))].sort();
  const conf = `<table><tr><th>期望 \\ 实际</th>${actuals.map((a) => `<th>${esc(a)}</th>`).join('')}</tr>${Object.entries(
    r.routes.confusion,
  )
    .map(([e, row]) => `<tr><th>${esc(e)}</th>${actuals.map((a) => `<td>${row[a] ?? 0}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  const lat = `<table><tr><th>route</th><th>n</th><th>p50 ms</th><th>p95 ms</th></tr>${Object.entries(r.latency)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v.n}</td><td>${v.p50}</td><td>${v.p95}</td></tr>`)
    .join('')}</table>`;
  const failed = results.filter((x) => !x.pass);
  const fails = `<table><tr><th>id</th><th>问题</th><th>原因</th><th>回答者</th><th>回答</th></tr>${failed
    .map(
      (x) =>
        `<tr><td>${esc(x.id)}</td><td>${esc(x.question)}</td><td>${esc(x.failures.join('；'))}</td><td>${esc(x.answeredBy ?? '')}</td><td><pre>${esc(x.answer.slice(0, 400))}</pre></td></tr>`,
    )
    .join('')}</table>`;
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>年报问答 评测报告</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;vertical-align:top;text-align:left}pre{white-space:pre-wrap;margin:0;max-width:40em}</style></head>
<body><h1>年报问答 评测报告</h1><p>${esc(r.generated_at)}</p>
${summaryTable('总体', { overall: r.overall }, r.baseline ? { overall: r.baseline.overall } : undefined)}
${summaryTable('按题型', r.by_kind, r.baseline?.by_kind)}
${summaryTable('按题集', r.by_set)}
<h2>路由混淆矩阵</h2>${conf}<h2>延迟</h2>${lat}<h2>未通过的问题（${failed.length}）</h2>${fails}</body></html>`;
}
