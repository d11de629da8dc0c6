import { CHINESE_NUMERAL_CHARS, parseCount } from '../domain/numerals.ts';
import { DEPARTMENT_SUFFIXES, suffixPattern } from '../domain/regions.ts';
import { aliasesIn, regionsIn, type CorpusIndex } from './corpus.ts';
import { CUES } from './understand/lexicon.ts';

export interface Entities {
  /** Known orgs named in the question, in the order named. */
  orgs: string[];
  /** Places the question names that the corpus has no report for (e.g. 大水坑镇). */
  unknownOrgs: string[];
  regions: string[];
  years: number[];
  /** Open range such as 2021年以来 (to = latest year) or 近三年. */
  yearRange?: { from: number; to: number };
  /** How relative years were read, said in the answer: "去年 = 2023年（库中最新年份 2024 年减一）". */
  notes: string[];
}

/** 近三年, 最近5年, 过去十二年 (not 近2021年: a year is no span). */
const RECENT = new RegExp(`(?:近|最近|过去)\\s*(\\d{1,2}|[${CHINESE_NUMERAL_CHARS}]{1,3})\\s*年`);
const NOT_A_NAME =
  /^(?:哪个|哪些|各个|每个|那个|这个|该|本|全|各|每|我|你|其|同|多个|一个|几个|所有|全部|哪|某|乡|镇|区|县|市)$/;
/** What may follow a bare stem (花马池, 南郊) to make it another unit's name. */
const OTHER_SUFFIX = /^(?:街道|苏木|镇|乡|县|区)/;
/** Fillers a question may open with before its subject. */
export const OPENING =
  /^(?:请问一下|请问|请帮我查一下|帮我查一下|帮我查|帮我看看|查一下|查询|看看|我想知道|想知道|那么|那)/;
/** Names in subject position still are not places when they ask or point ("有乡镇", "在乡镇", "本辖区"). */
const SUBJECT_NOT_A_NAME = /[哪几些各每年个]|多少|什么|所有|全部|^[的有在是这那该我你其本全]/;

/**
 * Whether a name starting at `at` stands as the question's subject: first in the question (after
 * an opening such as 请问 and any names already recognised, e.g. a region), or right after a year.
 */
function isSubject(masked: string, at: number): boolean {
  const before = masked
    .slice(0, at)
    .replace(/[\s　]/g, '')
    .replace(OPENING, '');
  return before === '' || /^20\d{2}年度?$/.test(before);
}
/**
 * A department named as the question's subject: 教育局, 人民政府办公室, 卫生健康委员会 (the longest
 * suffix first; not 办理/办件/委托/局面…, which are words, not names).
 */
const DEPT = new RegExp(
  `([\\u4e00-\\u9fa5]{2,12}?)(${suffixPattern(DEPARTMENT_SUFFIXES)})(?![件理结法事好得完了公员托屈面限势])`,
  'g',
);
/** What a department name never holds: the words of the questions about it. */
const NOT_A_DEPT = /公开|申请|报告|年报|办理|收到|处罚|复议|诉讼/;

/** The region a question writes right before a name ("盐池县" of 盐池县教育局), or ''. */
function regionBefore(q: string, masked: string, at: number, regions: string[]): string {
  let i = at;
  while (i > 0 && masked[i - 1] === '　') i--;
  const run = q.slice(i, at);
  return regions.includes(run) ? run : '';
}
const PLACE = /([\u4e00-\u9fa5]{2,6}?)(镇|乡|街道|县|区|市|省|自治区|村|社区)(?![\u4e00-\u9fa5]*?(?:政府信息|政务))/g;

export interface EntityOptions {
  /**
   * The calendar year today: a bare 去年/今年/前年 counts from it. Without it they count from the
   * latest report (of the one org named, else of the corpus).
   */
  calendarYear?: number;
}

