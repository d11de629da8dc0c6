import {
  hasTables,
  printedOrder,
  rowLabel,
  TABLE_TITLES,
  type TableId,
  type TemplateVersion,
} from '../domain/catalogue.ts';
import { LAYOUTS } from '../domain/layout.ts';
import { ownName } from '../domain/org-names.ts';
import { METRIC_BY_ID, metricKeys } from '../domain/metrics.ts';
import type { ReportInfo, Store } from '../domain/ports.ts';
import type { Cell, Citation } from '../domain/types.ts';
import { orgLabel } from '../domain/org-names.ts';

/**
 * "比较A和B的依申请公开情况", "…申请都是怎么处理的", "行政复议和诉讼情况", "主动公开情况": the main
 * figures of the table the question names (表三, or 表二/表四 cell by cell as printed) for each
 * report, in the table's order, each cited to its printed row, led by one or two sentences that
 * answer (the figures that differ, a yes/no asked of one row).
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

/** The tables a question can ask an overview of, by the words that name their topic. */
const TOPICS: [TableId, RegExp][] = [
  ['t2', /主动公开/],
  ['t3', /依申请|申请/],
  ['t4', /复议|诉讼/],
];
/** "哪些事项不是0": a table's figures that are not 0, which an overview's lead names. */
const NONZERO = /哪些[^？?]*(?:不是|不为|非)\s*(?:0|零)/;
/** How the work was done ("是怎么办理的", "办理情况") is the prose's to tell; these ask for the figures. */
const ASKS =
  /比较|对比|相比|怎么处理|如何处理|怎样处理|处理结果|办理结果|(?<!办理)情况(?:如何|怎么样|怎样)|(?:公开|复议|诉讼)(?:工作)?的?情况[？?。]?$/;
/** A single figure asked ("不予公开多少件") is the figures answerer's, not an overview. */
const ONE_FIGURE = /多少|几件|几个|比例|率/;
const YES_NO = /有没有|是否|有无/;

export interface OverviewAnswer {
  answer: string;
  citations: Citation[];
  rows: Record<string, unknown>[];
}

/** The tables a question asks an overview of, in printed order; none when it asks something else. */
export function overviewTables(question: string): TableId[] {
  if (!(ASKS.test(question) || NONZERO.test(question)) || ONE_FIGURE.test(question.replace(/那?\d+件/g, ''))) return [];
  return TOPICS.filter(([, words]) => words.test(question)).map(([t]) => t);
}

export const asksOverview = (question: string): boolean => overviewTables(question).length > 0;

/** A figure shown: the cells summed for it in each template (none where the template lacks it). */
type Figure = { id: string; name: string; unit: string; keys: (t: TemplateVersion) => string[] };
/** A figure's value: undefined when the report's template has no such cell, null when left blank. */
type Figures = {
  r: ReportInfo;
  values: Map<string, number | null | undefined>;
  cells: Map<string, Cell[]>;
  text: string;
};

const T3_FIGURES: Figure[] = MAIN.map(([id, name]) => ({
  id,
  name,
  unit: '件',
  keys: (t) => metricKeys(METRIC_BY_ID.get(id)!, t).keys,
}));

/** 表二 and 表四 cell by cell, as the templates of the reports lay them out (the first template's order first). */
function printedFigures(table: TableId, templates: TemplateVersion[]): Figure[] {
  const out = new Map<string, Figure>();
  for (const t of templates)
    for (const part of LAYOUTS[t].find((l) => l.table === table)!.parts)
      for (const row of part.rows)
        for (const col of part.columns) {
          const id = `${table}.${row.key}.${col.key}`;
          if (out.has(id)) continue;
          // "本年收费金额（单位：万元）": the unit is said with each figure.
          const name = `${row.label} ${col.label.replace(/[（(][^）)]*[）)]$/, '')}`;
          const unit = METRIC_BY_ID.get(id)?.unit ?? '件';
          out.set(id, { id, name, unit, keys: (tt) => (printedOrder(tt).includes(id) ? [id] : []) });
        }
  return [...out.values()];
}

