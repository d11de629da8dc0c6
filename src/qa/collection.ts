/**
 * Questions about the collection itself, answered from the reports table and the checks ingest
 * ran: how many orgs, which years, the latest and earliest reports, levels, templates, which
 * reports print a publish date, which lack a table or fail a rule. Each report named is cited.
 */
import { TABLE_TITLES, type TableId } from '../domain/catalogue.ts';
import { orgAliases, orgLabel, REGION_UNIT_ENDS } from '../domain/org-names.ts';
import type { ReportCheck, ReportFilter, ReportInfo, Store } from '../domain/ports.ts';
import { DEPARTMENT_SUFFIXES, levelOfUnit, suffixPattern } from '../domain/regions.ts';
import type { Answer, Citation } from '../domain/types.ts';
import type { CorpusIndex } from './corpus.ts';
import { chineseDate, publishedSpan } from './metadata.ts';

type Part = Omit<Answer, 'timings'>;

export const COLLECTION_ASKS = [
  'published',
  'tables',
  'rules',
  'latest',
  'earliest',
  'years',
  'levels',
  'regions',
  'templates',
  'orgs',
  'reports',
] as const;
export type CollectionAsk = (typeof COLLECTION_ASKS)[number];

const REPORT = '(?:报告|年报)';
/** The kinds of unit a collection question counts or lists: a level, a unit, or a kind of department (教育局). */
/** 县 and 区 name a kind only after a count or 哪些 (利通区的报告 names a region, not a kind). */
const UNIT_WORDS = ['县', '区'];
const LEVEL_WORDS = ['乡镇', '镇', '乡', '街道', '单位', '部门', '县区', '区县', '机关', ...UNIT_WORDS];
const NAMED_KINDS = `${LEVEL_WORDS.filter((w) => !UNIT_WORDS.includes(w)).join('|')}|[\\u4e00-\\u9fff]{1,6}?(?:${suffixPattern(DEPARTMENT_SUFFIXES)})`;
const KINDS = `${NAMED_KINDS}|${UNIT_WORDS.join('|')}`;
/** Two levels' words before a department's kind (县市卫生健康局, 区县教育局), not part of it. */
const LEVEL_PREFIX = new RegExp(`^[${REGION_UNIT_ENDS.join('')}]{2}(?=[\\u4e00-\\u9fff]{2,}(?:局|委|办|厅))`);
/** What each kind of collection question says, tried in COLLECTION_ASKS order. */
const CUES: Record<CollectionAsk, RegExp> = {
  // 哪份报告写了发布日期; 有几份报告没写发布日期 (one org's date is metadata.ts's).
  published:
    /(?:哪|几|多少|有没有|没写|没有写|写了|写明|注明|标明|所有|都)[^，。？]{0,10}(?:发布|落款|成文|印发)(?:日期|时间)/,
  // 哪份报告缺了表格; 有没有报告没有表三.
  tables: /缺(?:了|少)?(?:表|[^，。？]{0,3}表格)|(?:没有|没|少了?)(?:表格|表[二三四])|表格(?:不全|缺失|不完整)/,
  // 哪些报告没通过校验; 有问题的报告.
  rules:
    /校验|勾稽|(?:不|没|未)通过[^，。？]{0,4}(?:规则|检查)|规则[^，。？]{0,6}(?:不|没|未)通过|数据(?:有问题|质量)|对不上/,
  latest: new RegExp(
    `(?:最新|最近)的?(?:一|那)?(?:份|个|篇)?${REPORT}|${REPORT}[^，。？]{0,8}最(?:新|近|晚)|(?:数据|${REPORT})?最新(?:到|是)?(?:哪一?年|哪个年份|什么时候)`,
  ),
  earliest: new RegExp(
    `最(?:早|老|旧)的?(?:一|那)?(?:份|个|篇)?${REPORT}|${REPORT}[^，。？]{0,8}最(?:早|老|旧)|最早(?:到|是)?(?:哪一?年|哪个年份|什么时候)`,
  ),
  years: new RegExp(
    `(?:哪几|哪些|几|多少)(?:个)?年(?:份|度)?的?[^，。？]{0,8}?${REPORT}|${REPORT}[^，。？]{0,8}(?:哪几年|哪一?年|哪些年份?|哪几个年份|年份|(?<!近|过去)几年)|覆盖[^，。？]{0,6}(?:年份|哪些年|几年)`,
  ),
  levels: new RegExp(
    `(?:${REPORT}|单位)[^，。？]{0,8}(?:哪一?级|什么级别|哪些级别|层级)|(?:哪一?级|什么级别|哪些级别|哪些层级)的?(?:政府|单位|${REPORT})|层级分布`,
  ),
  // 这些年报分别是哪些县、区下面的乡镇; 都属于哪些县区; 各自归哪个市.
  regions:
    /(?:分别|各自|各|都)(?:是|属于|归|在)?哪(?:些|几个|个)(?:县|区|市|省|地方|地区)|(?:哪些|哪几个)(?:县|区|市|县区|区县|地区)[、，,]?(?:区|县)?(?:下面|下辖|下属|所辖)|(?:来自|分布在|分属)(?:哪些|哪几个|几个)(?:县|区|市|地方|地区)|所属(?:的)?(?:县区|区县|地区)(?:分别|都)/,
  templates:
    /(?:几|哪几|哪些|什么|哪一?)(?:种|个|版)(?:版本)?的?(?:模板|格式)|(?:模板|格式)(?:有|分)?(?:几|哪几|哪些)(?:种|版|个)/,
  // 有几个乡镇; 有哪些街道的年报; 哪些教育局的年报 (a list ends the question with 报告/年报); 县政府年报有哪几个县.
  orgs: new RegExp(
    `(?:(?:多少|几)(?:个|家)(${KINDS})(?:的${REPORT})?|(?:哪些|哪几个|哪几家)(${KINDS})的?[^，。？]{0,12}${REPORT}|(${NAMED_KINDS})(?:[（(][^）)]*[）)])?的?${REPORT}(?:有|是)?(?:哪几份|哪些|几份)|${REPORT}(?:有|是|来自)?(?:哪几个|哪些|哪几家|几个|多少个)(${KINDS}))[？?。！!呢]*$`,
  ),
  // 列出所有报告; 有哪些2023年及以后的年报; 有没有伊川县的年报, 有泰州市的年报吗 (the years, orgs or region named pick them).
  reports: new RegExp(
    `列(?:一下|出|个)[^，。？]{0,8}${REPORT}|(?:所有|全部)的?${REPORT}(?:有哪些|都有哪些|是哪些|列|[？?]*$)|(?:有)?哪些[^，。？]{0,14}的(?:年度)?${REPORT}[？?。！!呢]*$|有没有[^，。？]{1,14}的(?:年度)?${REPORT}|有[^，。？]{1,14}的(?:年度)?${REPORT}吗`,
  ),
};