/** Years, relative years, orgs and regions named in a question. */
export function findEntities(question: string, corpus: CorpusIndex, opts: EntityOptions = {}): Entities {
  const q = question.replace(/\s+/g, '');
  const notes: string[] = [];
  const orgs: { org: string; at: number }[] = [];
  const unknownOrgs: string[] = [];
  let masked = q;
  for (const [alias, o] of aliasesIn(q, corpus)) {
    let at = masked.indexOf(alias);
    while (at >= 0) {
      // A bare stem with another unit's suffix names another unit: 南郊乡 is not 南郊镇.
      const other =
        o.org.startsWith(alias) && o.org !== alias
          ? OTHER_SUFFIX.exec(masked.slice(at + alias.length))?.[0]
          : undefined;
      const len = alias.length + (other?.length ?? 0);
      if (other) unknownOrgs.push(alias + other);
      else if (!orgs.some((x) => x.org === o.org)) orgs.push({ org: o.org, at });
      masked = masked.slice(0, at) + '　'.repeat(len) + masked.slice(at + len);
      at = masked.indexOf(alias);
    }
  }
  orgs.sort((a, b) => a.at - b.at);

  const regions: string[] = [];
  for (const r of regionsIn(masked, corpus)) {
    if (masked.includes(r)) {
      regions.push(r);
      masked = masked.split(r).join('　'.repeat(r.length));
    }
  }

  for (const m of masked.matchAll(PLACE)) {
    const opened = m[1]!.replace(/^年度?/, '').replace(OPENING, '');
    // A leading 和/与/比 is a conjunction unless taking it off leaves no name (和平镇).
    const stripped = opened.replace(/^(?:请问|那|和|跟|与|比|对比|看看|查询|查)/, '');
    const name = stripped.length >= 2 ? stripped : opened;
    if (name.length < 2 || NOT_A_NAME.test(name)) continue;
    // Words such as 有/在/和 rarely stand in a name, so a name holding one is not taken for a
    // place, unless the question opens with it as its subject ("不存在镇2021年…", "和平镇…").
    const subject = isSubject(masked, m.index + m[1]!.length - name.length) && !SUBJECT_NOT_A_NAME.test(name);
    if (!subject && /[年各每个哪几些的是有在和与比全本该这那我你其多少]/.test(name)) continue;
    unknownOrgs.push(name + m[2]!);
  }
  for (const m of masked.matchAll(DEPT)) {
    const name = m[1]!.replace(/^年度?/, '').replace(OPENING, '');
    const at = m.index + m[1]!.length - name.length;
    if (name.length < 2 || !isSubject(masked, at) || SUBJECT_NOT_A_NAME.test(name) || NOT_A_DEPT.test(name)) continue;
    unknownOrgs.push(regionBefore(q, masked, at, regions) + name + m[2]!);
  }

  const latest = corpus.latestYear;
  const years: number[] = [];
  let yearRange: Entities['yearRange'];
  // "2019版模板" names a template and "结转到2022年" the next year, not the reports asked about.
  const yearWords = q.replace(/(?:结转|转接|转)(?:到|至)\s*20\d{2}/g, '');
  for (const m of yearWords.matchAll(/(20\d{2})\s*(?:年|年度)?(?!\s*(?:年)?(?:版|格式|模板|试行))/g))
    years.push(Number(m[1]));
  for (const m of yearWords.matchAll(new RegExp(CUES.shortYear.re, 'g'))) years.push(2000 + Number(m[1]));
  const span = /(20\d{2})\s*年?\s*(?:至|到|-|—|~)\s*(20\d{2})\s*年?/.exec(q);
  if (span) yearRange = { from: Number(span[1]), to: Number(span[2]) };
  const since = /(20\d{2})\s*年?(?:度)?\s*(?:以来|以后|之后|及以后|起)/.exec(q);
  if (since && latest !== null)
    yearRange = {
      from: Number(since[1]) + (/之后|以后/.test(since[0]) && !/及以后/.test(since[0]) ? 1 : 0),
      to: latest,
    };
  const before = /(20\d{2})\s*年?(?:度)?\s*(?:以前|之前|及以前)/.exec(q);
  if (before && corpus.years.length)
    yearRange = { from: corpus.years[0]!, to: Number(before[1]) - (/及以前/.test(before[0]) ? 0 : 1) };
  if ((since || before) && yearRange) {
    years.length = 0;
    notes.push(`${yearRange.from}—${yearRange.to}年`);
  }
  const recent = RECENT.exec(q);
  const n = recent ? parseCount(recent[1]!) : null;
  if (recent && n && latest !== null) {
    const orgYears = orgs.length === 1 ? corpus.byOrg.get(orgs[0]!.org)!.years : corpus.years;
    const to = orgYears.at(-1) ?? latest;
    yearRange = { from: to - n + 1, to };
    notes.push(`近${recent[1]}年 = ${to - n + 1}—${to}年（库中最新年份 ${to} 年）`);
  }
  // Relative years count from the one org's latest report ("南郊镇去年" in its own reporting);
  // with no org, from today's calendar year when given, else from the corpus's latest report.
  const orgLatest = orgs.length === 1 ? corpus.byOrg.get(orgs[0]!.org)!.years.at(-1) : undefined;
  const calendar = orgLatest === undefined ? opts.calendarYear : undefined;
  const base = orgLatest ?? calendar ?? latest;
  if (base !== null) {
    const rel: [RegExp, number, string][] = [
      [/去年|上年度(?!结转)/, 1, '去年'],
      [/前年/, 2, '前年'],
      [/今年/, 0, '今年'],
    ];
    for (const [re, back, word] of rel) {
      if (re.test(q)) {
        years.push(base - back);
        notes.push(
          calendar !== undefined
            ? `${word} = ${base - back}年（今年为 ${base} 年）`
            : `${word} = ${base - back}年（${orgs.length === 1 ? `${orgs[0]!.org}最新报告为` : '库中最新年份为'} ${base} 年${back ? `，减${back}` : ''}）`,
        );
      }
    }
  }
  if (yearRange) for (let y = yearRange.from; y <= yearRange.to; y++) if (!years.includes(y)) years.push(y);
  return {
    orgs: orgs.map((o) => o.org),
    unknownOrgs: [...new Set(unknownOrgs)],
    regions,
    years: [...new Set(years)].sort((a, b) => a - b),
    ...(yearRange ? { yearRange } : {}),
    notes,
  };
}

/** A question for plans: a report states them for the year after its own. */
const PLANS = /工作(?:计划|安排|打算)|(?:计划|打算)(?!生育)|下一步|明年/;

/**
 * A report tells its next year's plans ("2022年全镇政务公开工作计划" is in the 2021 report): a
 * question about the plans of a year the org has no report for reads the year before's.
 */
export function plansOf(question: string, e: Entities, corpus: CorpusIndex): Entities {
  if (!PLANS.test(question) || e.orgs.length === 0 || e.years.length === 0) return e;
  const has = (years: number[]) => e.orgs.every((o) => corpus.byOrg.get(o)!.years.some((y) => years.includes(y)));
  const before = e.years.map((y) => y - 1);
  return has(e.years) || !has(before) ? e : { ...e, years: before };
}
