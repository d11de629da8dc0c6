import { parseCount } from '../domain/numerals.ts';
import { REGION_UNIT_ENDS, unitStem } from '../domain/org-names.ts';
import { aliasesIn, regionsIn, type CorpusIndex } from './corpus.ts';
import { nearOrg } from './near-match.ts';
import { homophoneOrg, placeNames } from './org-match.ts';
import { CUES, type Cue, ENTITY_CUES } from './understand/lexicon.ts';

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

const C = ENTITY_CUES;
const global = (c: Cue) => new RegExp(c.re.source, 'g');
const PLACE = global(C.place);
const DEPT = global(C.department);

/**
 * Whether a name starting at `at` stands as the question's subject: first in the question (after
 * an opening such as 请问 and any names already recognised, e.g. a region), or right after a year.
 */
function isSubject(masked: string, at: number): boolean {
  const before = masked
    .slice(0, at)
    .replace(/[\s　]/g, '')
    .replace(C.opening.re, '');
  return before === '' || C.yearOnly.re.test(before);
}
/** The region a question writes right before a name ("盐池县" of 盐池县教育局), or ''. */
function regionBefore(q: string, masked: string, at: number, regions: string[]): string {
  let i = at;
  while (i > 0 && masked[i - 1] === '　') i--;
  const run = q.slice(i, at);
  return regions.includes(run) ? run : '';
}

/** Whether `alias` is a level word before another name (市 + 卫生健康局) and follows a level word itself. */
const levelWordName = (alias: string, before: string, corpus: CorpusIndex) =>
  REGION_UNIT_ENDS.includes(before) &&
  REGION_UNIT_ENDS.includes(alias[0]!) &&
  corpus.orgNames.longestOpenings([alias.slice(1)])[0] === alias.slice(1);

export interface EntityOptions {
  /**
   * The calendar year today: a bare 去年/今年/前年 counts from it. Without it they count from the
   * latest report (of the one org named, else of the corpus).
   */
  calendarYear?: number;
}

/** What an answer says when a place asked is read as an org whose report prints none. */
const unplacedNote = (place: string, org: string) =>
  `「${place}${org}」：库中${org}的报告没有写明所属的县市，按这份报告回答`;