/** The kind of collection question asked, or null. */
export function collectionAsk(question: string): CollectionAsk | null {
  const q = question.replace(/\s+/g, '');
  return COLLECTION_ASKS.find((k) => CUES[k].test(q)) ?? null;
}

/** Listed and cited reports per answer: a province's thousands are counted, not all named. */
export const MAX_LISTED = 20;

const named = (r: ReportInfo) => `${orgLabel(r.org)}${r.year ? `（${r.year}年）` : ''}`;
const byYear = (a: ReportInfo, b: ReportInfo) =>
  (a.year ?? 0) - (b.year ?? 0) || (a.org ?? '').localeCompare(b.org ?? '', 'zh') || a.id - b.id;

/** Cites reports by their title line (else the text's first line), numbering from `citations`' length. */
class Cites {
  readonly citations: Citation[] = [];
  constructor(private readonly store: Store) {}

  async report(r: ReportInfo, span?: (text: string) => [number, number] | null, section = '标题'): Promise<string> {
    const text = (await this.store.reportText(r.id)) ?? '';
    const at = span?.(text) ?? titleSpan(text, r.title);
    if (!at) return '';
    const n = this.citations.length + 1;
    this.citations.push({
      n,
      reportId: r.id,
      title: r.title,
      org: r.org,
      year: r.year,
      section,
      quote: text.slice(at[0], at[1]),
      start: at[0],
      end: at[1],
    });
    return `[${n}]`;
  }

