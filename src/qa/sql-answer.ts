import {
  colLabel,
  hasTables,
  rowLabel,
  T3_RESULT_CATEGORIES,
  TABLE_TITLES,
  type Level,
  unnumbered,
} from '../domain/catalogue.ts';
import { APPLICANT_COLUMNS, METRIC_BY_ID, zeroDenominator } from '../domain/metrics.ts';
import type { CitedReport, ReportInfo, Store } from '../domain/ports.ts';
import { citedReports, failedChecks } from '../retrieval/lexical.ts';
import { orgLabel } from '../domain/org-names.ts';
import type { QueryPlan } from '../domain/query-plan.ts';
import type { Cell, Citation } from '../domain/types.ts';

export interface SqlAnswer {
  answer: string;
  citations: Citation[];
  warnings: string[];
}

const MAX_CITED_REPORTS = 8;
/** Rows listed in the answer text; all rows are in `rows` (the page's table). */
const MAX_LISTED = 30;
const MAX_CITATIONS = 30;

type Row = Record<string, unknown> & {
  report_id: number;
  org: string;
  year: number;
  title: string;
  value?: number | null;
};

export const fmt = (v: unknown): string =>
  v === null || v === undefined ? '未填报' : typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v);

function metricName(plan: QueryPlan): { name: string; unit: string } {
  const m = METRIC_BY_ID.get(plan.metric ?? '');
  if (!m) return { name: '报告', unit: '份' };
  const col = APPLICANT_COLUMNS.find((a) => a.id === plan.applicant);
  return { name: col ? `${col.name}${m.name}` : m.name, unit: m.unit };
}

const who = (r: Row) => `${orgLabel(r.org)}${r.year}年`;
const withUnit = (v: unknown, unit: string) => `${fmt(v)}${unit === '%' ? '%' : ` ${unit}`}`;

/** A level as an answer names its units ("按各乡镇最新一年报告"). */
const LEVEL_WORD: Record<Level, string> = { '乡镇/街道': '乡镇', 县区: '县区', 市: '市', 部门: '部门' };

/**
 * What an aggregate over several orgs covered, said before its figure: the level, the years and
 * how many orgs and reports, and whether each org's latest report or every year was taken.
 * @example "按各乡镇最新一年报告（2020—2024年，5 个乡镇）计，"
 */
function coverage(plan: QueryPlan, r0: Row | undefined): string {
  if (!r0 || r0.first_year === null || r0.first_year === undefined) return '';
  const [y0, y1] = [Number(r0.first_year), Number(r0.last_year)];
  const years = y0 === y1 ? `${y0}年` : `${y0}—${y1}年`;
  const [orgs, reports] = [Number(r0.org_count), Number(r0.report_count)];
  const region = plan.regions?.join('、') ?? '';
  if (plan.orgs.length === 1) return `按${plan.orgs[0]}${years}的 ${reports} 份报告计，`;
  const w = plan.level ? LEVEL_WORD[plan.level] : '单位';
  if (plan.latest) return `按${region}各${w}最新一年报告（${years}，${orgs} 个${w}）计，`;
  if (reports > orgs) return `按${region}${years} ${orgs} 个${w}的 ${reports} 份报告（各年合并）计，`;
  return `按${region}${years} ${orgs} 个${w}的报告计，`;
}

/** A comparison as said in a sentence: "超过 0 件", "为 0 件". */
const OP_WORD: Record<string, string> = {
  '=': '为',
  '!=': '不为',
  '>': '超过',
  '>=': '不少于',
  '<': '少于',
  '<=': '不超过',
};

/**
 * The Chinese answer for a SQL plan's rows: the number(s), each cited to the table cells it came
 * from as printed; blank cells said as 未填报; failed checks on used cells shown as warnings.
 */