/** Years, relative years, orgs and regions named in a question. */
export function findEntities(question: string, corpus: CorpusIndex, opts: EntityOptions = {}): Entities {
  const q = placeNames(question.replace(/\s+/g, ''), corpus);
  const notes: string[] = [];
  const orgs: { org: string; at: number }[] = [];
  const unknownOrgs: string[] = [];
  let masked = q;
  for (const [alias, o] of aliasesIn(q, corpus)) {
    // A level word before the org's (县市卫生健康局: 县 and 市) lists levels: the org's own
    // level-word name (市卫生健康局) is not meant, the kind is.
    const next = (from: number) => {
      let at = masked.indexOf(alias, from);
      while (at > 0 && levelWordName(alias, masked[at - 1]!, corpus)) at = masked.indexOf(alias, at + 1);
      return at;
    };
    let at = next(0);
    while (at >= 0) {
      // A bare stem with another unit's suffix names another unit: 南郊乡 is not 南郊镇.
      const stem = unitStem(o.name);
      const other =
        stem && alias.endsWith(stem) ? C.otherUnitSuffix.re.exec(masked.slice(at + alias.length))?.[0] : undefined;
      const len = alias.length + (other?.length ?? 0);
      if (other) unknownOrgs.push(alias + other);
      else if (!orgs.some((x) => x.org === o.org)) orgs.push({ org: o.org, at });
      masked = masked.slice(0, at) + '　'.repeat(len) + masked.slice(at + len);
      at = next(0);
    }
  }
  orgs.sort((a, b) => a.at - b.at);

  const regions: string[] = [];
  for (const r of regionsIn(masked, corpus)) {
    const at = masked.indexOf(r);
    if (at < 0) continue;
    // 盐池县人民政府 is the county's government, an org (the corpus's would have been an alias above), not the region.
    const government = C.government.re.exec(masked.slice(at + r.length))?.[0];
    if (government) {
      unknownOrgs.push(r + government);
      masked =
        masked.slice(0, at) +
        '　'.repeat(r.length + government.length) +
        masked.slice(at + r.length + government.length);
    } else {
      regions.push(r);
      masked = masked.split(r).join('　'.repeat(r.length));
    }
  }

  for (const m of masked.matchAll(PLACE)) {
    const opened = m[1]!.replace(C.yearTail.re, '').replace(C.opening.re, '');
    // A leading 和/与/比 is a conjunction unless taking it off leaves no name (和平镇).
    const stripped = opened.replace(C.leadingConjunction.re, '');
    const name = stripped.length >= 2 ? stripped : opened;
    if (name.length < 2 || C.notAName.re.test(name)) continue;
    // Words such as 有/在/和 rarely stand in a name, so a name holding one is not taken for a
    // place, unless the question opens with it as its subject ("不存在镇2021年…", "和平镇…").
    const subject = isSubject(masked, m.index + m[1]!.length - name.length) && !C.subjectNotAName.re.test(name);
    if (!subject && C.notInName.re.test(name)) continue;
    unknownOrgs.push(name + m[2]!);
  }
  for (const m of masked.matchAll(DEPT)) {
    const name = m[1]!.replace(C.yearTail.re, '').replace(C.opening.re, '');
    const at = m.index + m[1]!.length - name.length;
    if (name.length < 2 || !isSubject(masked, at) || C.subjectNotAName.re.test(name) || C.notADepartment.re.test(name))
      continue;
    unknownOrgs.push(regionBefore(q, masked, at, regions) + name + m[2]!);
  }
  // A place the corpus does not know named before an org whose reports print none (琼海市大路镇;
  // the report says only 大路镇) reads as that org, said so. A place the corpus knows (伊川县南郊镇)
  // lists its own orgs, and this one is not among them: that stays refused (orgMentionProblem).
  for (const o of orgs) {
    const place = unknownOrgs.find((u) => /[省市县区旗州盟]$/.test(u) && q.slice(0, o.at).endsWith(u));
    if (!place || corpus.byOrg.get(o.org)!.region) continue;
    unknownOrgs.splice(unknownOrgs.indexOf(place), 1);
    notes.push(unplacedNote(place, o.org));
  }
  // An org printed as its level word and kind (市发改局) takes that word from the place before it
  // (定州市发改局): the place is the stem written before the org, said so the same way.
  for (const o of orgs) {
    if (corpus.byOrg.get(o.org)!.region || !/^[省市县区]/.test(o.org)) continue;
    const stem = /[\u4e00-\u9fa5]{2,}$/
      .exec(masked.slice(0, o.at).replace(C.yearTail.re, ''))?.[0]
      .replace(/^年度?/, '')
      .replace(C.opening.re, '')
      .replace(C.leadingConjunction.re, '');
    if (!stem || stem.length < 2 || notes.some((n) => n.includes(`${o.org}」`))) continue;
    notes.push(unplacedNote(stem, o.org));
  }

  const latest = corpus.latestYear;
  const years: number[] = [];
  let yearRange: Entities['yearRange'];
  // "2019版模板" names a template, "结转到2022年" the next year and 〔2021〕30号 a document, not the reports asked about.
  const yearWords = q.replace(global(C.carriedTo), '').replace(global(C.documentNumber), '');
  for (const m of yearWords.matchAll(global(C.year))) years.push(Number(m[1]));
  for (const m of yearWords.matchAll(global(CUES.shortYear))) years.push(2000 + Number(m[1]));
  const span = C.span.re.exec(q);
  if (span) yearRange = { from: Number(span[1]), to: Number(span[2]) };
  const since = C.since.re.exec(q);
  if (since && latest !== null)
    yearRange = {
      from: Number(since[1]) + (C.yearExcluded.re.test(since[0]) ? 1 : 0),
      to: latest,
    };
  const before = C.until.re.exec(q);
  if (before && corpus.years.length)
    yearRange = { from: corpus.years[0]!, to: Number(before[1]) - (C.yearExcluded.re.test(before[0]) ? 1 : 0) };
  if ((since || before) && yearRange) {
    years.length = 0;
    notes.push(`${yearRange.from}—${yearRange.to}年`);
  }
  const recent = C.recent.re.exec(q);
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
      [C.lastYear.re, 1, '去年'],
      [C.yearBeforeLast.re, 2, '前年'],
      [C.thisYear.re, 0, '今年'],
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
  // A name several orgs go by (住建局) with a year only one of them reported in is that one, said so.
  for (const name of [...unknownOrgs]) {
    const inYear = (corpus.orgNames.valuesOf(name) ?? []).filter((o) => o.years.some((y) => years.includes(y)));
    if (inYear.length !== 1 || orgs.some((o) => o.org === inYear[0]!.org)) continue;
    unknownOrgs.splice(unknownOrgs.indexOf(name), 1);
    orgs.push({ org: inYear[0]!.org, at: q.indexOf(name) });
    notes.push(`「${name}」${years.join('、')}年只有${inYear[0]!.org}的报告`);
  }
  // An org printed bare (信访局), with no report for the year asked while exactly one org whose
  // name ends so (文登区信访局) has one, is that one, said so.
  for (const [n, o] of orgs.entries()) {
    if (!years.length || corpus.byOrg.get(o.org)!.years.some((y) => years.includes(y))) continue;
    const inYear = [...corpus.byOrg.values()].filter(
      (x) => x.org !== o.org && x.org.endsWith(o.org) && x.years.some((y) => years.includes(y)),
    );
    if (inYear.length !== 1 || orgs.some((x) => x.org === inYear[0]!.org)) continue;
    orgs[n] = { org: inYear[0]!.org, at: o.at };
    notes.push(`「${o.org}」${years.join('、')}年只有${inYear[0]!.org}的报告`);
  }
  return {
    orgs: orgs.map((o) => o.org),
    unknownOrgs: [...new Set(unknownOrgs)],
    regions,
    years: [...new Set(years)].sort((a, b) => a - b),
    ...(yearRange ? { yearRange } : {}),
    notes,
  };
}