  /** "花马池镇（2021年）[1]、…", at most MAX_LISTED, then how many more. */
  async list(rs: ReportInfo[]): Promise<string> {
    const out: string[] = [];
    for (const r of rs.slice(0, MAX_LISTED)) out.push(`${named(r)}${await this.report(r)}`);
    return out.join('、') + (rs.length > MAX_LISTED ? ` 等${rs.length}份` : '');
  }
}

function titleSpan(text: string, title: string): [number, number] | null {
  const at = title ? text.indexOf(title) : -1;
  if (at >= 0) return [at, at + title.length];
  const line = /\S[^\n]*/.exec(text);
  return line ? [line.index, line.index + line[0].trimEnd().length] : null;
}

/** The level a word names (乡镇 → 乡镇/街道, 县区 → 县区, 部门), or null for 单位/机关. */
const levelOfWord = (w: string) => (w === '部门' ? '部门' : w === '单位' || w === '机关' ? null : levelOfUnit(w));

/**
 * The answer to a collection question over the reports `filter` picks from the corpus (orgs,
 * years, regions the question names), or null when the question is not one.
 */
export async function collectionAnswer(
  question: string,
  filter: ReportFilter,
  corpus: CorpusIndex,
  store: Store,
): Promise<Part | null> {
  const ask = collectionAsk(question);
  if (!ask) return null;
  const q = question.replace(/\s+/g, '');
  const template = /(20(?:19|21))\s*版|(试行)/.exec(q);
  const reports = corpus.reports
    .filter(
      (r) =>
        (!filter.org?.length || (r.org !== null && filter.org.includes(r.org))) &&
        (!filter.year?.length || (r.year !== null && filter.year.includes(r.year))) &&
        (!filter.region || (r.region ?? '').includes(filter.region)) &&
        (!template || r.template === (template[1] ?? '2019')),
    )
    .sort(byYear);
  const scope = scopeOf(filter, template?.[0]);
  if (reports.length === 0)
    return { answer: `${scope.replace(/^库中/, '库中没有')}。`, route: 'none', refused: true, citations: [] };
  const cites = new Cites(store);
  const lines = await ANSWERERS[ask](q, reports, scope, cites, () => checksOf(store, filter, reports));
  return { answer: lines.join('\n'), route: 'sql', citations: cites.citations };
}

/** The reports asked about, as the subject of the answer: 库中的报告, 库中花马池镇2021年的报告. */
function scopeOf(f: ReportFilter, template?: string): string {
  const parts = [
    f.region ?? '',
    f.org?.join('、') ?? '',
    f.year?.length ? `${f.year.join('、')}年` : '',
    template ? `${template}模板` : '',
  ].join('');
  return `库中${parts}的报告`;
}

type Answerer = (q: string, reports: ReportInfo[], scope: string, cites: Cites, checks: Checks) => Promise<string[]>;
/** The reports' checks, read from the store only by the answers that need them. */
type Checks = () => Promise<Map<number, ReportCheck>>;

/** Groups of reports by a key, in the order the keys first appear. */
function groups<K>(rs: ReportInfo[], key: (r: ReportInfo) => K): [K, ReportInfo[]][] {
  const out = new Map<K, ReportInfo[]>();
  for (const r of rs) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return [...out];
}

