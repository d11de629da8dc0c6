import {
  groupTotals,
  holdsTable,
  SECTIONS,
  templateOfYear,
  T3_COL_KEYS,
  T3_COLS,
  T3_ROWS,
  T3_VARIANTS,
  T4_BLOCKS,
  T4_COLS,
  hasTables,
  TEMPLATES,
  type TemplateVersion,
} from '../src/domain/catalogue.ts';
import type { Cell, ReportMeta, RuleResult, Section } from '../src/domain/types.ts';
import { statisticsYear } from './metadata.ts';
import type { TableProblem } from './tables/extract.ts';

type Values = Map<string, number | null>;

const colName = (c: string) => T3_COLS.find((x) => x.key === c)!.label;
const sum = (vals: (number | null)[]) =>
  vals.some((v) => v === null) ? null : vals.reduce<number>((a, b) => a + b!, 0);

/** One comparison of a rule: the sum of some cells against the sum of others. */
interface Part {
  status: RuleResult['status'];
  cells: string[];
  left: number | null;
  right: number | null;
  what: string;
}

function compare(cells: string[], left: number | null, right: number | null, what: string): Part {
  const status = left === null || right === null ? 'NA' : Math.abs(left - right) < 1e-9 ? 'PASS' : 'FAIL';
  return { status, cells, left, right, what };
}

const message = (p: Part) =>
  p.status === 'NA'
    ? `${p.what}：有空白单元格，无法校验`
    : `${p.what}：${p.left} ${p.status === 'PASS' ? '=' : '≠'} ${p.right}`;

function check(rule: string, cells: string[], left: number | null, right: number | null, what: string): RuleResult {
  const p = compare(cells, left, right, what);
  return { rule, status: p.status, cells, message: message(p) };
}

/**
 * One result per rule: a rule checked over several columns or rows FAILs when any part fails
 * (naming those parts and their cells), is NA when no part could be checked, and PASSes
 * otherwise (naming parts left unchecked for blank cells).
 */
function combine(rule: string, parts: Part[], what: string): RuleResult {
  const failed = parts.filter((p) => p.status === 'FAIL');
  const na = parts.filter((p) => p.status === 'NA');
  if (failed.length)
    return { rule, status: 'FAIL', cells: failed.flatMap((p) => p.cells), message: failed.map(message).join('；') };
  if (na.length === parts.length)
    return { rule, status: 'NA', cells: na.flatMap((p) => p.cells), message: `${what}：有空白单元格，无法校验` };
  const note = na.length ? `（${na.length}处因空白未校验）` : '';
  return { rule, status: 'PASS', cells: [], message: `${what}：${parts.length - na.length}处均相符${note}` };
}