export async function sqlAnswer(plan: QueryPlan, rows: Row[], keys: string[], store: Store): Promise<SqlAnswer> {
  const { name, unit } = metricName(plan);
  const cite = await citer(store, keys, rows);
  const undefinedRates = await zeroDenominators(plan, rows, store);
  const metric = METRIC_BY_ID.get(plan.metric ?? '');
  // A ratio whose denominator is 0 has no value to report: said so, never 未填报.
  const short = name.replace(/（.*$/, '');
  const val = (r: Row, u: string) =>
    r.value !== null && r.value !== undefined
      ? withUnit(r.value, u)
      : undefinedRates.has(r.report_id)
        ? `无从计算（${metric?.perName ?? '分母'}为 0）`
        : '未填报';
  const lines: string[] = [];
  const ref = async (r: Row) => (await cite(r)).map((n) => `[${n}]`).join('');
  const scope = `${plan.years.length ? `${plan.years.join('、')}年` : ''}${plan.regions?.join('、') ?? ''}`;

  switch (plan.intent) {
    case 'quality': {
      if (rows.length === 0)
        lines.push(
          `${plan.orgs.length ? `${plan.orgs.join('、')}${scope}的报告` : `${scope}所查报告`}勾稽关系校验均未发现不一致。`,
        );
      else {
        lines.push(`${scope}以下报告有校验未通过（共 ${rows.length} 项）：`);
        for (const r of rows) lines.push(`- 《${r.title}》${r.rule}：${r.message} ${await refReport(cite, r)}`);
      }
      break;
    }
    case 'count': {
      const n = rows.length ? Number(rows[0]!.reports) : 0;
      // The template asked narrows the count: the sentence says so, or it would be untrue of the year.
      const kind = plan.template ? `使用${plan.template}版模板的` : '';
      lines.push(`${scope}库中${kind ? `${kind}报告` : ''}共有 **${n}** 份${kind ? '' : '报告'}${n ? '：' : '。'}`);
      for (const r of rows.slice(0, 50)) lines.push(`- ${r.title} ${await cite.title(r)}`);
      break;
    }
    case 'sum':
    case 'avg': {
      if (rows.length === 0) break;
      const r0 = rows[0]!;
      const counted = Number(r0.counted);
      const missing = Number(r0.reports) - counted;
      const figure =
        plan.intent === 'avg' ? `平均 **${fmt(r0.average)}** ${unit}` : `合计 **${fmt(r0.total)}** ${unit}`;
      const undef = rows.filter((r) => undefinedRates.has(r.report_id)).length;
      const left = [undef ? `${undef} 份无从计算` : '', missing - undef ? `${missing - undef} 份未填报` : '']
        .filter(Boolean)
        .join('、');
      lines.push(
        `${coverage(plan, r0) || scope}${name}${figure}（${counted} 份报告${left ? `；另有 ${left}，不计入` : ''}）。`,
      );
      for (const r of rows) lines.push(`- ${who(r)}：${val(r, unit)} ${await ref(r)}`);
      break;
    }
    case 'rank': {
      lines.push(
        `${coverage(plan, rows[0]) || scope}${name}排名（${plan.order === 'asc' ? '从少到多' : '从多到少'}）：`,
      );
      for (const r of rows) lines.push(`${r.rank}. ${orgLabel(r.org)}（${r.year}年）：${val(r, unit)} ${await ref(r)}`);
      break;
    }
    case 'max':
    case 'min': {
      if (rows.length === 0) break;
      const word = unit === '%' ? (plan.intent === 'max' ? '最高' : '最低') : plan.intent === 'max' ? '最多' : '最少';
      const names = rows.map((r) => `**${orgLabel(r.org)}**（${r.year}年）`).join('、');
      lines.push(
        `${coverage(plan, rows[0]) || scope}${name}${word}的是${names}${rows.length > 1 ? '，并列' : ''}，为 ${val(rows[0]!, unit)}。${(await Promise.all(rows.map(ref))).join('')}`,
      );
      break;
    }
    case 'filter': {
      const f = plan.filter ?? { op: '>', value: 0 };
      const cond = `${OP_WORD[f.op]} ${withUnit(f.value, unit)}`;
      const where = plan.orgs.length ? `${plan.orgs.join('、')}${scope}的报告` : `${scope}所查报告`;
      if (plan.yesNo) {
        // "有没有结转": 有/没有 first, then who has it and how many, in plain words.
        const valued = rows.filter((r) => typeof r.value === 'number');
        if (valued.length === 0) lines.push(`没有。${where}中，${name}都为 0 或未填报。`);
        else {
          lines.push(`有。${scope}${[...new Set(valued.map((r) => r.org))].join('、')}有${name}：`);
          for (const r of valued) lines.push(`- ${who(r)}：${val(r, unit)} ${await ref(r)}`);
        }
      } else if (rows.length === 0) lines.push(`${where}中，没有一份${name}${cond}。`);
      else {
        const orgs = [...new Set(rows.map((r) => r.org))];
        const count =
          rows.length === orgs.length ? `${orgs.length} 个` : `${rows.length} 份报告（${orgs.length} 个单位）`;
        lines.push(`${scope}${name}${cond}的有 ${count}：${orgs.join('、')}。`);
        for (const r of rows) lines.push(`- ${who(r)}：${val(r, unit)} ${await ref(r)}`);
      }
      break;
    }
    case 'breakdown': {
      const byReport = new Map<number, Row[]>();
      for (const r of rows) byReport.set(r.report_id, [...(byReport.get(r.report_id) ?? []), r]);
      for (const group of byReport.values()) {
        const r0 = group[0]!;
        const refs = await refReport(cite, r0);
        const parts = group
          .map((r) => `${r.category} ${fmt(r.value)} 件${membersOf(r, cite.cells(r0.report_id))}`)
          .join('，');
        lines.push(`${who(r0)}${plan.breakdown === 'applicants' ? '申请人构成' : '办理结果'}：${parts}。${refs}`);
      }
      break;
    }
    case 'compare':
    case 'trend': {
      for (const r of rows) lines.push(`- ${who(r)}：${name} ${val(r, unit)} ${await ref(r)}`);
      const vals = rows.map((r) => r.value).filter((v): v is number => typeof v === 'number');
      if (rows.length === 2 && vals.length === 2) {
        const d = vals[1]! - vals[0]!;
        const [a, b] = [rows[0]!, rows[1]!];
        const label = (x: Row) => (a.org === b.org ? `${x.year}年` : x.org);
        lines.push(
          d === 0
            ? `两者相同。`
            : `${label(b)}比${label(a)}${d > 0 ? '多' : '少'} ${fmt(Math.abs(d))}${unit === '%' ? ' 个百分点' : ` ${unit}`}。`,
        );
      } else if (plan.intent === 'trend' && vals.length >= 2) {
        const d = vals.at(-1)! - vals[0]!;
        lines.push(
          `${rows[0]!.year}—${rows.at(-1)!.year}年${d === 0 ? '持平' : d > 0 ? `增加 ${fmt(d)}` : `减少 ${fmt(-d)}`}${d === 0 ? '' : unit === '%' ? ' 个百分点' : ` ${unit}`}。`,
        );
      }
      lines.unshift(`${name}：`);
      break;
    }
    default: {
      if (plan.yesNo) {
        // 有/没有 first, then the figure it rests on.
        for (const r of rows) {
          const v = r.value;
          const head = v === null || v === undefined ? '无法判断' : v > 0 ? '有' : '没有';
          const line = `${head}，${who(r)}${name}${v === null || v === undefined ? val(r, unit) : `${v > 0 ? '' : '为'} **${withUnit(v, unit)}**`}。${await ref(r)}`;
          lines.push(rows.length === 1 ? line : `- ${line}`);
        }
        if (rows.length === 0) lines.push(`没有找到${plan.orgs.join('、')}${scope}的这项数据。`);
        break;
      }
      if (rows.length === 1 && undefinedRates.has(rows[0]!.report_id))
        lines.push(`${who(rows[0]!)}${metric?.perName ?? '分母'}为 0 件，${short}无从计算。${await ref(rows[0]!)}`);
      else if (rows.length === 1)
        lines.push(`${who(rows[0]!)}${name}为 **${val(rows[0]!, unit)}**。${await ref(rows[0]!)}`);
      else for (const r of rows) lines.push(`- ${who(r)}：${name} ${val(r, unit)} ${await ref(r)}`);
    }
  }
  // A ranking or extreme leaves out reports without a value: say how many, never silently.
  const r0 = rows[0];
  if (['rank', 'max', 'min'].includes(plan.intent) && r0 && Number(r0.report_count) > Number(r0.valued_count))
    lines.push(
      `另有 ${Number(r0.report_count) - Number(r0.valued_count)} 份报告没有这项数值（未填报，或比率的分母为 0），不参与比较。`,
    );
  const listed = lines.filter((l) => /^(?:- |\d+\. )/.test(l));
  if (listed.length > MAX_LISTED) {
    const keep = new Set(listed.slice(0, MAX_LISTED));
    const rest = listed.length - MAX_LISTED;
    lines.splice(
      0,
      lines.length,
      ...lines.filter((l) => !/^(?:- |\d+\. )/.test(l) || keep.has(l)),
      `……另有 ${rest} 条，见结果表。`,
    );
  }
  if (plan.notes.length) lines.push(`（${plan.notes.join('；')}）`);
  return { answer: lines.join('\n'), citations: cite.citations, warnings: await cite.warnings() };
}