/** The overview of the tables asked for the reports named (at most four side by side); null when not asked. */
export async function applicationsOverview(
  question: string,
  reports: ReportInfo[],
  store: Pick<Store, 'cells' | 'reportText'>,
): Promise<OverviewAnswer | null> {
  const tables = overviewTables(question);
  if (tables.length === 0 || reports.length === 0 || reports.length > 4) return null;
  const templates = [...new Set(reports.map((r) => r.template).filter(hasTables))];
  const sections = tables.map((table) => ({
    table,
    figures: table === 't3' ? T3_FIGURES : printedFigures(table, templates),
  }));
  const all: Figures[] = [];
  // Side by side in the order the question names them.
  const at = (r: ReportInfo) => {
    // Its identity (盐池县花马池镇) or its own name (花马池镇), wherever the question names it first.
    const found = r.org ? [r.org, ownName(r.org, r.region)].map((n) => question.indexOf(n)).filter((i) => i >= 0) : [];
    return found.length ? Math.min(...found) : question.length;
  };
  for (const r of [...reports].sort((a, b) => at(a) - at(b) || (a.year ?? 0) - (b.year ?? 0))) {
    if (!hasTables(r.template)) continue;
    const template = r.template;
    const cells = await store.cells(r.id);
    const byKey = new Map(cells.map((c) => [c.key, c]));
    const values = new Map<string, number | null | undefined>();
    const used = new Map<string, Cell[]>();
    for (const { id, keys: of } of sections.flatMap((s) => s.figures)) {
      const keys = of(template);
      const cs = keys.map((k) => byKey.get(k)).filter((c): c is Cell => c !== undefined);
      const filled = cs.length === keys.length && cs.every((c) => c.value !== null);
      values.set(id, keys.length === 0 ? undefined : filled ? sum(cs) : null);
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
  const leads = sections.map(({ table, figures }) =>
    table === 't3' ? (all.length === 1 ? single(question, all[0]!) : side(all)) : differences(table, figures, all),
  );
  const blocks = sections.map(({ table, figures }) => {
    const lines = figures.map(
      ({ id, name, unit }) =>
        `- ${name}：${all.map((f) => `${all.length > 1 ? `${who(f.r)} ` : ''}${n(f.values.get(id), unit)} ${cite(f, id)}`.trimEnd()).join('；')}`,
    );
    return `${TABLE_TITLES[table]}：\n${lines.join('\n')}`;
  });
  const rows = sections.flatMap(({ figures }) =>
    figures.map(({ id, name }) => ({
      项目: name,
      ...Object.fromEntries(all.map((f) => [who(f.r), f.values.get(id) ?? null])),
    })),
  );
  return { answer: `${leads.join('\n')}\n\n${blocks.join('\n\n')}`, citations, rows };
}

const who = (r: ReportInfo) => `${orgLabel(r.org)}${r.year ? `${r.year}年` : ''}`;
const n = (v: number | null | undefined, unit = '件') =>
  v === undefined ? '无此项' : v === null ? '未填报' : `${v} ${unit}`;
const known = (v: number | null | undefined): v is number => v !== null && v !== undefined;
/** At most this many differing figures are named in a lead; the table shows the rest. */
const NAMED = 4;

/**
 * 表二/表四 led by what answers: for one report the figures that are not 0, for several the
 * figures that differ (with by how much when two are compared); blank cells counted.
 */
function differences(table: TableId, figures: Figure[], all: Figures[]): string {
  const title = TABLE_TITLES[table].replace(/^表./, '').trim();
  const vs = (id: string) => all.map((f) => f.values.get(id));
  const blank = figures.filter(({ id }) => vs(id).some((v) => v === null)).length;
  const blanks = blank ? `；${blank} 项未填报` : '';
  const named = (list: string[]) =>
    list.length > NAMED ? `${list.slice(0, NAMED).join('；')}；等 ${list.length} 项` : list.join('；');
  if (all.length === 1) {
    const f = all[0]!;
    const nonzero = figures.filter(({ id }) => (f.values.get(id) ?? 0) > 0);
    if (nonzero.length === 0) return `${who(f.r)}${title}：各项均为 0${blanks}。`;
    const list = nonzero.map(({ id, name, unit }) => `${name} ${n(f.values.get(id), unit)}`);
    return `${who(f.r)}${title}中不为 0 的：${named(list)}；其余各项为 0${blanks}。`;
  }
  const differ = figures.filter(({ id }) => {
    const v = vs(id).filter(known);
    return v.length > 1 && v.some((x) => x !== v[0]);
  });
  const names = all.map((f) => who(f.r)).join('和');
  if (differ.length === 0) return `${names}${title}：${blank ? '填报的' : ''}各项相同${blanks}。`;
  const [a, b] = [all[0]!.r, all[1]!.r];
  const label = shortLabel(a, b);
  const list = differ.map(({ id, name, unit }) => {
    const v = vs(id);
    const each = all.map((f, i) => `${who(f.r)} ${n(v[i], unit)}`).join('，');
    if (all.length !== 2 || !known(v[0]) || !known(v[1])) return `${name}：${each}`;
    const d = v[1] - v[0];
    return `${name}：${each}，${label(b)}比${label(a)}${d > 0 ? '多' : '少'} ${Math.abs(d)} ${unit}`;
  });
  return `${names}${title}不同的有 ${differ.length} 项：${named(list)}${blanks}。`;
}
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

/**
 * How a comparison of two reports calls each once both are named in full: by year (one org's
 * two years), by the org's own name (花马池镇 of 盐池县花马池镇) unless the two share it, else in full.
 */
function shortLabel(a: ReportInfo, b: ReportInfo): (r: ReportInfo) => string | null {
  if (a.org === b.org) return (r) => `${r.year}年`;
  const own = (r: ReportInfo) => (r.org === null ? null : ownName(r.org, r.region));
  return own(a) === own(b) ? (r) => r.org : own;
}

/** Several reports: the intake and the carry-over side by side, and how much they differ. */
function side(all: Figures[]): string {
  const say = (id: string, name: string) => {
    const vs = all.map((f) => f.values.get(id));
    const list = all.map((f, i) => `${who(f.r)} ${n(vs[i])}`).join('，');
    if (all.length !== 2 || vs.some((x) => x === null || x === undefined)) return `${name}：${list}`;
    const d = vs[1]! - vs[0]!;
    const [a, b] = [all[0]!.r, all[1]!.r];
    const label = shortLabel(a, b);
    return `${name}：${list}，${d === 0 ? '两者相同' : `${label(b)}比${label(a)}${d > 0 ? '多' : '少'} ${Math.abs(d)} 件`}`;
  };
  return `${say('t3.new', '本年新收申请')}；${say('t3.total_processed', '办理总计')}；${say('t3.carry_forward', '结转下年度')}。`;
}