const ANSWERERS: Record<CollectionAsk, Answerer> = {
  async published(_q, rs, scope, cites) {
    const dated = rs.filter((r) => r.published);
    const lines = [
      `${scope}共 **${rs.length}** 份，写明发布（落款）日期的 **${dated.length}** 份，没有写明的 **${rs.length - dated.length}** 份。`,
    ];
    for (const r of dated.slice(0, MAX_LISTED)) {
      const at = await cites.report(r, (t) => publishedSpan(t, r.published), '落款');
      lines.push(`- ${named(r)}：${chineseDate(r.published!)}${at}`);
    }
    const undated = rs.filter((r) => !r.published);
    if (undated.length) lines.push(`没有写明日期的：${await cites.list(undated)}。`);
    return lines;
  },

  async tables(_q, rs, scope, cites, checked) {
    const checks = await checked();
    const lacking = rs.filter((r) => (checks.get(r.id)?.tables.length ?? 0) < 3);
    if (lacking.length === 0)
      return [`${scope}共 **${rs.length}** 份，都读出了${tableNames(['t2', 't3', 't4'])}，没有缺表格的。`];
    const lines = [`${scope}共 **${rs.length}** 份，其中 **${lacking.length}** 份缺少表格（入库时没有读出）：`];
    for (const r of lacking.slice(0, MAX_LISTED)) {
      const have = checks.get(r.id)?.tables ?? [];
      const missing = (['t2', 't3', 't4'] as const).filter((t) => !have.includes(t));
      lines.push(`- ${named(r)}：缺${tableNames(missing)}${await cites.report(r)}`);
    }
    if (lacking.length > MAX_LISTED) lines.push(`（另有 ${lacking.length - MAX_LISTED} 份未列出）`);
    return lines;
  },

  async rules(_q, rs, scope, cites, checked) {
    const checks = await checked();
    const failing = rs.filter((r) => checks.get(r.id)?.failed.length);
    if (failing.length === 0)
      return [`${scope}共 **${rs.length}** 份，校验规则（表内勾稽关系、年份与模板等）都没有不通过的。`];
    const lines = [`${scope}共 **${rs.length}** 份，其中 **${failing.length}** 份有未通过的校验规则：`];
    for (const r of failing.slice(0, MAX_LISTED)) {
      const failed = checks.get(r.id)!.failed;
      lines.push(`- ${named(r)}：${failed.map((f) => `${f.rule}（${f.message}）`).join('；')}${await cites.report(r)}`);
    }
    if (failing.length > MAX_LISTED) lines.push(`（另有 ${failing.length - MAX_LISTED} 份未列出）`);
    return lines;
  },

  async latest(_q, rs, scope, cites) {
    const year = rs.at(-1)!.year;
    const newest = rs.filter((r) => r.year === year);
    return [`${scope}中最新的是 **${year ?? '年份不明'}年** 的 ${newest.length} 份：${await cites.list(newest)}。`];
  },

  async earliest(_q, rs, scope, cites) {
    const year = rs[0]!.year;
    const oldest = rs.filter((r) => r.year === year);
    return [`${scope}中最早的是 **${year ?? '年份不明'}年** 的 ${oldest.length} 份：${await cites.list(oldest)}。`];
  },

  async years(_q, rs, scope, cites) {
    const ys = groups(rs, (r) => r.year);
    const lines = [
      `${scope}覆盖 **${ys.length}** 个年份：${ys.map(([y]) => (y === null ? '年份不明' : `${y}年`)).join('、')}。`,
    ];
    for (const [y, group] of ys)
      lines.push(`- ${y ?? '年份不明'}${y ? '年' : ''}：${group.length} 份，${await cites.list(group)}`);
    return lines;
  },

  async levels(_q, rs, scope, cites) {
    const ls = groups(rs, (r) => r.level ?? '级别不明');
    const lines = [`${scope}共 ${rs.length} 份，分属 **${ls.length}** 个层级：`];
    for (const [l, group] of ls) lines.push(`- ${l}：${group.length} 份，${await cites.list(group)}`);
    return lines;
  },

  async regions(_q, rs, scope, cites) {
    // A unit's region as its latest report names it; a report naming none is said so.
    const orgs = groups(rs, (r) => r.org ?? `#${r.id}`).map(([, group]) => group.at(-1)!);
    const rg = groups(orgs, (r) => r.region ?? '');
    const placed = rg.filter(([region]) => region !== '');
    const lines = [`${scope}来自 ${orgs.length} 个单位，写明所属地区的分属 **${placed.length}** 个地区：`];
    for (const [region, group] of placed) lines.push(`- ${region}：${await cites.list(group)}`);
    const unplaced = rg.find(([region]) => region === '')?.[1];
    if (unplaced) lines.push(`- 报告没有写明所属地区的：${await cites.list(unplaced)}`);
    return lines;
  },

  async templates(_q, rs, scope, cites) {
    const ts = groups(rs, (r) => r.template);
    const label = (t: string | null) => (t === '2019' ? '2019版（试行）模板' : t ? `${t}版模板` : '模板不明');
    const lines = [`${scope}共 ${rs.length} 份，用了 **${ts.length}** 种模板：`];
    for (const [t, group] of ts) lines.push(`- ${label(t)}：${group.length} 份，${await cites.list(group)}`);
    return lines;
  },

  async orgs(q, rs, scope, cites) {
    const m = CUES.orgs.exec(q)!;
    // "2024年的生态环境局" names the kind after its 的.
    // "县市卫生健康局" names the kind by its department; the level words before it say where.
    const word = (m[1] ?? m[2] ?? m[3] ?? m[4])!.replace(/^[^的]*的/, '').replace(LEVEL_PREFIX, '');
    // 街道, 镇, 乡 name the units of their kind among the 乡镇/街道 level; 教育局 the departments named so.
    const department = !LEVEL_WORDS.includes(word);
    const level = department ? null : levelOfWord(word);
    const kindOf = ['街道', '镇', '乡', ...UNIT_WORDS].includes(word)
      ? new RegExp(`${word}(?:办事处)?$`)
      : department
        ? // A branch of the kind (生态环境局历下分局) is of the kind.
          new RegExp(`${word}(?:[\u4e00-\u9fa5]{2,4}分局)?$`)
        : null;
    // A department of the kind may go by it only in its short form (市场监督管理局 is a 市场监管局).
    const isKind = (r: ReportInfo) =>
      !kindOf ||
      (department
        ? r.org !== null && orgAliases(r.org, r.region).some((a) => kindOf.test(a.alias))
        : kindOf.test(r.org ?? ''));
    const of = rs.filter((r) => (!level || r.level === level) && isKind(r));
    const orgs = groups(
      of.filter((r) => r.org),
      (r) => r.org!,
    );
    const latest = orgs.map(([, group]) => group.at(-1)!);
    const kind = kindOf ? word : level ? `${level === '乡镇/街道' ? '乡镇（街道）' : level}` : '单位';
    const list = orgs.length ? `：${await cites.list(latest)}` : '';
    // A report that names no org is no org of the count, and is said to be there.
    const unnamed = kindOf ? [] : of.filter((r) => !r.org);
    const more = unnamed.length ? `另有 **${unnamed.length}** 份报告没有写明单位：${await cites.list(unnamed)}。` : '';
    return [`${scope}来自 **${orgs.length}** 个${kind}${list}。${more}`];
  },

  async reports(_q, rs, scope, cites) {
    return [`${scope}共 **${rs.length}** 份：${await cites.list(rs)}。`];
  },
};

async function checksOf(store: Store, filter: ReportFilter, rs: ReportInfo[]): Promise<Map<number, ReportCheck>> {
  const ids = new Set(rs.map((r) => r.id));
  return new Map((await store.reportChecks(filter)).filter((c) => ids.has(c.reportId)).map((c) => [c.reportId, c]));
}

const tableNames = (ts: readonly TableId[]) => ts.map((t) => TABLE_TITLES[t].split(/\s/)[0]).join('、');
