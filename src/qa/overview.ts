import { rowLabel, TABLE_TITLES, type TemplateVersion } from '../domain/catalogue.ts';
import { METRIC_BY_ID, metricKeys } from '../domain/metrics.ts';
import type { ReportInfo, Store } from '../domain/ports.ts';
import type { Cell, Citation } from '../domain/types.ts';

/**
 * "比较A和B的依申请公开情况", "…申请都是怎么处理的": the main figures of 表三 for each report, in
 * the table's order, each cited to its printed row, led by one or two sentences that answer
 * (the figures that differ, a yes/no asked of one row).
 */

/** 表三's main figures as a reader names them, by metric. */
const MAIN: [string, string][] = [
  ['t3.new', '本年新收'],
  ['t3.carried_over', '上年结转'],
  ['t3.granted', '予以公开'],
  ['t3.partial', '部分公开'],
  ['d.deny', '不予公开'],
  ['d.unable', '无法提供'],
  ['d.noproc', '不予处理'],
  ['d.other', '其他处理'],
  ['t3.total_processed', '办理总计'],
  ['t3.carry_forward', '结转下年度继续办理'],
];
/** The outcome rows, between the intake and the totals. */
const OUTCOMES = MAIN.slice(2, 8);

const TOPIC = /依申请|申请/;
/** How the work was done ("是怎么办理的", "办理情况") is the prose's to tell; these ask for the figures. */
const ASKS =
  /比较|对比|相比|怎么处理|如何处理|怎样处理|处理结果|办理结果|(?<!办理)情况(?:如何|怎么样|怎样)|公开情况[？?。]?$/;
/** A single figure asked ("不予公开多少件") is the figures answerer's, not an overview. */
const ONE_FIGURE = /多少|几件|几个|比例|率/;
const YES_NO = /有没有|是否|有无/;

export interface OverviewAnswer {
  answer: string;
  citations: Citation[];
  rows: Record<string, unknown>[];
}

export function asksOverview(question: string): boolean {
  return TOPIC.test(question) && ASKS.test(question) && !ONE_FIGURE.test(question.replace(/那?\d+件/g, ''));
}

type Figures = { r: ReportInfo; values: Map<string, number | null>; cells: Map<string, Cell[]>; text: string };

/** The overview of 表三 for the reports named (at most four side by side); null when not asked. */
export async function applicationsOverview(
  question: string,
  reports: ReportInfo[],
  store: Pick<Store, 'cells' | 'reportText'>,
): Promise<OverviewAnswer | null> {
  if (!asksOverview(question) || reports.length === 0 || reports.length > 4) return null;
  const all: Figures[] = [];
  // Side by side in the order the question names them.
  const at = (r: ReportInfo) => (r.org && question.includes(r.org) ? question.indexOf(r.org) : question.length);
  for (const r of [...reports].sort((a, b) => at(a) - at(b) || (a.year ?? 0) - (b.year ?? 0))) {
    if (!r.template) continue;
    const cells = await store.cells(r.id);
    const byKey = new Map(cells.map((c) => [c.key, c]));
    const values = new Map<string, number | null>();
    const used = new Map<string, Cell[]>();
    for (const [id] of MAIN) {
      const keys = metricKeys(METRIC_BY_ID.get(id)!, r.template as TemplateVersion).keys;
      const cs = keys.map((k) => byKey.get(k)).filter((c): c is Cell => c !== undefined);
      values.set(id, cs.length === keys.length && cs.every((c) => c.value !== null) ? sum(cs) : null);
      used.set(id, cs);
    }
    all.push({ r, values, cells: used, text: (await store.reportText(r.id)) ?? '' });
  }
  if (all.length === 0) return null;
  const citations: Citation[] = [];
  const cite = (f: Figures, id: string): string => {
    const cs = f.cells.get(id) ?? [];
    // A sum is cited by the rows that hold something; a zero sum by its rows' first.
    const shown = cs.filter((c) => (c.value ?? 0) > 0);
    return (shown.length ? shown : cs.slice(0, 1))
      .filter((c) => c.start !== null && c.end !== null)
      .map((c) => {
        const have = citations.find((x) => x.reportId === f.r.id && x.start === c.start);
        if (have) return `[${have.n}]`;
        citations.push({
          n: citations.length + 1,
          reportId: f.r.id,
          title: f.r.title,
          org: f.r.org,
          year: f.r.year,
          section: `${TABLE_TITLES[c.table]} > ${rowLabel(c.table, c.row, f.r.template)}`,
          quote: f.text.slice(c.start!, c.end!),
          start: c.start!,
          end: c.end!,
        });
        return `[${citations.length}]`;
      })
      .join('');
  };
  const lead = all.length === 1 ? single(question, all[0]!) : side(all);
  const lines = MAIN.map(
    ([id, name]) =>
      `- ${name}：${all.map((f) => `${all.length > 1 ? `${who(f.r)} ` : ''}${n(f.values.get(id))} ${cite(f, id)}`).join('；')}`,
  );
  const rows = MAIN.map(([id, name]) => ({
    项目: name,
    ...Object.fromEntries(all.map((f) => [who(f.r), f.values.get(id) ?? null])),
  }));
  return { answer: `${lead}\n\n${TABLE_TITLES.t3}：\n${lines.join('\n')}`, citations, rows };
}