/**
 * The reports among the rows whose ratio is undefined (every cell filled, denominator 0), not
 * blank. Only rows without a value are looked at, at most the rows an answer can list.
 */
async function zeroDenominators(plan: QueryPlan, rows: Row[], store: Store): Promise<Set<number>> {
  const out = new Set<number>();
  const m = METRIC_BY_ID.get(plan.metric ?? '');
  if (!m?.per) return out;
  for (const r of rows.filter((x) => x.value === null || x.value === undefined).slice(0, 100)) {
    const info = await store.report(r.report_id);
    if (!hasTables(info?.template)) continue;
    const cells = new Map((await store.cells(r.report_id)).map((c) => [c.key, c.value]));
    if (zeroDenominator(m, info.template, cells, plan.applicant)) out.add(r.report_id);
  }
  return out;
}

/**
 * The rows of a 表三 result group a report counts in it ("无法提供 2 件（本机关不掌握相关政府信息 2 件）"):
 * which cases they were, not only how many; '' for a row or a group with none.
 */
function membersOf(r: Row, cells: Cell[]): string {
  const keys = T3_RESULT_CATEGORIES.find((c) => c.label === r.category)?.keys ?? [];
  if (keys.length < 2 || !(Number(r.value) > 0)) return '';
  const members = cells.filter((c) => keys.includes(c.key) && (c.value ?? 0) > 0);
  return members.length
    ? `（${members.map((c) => `${unnumbered(rowLabel('t3', c.row))} ${fmt(c.value)} 件`).join('，')}）`
    : '';
}