/** A sum rule's part: cells[i] for i in `left` summed, against those in `right`. */
interface SumSpec {
  cells: string[];
  left: number[];
  right: number[];
  what: string;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * 表三's rows as a report printed them: its template's, or with a variant row (2021's single
 * （六）其他处理) in place of the rows it stands for.
 */
function printedRows(template: TemplateVersion, variant: boolean) {
  const rows = [...T3_ROWS[template]];
  if (variant)
    for (const v of T3_VARIANTS[template]) {
      const at = rows.findIndex((r) => r.key === v.replaces[0]);
      rows.splice(at, v.replaces.length, v.row);
    }
  return rows;
}

/** The sum rules of 表三 and 表四 for a template (and its variant), built once: every report checks the same cells. */
const SUM_RULES = new Map<string, { rule: string; what: string; parts: SumSpec[] }[]>(
  TEMPLATES.flatMap((template) => [false, true].map((variant) => [template, variant] as const)).map(
    ([template, variant]) => {
      const rows = printedRows(template, variant);
      const keys = rows.map((r) => r.key);
      const results = keys.slice(keys.indexOf('granted'), keys.indexOf('total_processed'));
      const col = (c: string) => (r: string) => `t3.${r}.${c}`;
      return [
        `${template}${variant ? '+variant' : ''}`,
        [
          {
            rule: 'T3.R1',
            what: '表三 新收+上年结转 = 办理总计+结转下年',
            parts: T3_COL_KEYS.map((c) => ({
              cells: ['new', 'carried_over', 'total_processed', 'carry_forward'].map(col(c)),
              left: [0, 1],
              right: [2, 3],
              what: `「${colName(c)}」列 新收+上年结转 与 办理总计+结转下年`,
            })),
          },
          {
            rule: 'T3.R2',
            what: '表三（七）总计 = 各办理结果之和',
            parts: T3_COL_KEYS.map((c) => ({
              cells: ['total_processed', ...results].map(col(c)),
              left: [0],
              right: range(1, results.length + 1),
              what: `「${colName(c)}」列（七）总计 与 各办理结果之和`,
            })),
          },
          {
            rule: 'T3.R3',
            what: '表三 每行总计 = 各类申请人之和',
            parts: rows.map((row) => ({
              cells: T3_COL_KEYS.map((c) => `t3.${row.key}.${c}`),
              left: [6],
              right: range(0, 6),
              what: `「${row.label}」行 总计 与 各类申请人之和`,
            })),
          },
          {
            rule: 'T4.R1',
            what: '表四 总计 = 维持+纠正+其他+未审结',
            parts: T4_BLOCKS.map((b) => ({
              cells: T4_COLS.map((c) => `t4.${b.key}.${c.key}`),
              left: [4],
              right: range(0, 4),
              what: `「${b.label}」总计 与 维持+纠正+其他+未审结`,
            })),
          },
        ],
      ];
    },
  ),
);

/** Each sum rule's parts checked one by one (a column, a row, a block), with the rule they belong to. */
function checkSumParts(cells: Cell[], template: TemplateVersion): { rule: string; what: string; parts: Part[] }[] {
  const v: Values = new Map(cells.map((c) => [c.key, c.value]));
  const total = (keys: string[], at: number[]) => sum(at.map((i) => v.get(keys[i]!) ?? null));
  const variant = T3_VARIANTS[template].some((x) => cells.some((c) => c.row === x.row.key));
  return SUM_RULES.get(`${template}${variant ? '+variant' : ''}`)!.map(({ rule, what, parts }) => ({
    rule,
    what,
    parts: parts.map((p) => compare(p.cells, total(p.cells, p.left), total(p.cells, p.right), p.what)),
  }));
}

/** The sum rules' parts one by one: which cells each part confirms (PASS) or puts in doubt (FAIL). */
export function sumRuleParts(
  cells: Cell[],
  template: TemplateVersion,
): { rule: string; status: RuleResult['status']; cells: string[] }[] {
  if (!hasTables(template)) return [];
  return checkSumParts(cells, template).flatMap(({ rule, parts }) =>
    parts.map((p) => ({ rule, status: p.status, cells: p.cells })),
  );
}

/** The rules of template.md §4 that one report can be checked against on its own. */
export function validateReport(
  meta: ReportMeta,
  text: string,
  sections: Section[],
  cells: Cell[],
  problems: TableProblem[],
): RuleResult[] {
  const v: Values = new Map(cells.map((c) => [c.key, c.value]));
  const get = (k: string) => v.get(k) ?? null;
  const out: RuleResult[] = [];
  const template = meta.template;

  for (const p of problems) {
    out.push({
      rule: 'unparsed',
      status: 'FAIL',
      cells: cells.filter((c) => c.table === p.table && (!p.row || c.row === p.row)).map((c) => c.key),
      message: `无法无歧义地读出表格：${p.message}`,
    });
  }
  if (hasTables(template))
    out.push(...checkSumParts(cells, template).map(({ rule, what, parts }) => combine(rule, parts, what)));
  out.push(gR1(cells), gR2(meta), gR3(meta, sections, cells), gR4(meta, text));
  if (hasTables(template)) out.push(...crossChecks(text, sections, template, get));
  return out;
}

function gR1(cells: Cell[]): RuleResult {
  const signedOrDecimal = (c: Cell) => c.col === 'amount' || c.col === 'delta';
  const bad = cells.filter(
    (c) => c.value !== null && !signedOrDecimal(c) && (c.value < 0 || !Number.isInteger(c.value)),
  );
  if (cells.every((c) => c.value === null))
    return { rule: 'G.R1', status: 'NA', cells: [], message: '没有读出任何单元格' };
  return bad.length
    ? {
        rule: 'G.R1',
        status: 'FAIL',
        cells: bad.map((c) => c.key),
        message: `计数单元格不是非负整数：${bad.map((c) => `${c.key}=${c.value}`).join('，')}`,
      }
    : { rule: 'G.R1', status: 'PASS', cells: [], message: '计数单元格均为非负整数' };
}

function gR2(meta: ReportMeta): RuleResult {
  if (meta.year === null || meta.template === null)
    return { rule: 'G.R2', status: 'NA', cells: [], message: '年份或模板未知' };
  const want = templateOfYear(meta.year);
  if (want === null)
    return meta.template === 'pre2019'
      ? { rule: 'G.R2', status: 'PASS', cells: [], message: `${meta.year}年报告早于2019年模板，没有标准统计表` }
      : { rule: 'G.R2', status: 'FAIL', cells: [], message: `${meta.year}年报告应使用旧版格式，不按新模板解析` };
  return want === meta.template
    ? { rule: 'G.R2', status: 'PASS', cells: [], message: `${meta.year}年报告使用${want}版模板` }
    : {
        rule: 'G.R2',
        status: 'FAIL',
        cells: [],
        message: `${meta.year}年报告应使用${want}版模板，实际为${meta.template}版`,
      };
}

function gR3(meta: ReportMeta, sections: Section[], cells: Cell[]): RuleResult {
  if (!hasTables(meta.template))
    return { rule: 'G.R3', status: 'NA', cells: [], message: '2019年以前的报告格式，不按六个部分和三张表检查' };
  const present = sections.filter((s) => s.depth === 1).map((s) => s.num);
  const missing = SECTIONS.filter((s) => !present.includes(s.num)).map((s) => `${s.num}、${s.title}`);
  const noTable = (['t2', 't3', 't4'] as const).filter((t) =>
    cells.filter((c) => c.table === t).every((c) => c.status === 'missing'),
  );
  if (missing.length === 0 && noTable.length === 0)
    return { rule: 'G.R3', status: 'PASS', cells: [], message: '六个部分齐全且顺序正确，表二、表三、表四均存在' };
  const parts = [
    missing.length ? `缺少部分：${missing.join('；')}` : '',
    noTable.length ? `缺少表格：${noTable.join('、')}` : '',
  ].filter(Boolean);
  return { rule: 'G.R3', status: 'FAIL', cells: [], message: parts.join('。') };
}

function gR4(meta: ReportMeta, text: string): RuleResult {
  const period = statisticsYear(text);
  if (meta.year === null || period === null)
    return { rule: 'G.R4', status: 'NA', cells: [], message: '未找到统计期限' };
  return period === meta.year
    ? { rule: 'G.R4', status: 'PASS', cells: [], message: `标题年份与统计期限一致（${period}年）` }
    : { rule: 'G.R4', status: 'FAIL', cells: [], message: `标题年份${meta.year}与统计期限${period}年不一致` };
}

/** Counts stated in the prose, compared with the table cells they describe (soft rules). */
function crossChecks(
  text: string,
  sections: Section[],
  template: TemplateVersion,
  get: (k: string) => number | null,
): RuleResult[] {
  const prose =
    sections
      .filter((s) => s.depth === 1 && !holdsTable(s.num))
      .map((s) => text.slice(s.start, s.end))
      .join('\n') || text;
  const stated = (re: RegExp): number | null => {
    const m = re.exec(prose);
    if (!m) return null;
    return m[1] === undefined ? 0 : Number(m[1]);
  };
  const out: RuleResult[] = [];
  const received = stated(
    /(?:收到|受理|新收|接收)[^。；，,]{0,20}?申请(?:共)?\s*(\d+)\s*件|未(?:收到|受理)[^。；，,]{0,12}?申请/,
  );
  const newTotal = get('t3.new.total');
  if (received !== null) {
    const withCarry = sum([newTotal, get('t3.carried_over.total')]);
    const r = check('X.R1', ['t3.new.total'], received, newTotal, `正文所述收到申请数 与 表三新收总计`);
    if (r.status === 'FAIL' && withCarry === received)
      out.push({
        ...r,
        status: 'PASS',
        cells: ['t3.new.total', 't3.carried_over.total'],
        message: `正文所述收到申请数 ${received} = 新收+上年结转`,
      });
    else out.push(r);
  }
  const pairs: [string, RegExp, string[], string][] = [
    [
      'X.R2',
      /(?:办结|答复)[^。；，,]{0,10}?(\d+)\s*件/,
      ['t3.total_processed.total'],
      '正文所述办结数 与 表三（七）总计',
    ],
    [
      'X.R2',
      /(?:结转(?:至|到)?下一?年度?|顺延)[^。；，,]{0,10}?(\d+)\s*件/,
      ['t3.carry_forward.total'],
      '正文所述结转数 与 表三结转下年度',
    ],
    ['X.R3', /行政复议[^。；，,]{0,6}?(\d+)\s*(?:件|起)/, ['t4.review.total'], '正文所述行政复议数 与 表四复议总计'],
    [
      'X.R3',
      /行政诉讼[^。；，,]{0,6}?(\d+)\s*(?:件|起)/,
      ['t4.lit_direct.total', 't4.lit_after_review.total'],
      '正文所述行政诉讼数 与 表四诉讼总计',
    ],
    [
      'X.R4',
      /不予公开[^。；，,]{0,6}?(\d+)\s*件/,
      groupTotals('deny', template),
      '正文所述不予公开数 与 表三不予公开合计',
    ],
    [
      'X.R4',
      /无法提供[^。；，,]{0,6}?(\d+)\s*件/,
      groupTotals('unable', template),
      '正文所述无法提供数 与 表三无法提供合计',
    ],
  ];
  for (const [rule, re, keys, what] of pairs) {
    const n = stated(re);
    if (n !== null) out.push(check(rule, keys, n, sum(keys.map(get)), what));
  }
  return out;
}

/** Y.R1: a unit's carried-over applications equal what it carried forward the year before. */
export function crossYear(prevYear: number, prev: Values, cells: Values): RuleResult {
  const parts = T3_COL_KEYS.map((c) =>
    compare(
      [`t3.carried_over.${c}`],
      cells.get(`t3.carried_over.${c}`) ?? null,
      prev.get(`t3.carry_forward.${c}`) ?? null,
      `「${colName(c)}」列 上年结转 与 ${prevYear}年结转下年度`,
    ),
  );
  return combine('Y.R1', parts, `表三 上年结转 = ${prevYear}年报告的结转下年度`);
}