const who = (r: ReportInfo) => `${r.org ?? r.title}${r.year ? `${r.year}年` : ''}`;
const n = (v: number | null | undefined) => (v === null || v === undefined ? '未填报' : `${v} 件`);
const sum = (cs: Cell[]) => cs.reduce((a, c) => a + (c.value ?? 0), 0);

/** One report: what came in, how it was handled (the outcomes that are not 0), what was carried over. */
function single(question: string, f: Figures): string {
  const v = (id: string) => f.values.get(id);
  const answer = yesNo(question, f);
  const intake = `${who(f.r)}新收申请 ${n(v('t3.new'))}，上年结转 ${n(v('t3.carried_over'))}`;
  if (v('t3.new') === 0 && v('t3.carried_over') === 0) return `${answer}${intake}，没有需要办理的申请。`;
  const done = OUTCOMES.filter(([id]) => (v(id) ?? 0) > 0).map(([id, name]) => `${name} ${n(v(id))}`);
  const carried = v('t3.carry_forward');
  return `${answer}${intake}；办结 ${n(v('t3.total_processed'))}${done.length ? `（${done.join('、')}）` : ''}，${
    carried ? `${n(carried)}结转下年度继续办理` : '没有结转下年度'
  }。`;
}

/** A yes/no asked of one of the figures ("有没有结转到下一年"), answered first. */
function yesNo(question: string, f: Figures): string {
  if (!YES_NO.test(question)) return '';
  const row = /结转.*(?:下一?年|明年|下年)|结转到|转到下/.test(question)
    ? MAIN.find(([id]) => id === 't3.carry_forward')
    : [...MAIN].reverse().find(([, name]) => question.includes(name.slice(0, 2)));
  if (!row) return '';
  const v = f.values.get(row[0]);
  if (v === null || v === undefined) return `无法判断：${who(f.r)}「${row[1]}」未填报。`;
  return v > 0 ? `有，${who(f.r)}${row[1]} **${n(v)}**。` : `没有，${who(f.r)}${row[1]}为 **0 件**。`;
}

/** Several reports: the intake and the carry-over side by side, and how much they differ. */
function side(all: Figures[]): string {
  const say = (id: string, name: string) => {
    const vs = all.map((f) => f.values.get(id));
    const list = all.map((f, i) => `${who(f.r)} ${n(vs[i])}`).join('，');
    if (all.length !== 2 || vs.some((x) => x === null || x === undefined)) return `${name}：${list}`;
    const d = vs[1]! - vs[0]!;
    const [a, b] = [all[0]!.r, all[1]!.r];
    const label = (r: ReportInfo) => (a.org === b.org ? `${r.year}年` : r.org);
    return `${name}：${list}，${d === 0 ? '两者相同' : `${label(b)}比${label(a)}${d > 0 ? '多' : '少'} ${Math.abs(d)} 件`}`;
  };
  return `${say('t3.new', '本年新收申请')}；${say('t3.total_processed', '办理总计')}；${say('t3.carry_forward', '结转下年度')}。`;
}