async function refReport(cite: Citer, r: Row): Promise<string> {
  return (await cite(r)).map((n) => `[${n}]`).join('');
}

type Citer = ((r: Row) => Promise<number[]>) & {
  citations: Citation[];
  /** The cells a report's citations were read from. */
  cells: (reportId: number) => Cell[];
  warnings: () => Promise<string[]>;
  title: (r: Row) => Promise<string>;
};

/** Cites the cells a row's value came from (the printed row in the report text). */
async function citer(store: Store, keys: string[], rows: Row[]): Promise<Citer> {
  const citations: Citation[] = [];
  const cited = new Map<number, number[]>();
  const infos = new Map<number, ReportInfo>();
  const usedCells = new Map<number, Cell[]>();
  // The reports cited are the first rows' (at most MAX_CITED_REPORTS): read together, once.
  let ahead: Promise<Map<number, CitedReport>> | undefined;
  const read = async (id: number): Promise<CitedReport> => {
    ahead ??= citedReports(store, [...new Set(rows.map((r) => r.report_id))].slice(0, MAX_CITED_REPORTS), keys);
    return ((await ahead).get(id) ?? (await citedReports(store, [id], keys)).get(id))!;
  };
  const fn = (async (r: Row) => {
    const have = cited.get(r.report_id);
    if (have) return have;
    if (cited.size >= MAX_CITED_REPORTS || citations.length >= MAX_CITATIONS) return [];
    const { info, text, cells: all } = await read(r.report_id);
    infos.set(r.report_id, info);
    usedCells.set(r.report_id, all);
    const cells = all.filter((c) => c.start !== null && c.end !== null);
    const ns: number[] = [];
    for (const c of cells) {
      if (citations.length >= MAX_CITATIONS) break;
      const n = citations.length + 1;
      citations.push({
        n,
        reportId: info.id,
        title: info.title,
        org: info.org,
        year: info.year,
        section: `${TABLE_TITLES[c.table]} > ${rowLabel(c.table, c.row, info.template)}`,
        quote: text.slice(c.start!, c.end!),
        start: c.start!,
        end: c.end!,
        cell: {
          key: c.key,
          table: c.table,
          row: rowLabel(c.table, c.row, info.template),
          col: colLabel(c.table, c.col, c.row),
          value: c.value,
          unit: c.unit,
        },
      });
      ns.push(n);
    }
    cited.set(r.report_id, ns);
    return ns;
  }) as Citer;
  fn.citations = citations;
  fn.cells = (reportId: number) => usedCells.get(reportId) ?? [];
  // A report counted or listed is cited by its title line as printed.
  fn.title = async (r: Row) => {
    if (citations.length >= MAX_CITATIONS) return '';
    const { info, text } = await read(r.report_id);
    const start = text.search(/\S/);
    const end = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
    const n = citations.length + 1;
    citations.push({
      n,
      reportId: info.id,
      title: info.title,
      org: info.org,
      year: info.year,
      section: '标题',
      quote: text.slice(start, end),
      start,
      end,
    });
    return `[${n}]`;
  };
  fn.warnings = async () => {
    const out: string[] = [];
    const failed = await failedChecks(store, [...infos.keys()]);
    for (const [id, info] of infos) {
      for (const v of failed) {
        if (v.reportId === id && v.cells.some((k) => keys.includes(k)))
          out.push(`《${info.title}》${v.rule} 未通过：${v.message}`);
      }
      for (const c of usedCells.get(id) ?? []) {
        if (c.status === 'recovered') {
          out.push(`《${info.title}》表格数字在原文中粘连，${c.key} 由勾稽关系唯一确定后恢复`);
          break;
        }
      }
      if (usedCells.get(id)?.some((c) => c.status === 'ocr'))
        out.push(`《${info.title}》是扫描件，所用数字由OCR识别，请以原件为准`);
    }
    return out;
  };
  return fn;
}