/**
 * A report tells its next year's plans ("2022年全镇政务公开工作计划" is in the 2021 report): a
 * question about the plans of a year the org has no report for reads the year before's.
 */
export function plansOf(question: string, e: Entities, corpus: CorpusIndex): Entities {
  if (!C.plans.re.test(question) || e.orgs.length === 0 || e.years.length === 0) return e;
  const has = (years: number[]) => e.orgs.every((o) => corpus.byOrg.get(o)!.years.some((y) => years.includes(y)));
  const before = e.years.map((y) => y - 1);
  return has(e.years) || !has(before) ? e : { ...e, years: before };
}

/**
 * The question with each place it names that the corpus lacks, but that is a one-character
 * homophone typo of exactly one org's name (古成镇 for 古城镇) or else one slip from it (葛赛镇
 * for 葛寨镇, see near-match.ts), written as that org; and the
 * notes saying so, for the answer to show how it read the question; and the entities of the
 * question returned (found once: a question is read for its names once).
 */
export function correctSoundAlikes(
  question: string,
  corpus: CorpusIndex,
  opts: EntityOptions = {},
): { question: string; notes: string[]; entities: Entities } {
  let q = question;
  const notes: string[] = [];
  const found = findEntities(question, corpus, opts);
  for (const name of found.unknownOrgs) {
    const typo = homophoneOrg(name, corpus);
    if (typo && q.includes(typo.written)) {
      q = q.replace(typo.written, typo.meant);
      notes.push(`「${typo.written}」按同音的「${typo.meant}」理解`);
      continue;
    }
    // Not a homophone: one slip of a key (葛赛镇, 马花池镇) from exactly one org's name.
    const near = nearOrg(q, name, corpus);
    if (!near) continue;
    q = q.replace(near.written, near.meant);
    notes.push(`「${near.written}」按「${near.meant}」理解`);
  }
  return { question: q, notes, entities: notes.length ? findEntities(q, corpus, opts) : found };
}
