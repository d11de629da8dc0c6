import { pinyin } from 'pinyin-pro';
import { regionForms, unitStem } from '../domain/org-names.ts';
import { DEPARTMENT_SUFFIXES, suffixPattern, UNIT_SUFFIXES } from '../domain/regions.ts';
import type { CorpusIndex, OrgEntry } from './corpus.ts';
import { ENTITY_CUES } from './understand/lexicon.ts';

/** The suffixes that end an administrative unit's or a department's name, longest first. */
const ORG_SUFFIX = new RegExp(
  `(${suffixPattern(['街道办事处', '自治州', '自治县', ...Object.values(UNIT_SUFFIXES).flat(), ...DEPARTMENT_SUFFIXES])})$`,
);

/** A name split into its stem and its suffix: 花马池镇 → 花马池 + 镇. */
export function splitOrgName(name: string): { stem: string; suffix: string } {
  const m = ORG_SUFFIX.exec(name);
  return m && m.index > 0 ? { stem: name.slice(0, m.index), suffix: m[1]! } : { stem: name, suffix: '' };
}

/** Levenshtein distance over UTF-16 units (every Han character here is one unit). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How alike two org names are, 0…1: mostly their stems (1 − edit distance / longer stem), a
 * little for the same kind of unit (镇 and 镇). 花马镇 ~ 花马池镇 0.8; 不存在镇 ~ 花马池镇 0.2
 * (the suffix only); 北京市 ~ 花马池镇 0.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = splitOrgName(a);
  const y = splitOrgName(b);
  const longer = Math.max(x.stem.length, y.stem.length);
  const stem = longer === 0 ? 0 : 1 - editDistance(x.stem, y.stem) / longer;
  const suffix = x.suffix !== '' && x.suffix === y.suffix ? 1 : 0;
  return 0.8 * stem + 0.2 * suffix;
}

export interface OrgMatch {
  org: string;
  score: number;
}

/** Below this an org is not "near": 0.2 is the same kind of unit with nothing else alike. */
export const MIN_LIKENESS = 0.2;

/**
 * The corpus orgs nearest a name it does not have, best first: each org scored by its best alias
 * (花马池, 盐池县花马池镇 …), orgs of a region the question names first. Orgs scoring under
 * MIN_LIKENESS, outside that region, are not listed.
 */
export function closestOrgs(
  name: string,
  corpus: Pick<CorpusIndex, 'orgs' | 'aliases'>,
  opts: { regions?: string[]; max?: number } = {},
): OrgMatch[] {
  const inRegion = (o: OrgEntry) => Boolean(o.region && opts.regions?.some((r) => o.region!.includes(r)));
  // Every org's aliases, read in one pass (each org's own would look its names up one org at a time).
  const best = new Map(corpus.orgs.map((o) => [o, nameSimilarity(name, o.org)]));
  for (const [a, o] of corpus.aliases) best.set(o, Math.max(best.get(o)!, nameSimilarity(name, a)));
  const scored = corpus.orgs.map((o) => ({
    org: o.org,
    score: best.get(o)!,
    near: inRegion(o),
  }));
  return scored
    .filter((s) => s.near || s.score >= MIN_LIKENESS - 1e-9)
    .sort((a, b) => Number(b.near) - Number(a.near) || b.score - a.score || a.org.localeCompare(b.org, 'zh'))
    .slice(0, opts.max ?? 3)
    .map(({ org, score }) => ({ org, score: Math.round(score * 1000) / 1000 }));
}

/** The readings of one character, tones aside (长: chang, zhang); none for a character that is no Han. */
function readings(c: string): string[] {
  return /\p{Script=Han}/u.test(c) ? pinyin(c, { multiple: true, type: 'array', toneType: 'none' }) : [];
}

/**
 * Whether two characters can be read alike: 成/城, 伍/五, 滨/宾 (what an input method mixes up)
 * and 故/古 (what voice input does, tones aside).
 */
export function homophones(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = readings(a);
  return readings(b).some((r) => ra.includes(r));
}

interface Spelling {
  org: OrgEntry;
  /** The org's name (古城镇) or identity (利通区古城镇) as written. */
  name: string;
  stemLength: number;
}

/** Each org's names by every one-character blank of their stems (古?镇, ?城镇), built once per corpus. */
const BLANKED = new WeakMap<readonly OrgEntry[], Map<string, Spelling[]>>();

const blank = (s: string, k: number) => `${s.slice(0, k)}?${s.slice(k + 1)}`;

function blanked(orgs: readonly OrgEntry[]): Map<string, Spelling[]> {
  let index = BLANKED.get(orgs);
  if (index) return index;
  index = new Map();
  for (const org of orgs)
    for (const name of new Set([org.name, org.org])) {
      const { stem, suffix } = splitOrgName(name);
      if (!suffix || stem.length < 2) continue;
      for (let k = 0; k < stem.length; k++) {
        const key = blank(name, k);
        const at = index.get(key);
        const spelling = { org, name, stemLength: stem.length };
        if (at) at.push(spelling);
        else index.set(key, [spelling]);
      }
    }
  BLANKED.set(orgs, index);
  return index;
}

/**
 * The one corpus org a name the corpus lacks is a homophone typo of: the name ends with one of
 * the org's names (same unit suffix) but for one character of its stem that reads alike (古成镇 →
 * 古城镇, 万盛东淋街道 → 东林街道). What the name writes before it must not be another place. None
 * when no org or more than one does: a typo is only read as the org it can only mean.
 */
export function homophoneOrg(
  name: string,
  corpus: Pick<CorpusIndex, 'orgs' | 'regions'>,
): { org: OrgEntry; written: string; meant: string } | null {
  const index = blanked(corpus.orgs);
  const found = new Map<string, { org: OrgEntry; written: string; meant: string }>();
  for (let length = 3; length <= name.length; length++) {
    const written = name.slice(name.length - length);
    const before = name.slice(0, name.length - length);
    for (let k = 0; k < length; k++) {
      for (const s of index.get(blank(written, k)) ?? []) {
        if (k >= s.stemLength || s.name[k] === written[k] || !homophones(written[k]!, s.name[k]!)) continue;
        const own = regionForms(s.org.region).some((r) => r.endsWith(before));
        if (before && !own && (before.length < 2 || isPlace(before, corpus))) continue;
        found.set(s.org.org, { org: s.org, written, meant: s.name });
      }
    }
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}

/** Where a question names an org: the name as written, where, and the orgs it may mean. */
interface Mention {
  name: string;
  at: number;
  orgs: OrgEntry[];
}

/**
 * The org names in a question, in the order named, none overlapping, the longest taken first
 * wherever it stands (as findEntities takes the aliases): in 明湖丰镇和南南县桥新东镇 the org
 * 南南县桥新东镇, not the 和南南 of two other orgs that a reading from the left meets first. And
 * the question with them blanked.
 */
function mentions(q: string, corpus: CorpusIndex): { found: Mention[]; masked: string } {
  const hits: { name: string; at: number }[] = [];
  for (let at = 0; at < q.length; at++) {
    const name = corpus.orgNames.longestAt(q, at);
    if (name && name.length >= 2) hits.push({ name, at });
  }
  hits.sort((a, b) => b.name.length - a.name.length || a.at - b.at);
  const found: Mention[] = [];
  let masked = q;
  for (const { name, at } of hits) {
    if (masked.slice(at, at + name.length) !== name) continue;
    found.push({ name, at, orgs: corpus.orgNames.valuesOf(name) });
    masked = masked.slice(0, at) + '　'.repeat(name.length) + masked.slice(at + name.length);
  }
  return { found: found.sort((a, b) => a.at - b.at), masked };
}

const REGION_END = new RegExp(
  `${suffixPattern([...UNIT_SUFFIXES.province, ...UNIT_SUFFIXES.city, ...UNIT_SUFFIXES.county])}$`,
);

/** Every way a question may name one of the regions (`regionForms`), made once per corpus. */
const REGION_FORMS = new WeakMap<readonly string[], Set<string>>();

/**
 * Whether a word is a form of a region the corpus knows: a set made once, where scanning every
 * region's forms took a millisecond a question at 100,000 reports (1,800 regions).
 */
function namesRegion(word: string, regions: readonly string[]): boolean {
  let forms = REGION_FORMS.get(regions);
  if (!forms) REGION_FORMS.set(regions, (forms = new Set(regions.flatMap(regionForms))));
  return forms.has(word);
}

/** Whether a word names a place: a unit (two characters or more before 县/市/区…) or a region the corpus knows. */
function isPlace(word: string, corpus: Pick<CorpusIndex, 'regions'>): boolean {
  if (ENTITY_CUES.notARegion.re.test(word)) return false;
  return (REGION_END.test(word) && (unitStem(word)?.length ?? 0) >= 2) || namesRegion(word, corpus.regions);
}

/**
 * The question with the place it puts beside an org's name written before the name, as the
 * corpus's names are: 新集镇（盐池县） and 盐池县的新集镇 read as 盐池县新集镇, which picks one of
 * two 新集镇, or is no org the corpus has.
 */
export function placeNames(q: string, corpus: CorpusIndex): string {
  let out = q;
  for (let i = 0; i < out.length; i++) {
    const name = corpus.orgNames.longestAt(out, i);
    if (!name) continue;
    const end = i + name.length;
    const bracketed = ENTITY_CUES.bracketedPlace.re.exec(out.slice(end));
    if (bracketed && isPlace(bracketed[1]!, corpus)) {
      out = `${out.slice(0, i)}${bracketed[1]}${name}${out.slice(end + bracketed[0].length)}`;
      i += bracketed[1]!.length;
    } else if (out[i - 1] === '的') {
      const before = qualifier(out.slice(0, i - 1), i - 1);
      if (before && isPlace(before, corpus)) {
        out = out.slice(0, i - 1) + out.slice(i);
        i--;
      }
    }
    i += name.length - 1;
  }
  return sharedOrgWord(out, corpus);
}

/**
 * Places joined before one org word they share (金华和嘉兴两家市场监管局): written out as each
 * place's org (金华市场监管局和嘉兴市场监管局) when the corpus knows both names.
 */
function sharedOrgWord(q: string, corpus: CorpusIndex): string {
  for (const m of q.matchAll(new RegExp(ENTITY_CUES.namesJoined.re.source, 'g'))) {
    const c = m.index;
    const tries: { left: string; right: string; rest: string }[] = [];
    for (let a = 2; a <= 4 && a <= c; a++)
      for (let b = 2; b <= 4; b++) {
        const [left, right] = [q.slice(c - a, c), q.slice(c + 1, c + 1 + b)];
        const after = q.slice(c + 1 + b);
        tries.push({ left, right, rest: after.slice(ENTITY_CUES.joinedCount.re.exec(after)?.[0].length ?? 0) });
      }
    // Every try's names looked up at once: one lookup for the left places' words, one for the right's.
    const words = corpus.orgNames
      .longestOpenings(tries.map((t) => t.left + t.rest))
      .map((name, k) => name?.slice(tries[k]!.left.length));
    const rights = corpus.orgNames.longestOpenings(
      tries.map((t, k) => ((words[k]?.length ?? 0) >= 2 ? t.right + words[k] : '')),
    );
    for (const [k, { left, right, rest }] of tries.entries()) {
      const word = words[k];
      if (!word || word.length < 2 || rights[k] !== right + word) continue;
      return `${q.slice(0, c - left.length)}${left}${word}${m[0]}${right}${word}${rest.slice(word.length)}`;
    }
  }
  return q;
}

/** The words right before a name that may place it (盐池县 of 盐池县古城镇), after openings, years and conjunctions. */
function qualifier(masked: string, at: number): string {
  const run = /[\u4e00-\u9fa5]*$/.exec(masked.slice(0, at))![0];
  return run
    .split(ENTITY_CUES.nameSeparator.re)
    .at(-1)!
    .replace(ENTITY_CUES.yearTail.re, '')
    .replace(ENTITY_CUES.opening.re, '');
}

/**
 * Whether a qualifier names a place other than the org's region: a unit (two characters or more
 * before 县/市/区…), a region the corpus knows, or — before a department, which every county
 * has — any name the question opens with (泗阳发改局). A lone 省/市/县/区 must be the org's own level.
 */
function otherPlace(q: string, org: OrgEntry, opened: boolean, corpus: CorpusIndex): boolean {
  if (ENTITY_CUES.levelWord.re.test(q)) return !(org.region ?? org.org).replace(/[^省市县区]/g, '').endsWith(q);
  if (q.length < 2 || ENTITY_CUES.notARegion.re.test(q)) return false;
  const own = regionForms(org.region);
  if (own.some((r) => r === q || r.endsWith(q) || q.endsWith(r))) return false;
  const unit = REGION_END.test(q) && (unitStem(q)?.length ?? 0) >= 2;
  const department = !UNIT_NAME.test(org.org);
  return unit || (department && opened) || namesRegion(q, corpus.regions);
}

const UNIT_NAME = new RegExp(`${suffixPattern(Object.values(UNIT_SUFFIXES).flat())}$`);

const listOrgs = (os: OrgEntry[]) =>
  os.map((o) => `${o.org}（${o.region ? `${o.region}，` : ''}${o.years.join('、')}年）`).join('、');

/**
 * What is wrong with the orgs a question names, said in words, or null: a name more than one
 * org goes by (发改局 of two counties: name them and ask which), or a name put in a region that
 * is not its org's (盐池县古城镇 when the corpus's 古城镇 is in 利通区; 泗阳县发改局 when only
 * 沭阳县 has one). Either way no other org's report may answer in its place.
 */
export function orgMentionProblem(question: string, corpus: CorpusIndex, years: number[] = []): string | null {
  const q = placeNames(question.replace(/\s+/g, ''), corpus);
  const { found, masked } = mentions(q, corpus);
  for (const m of found) {
    if (m.orgs.length === 1 && !corpus.unqualified.has(m.name)) continue;
    const before = qualifier(masked, m.at);
    const lead = masked
      .slice(0, m.at - before.length)
      .replace(/[\s　]/g, '')
      .replace(/20\d{2}年度?/, '')
      .replace(ENTITY_CUES.opening.re, '');
    const elsewhere = (o: OrgEntry) => before !== '' && otherPlace(before, o, lead === '', corpus);
    const left = m.orgs.filter((o) => !elsewhere(o));
    // One org printing no place, put in a place the corpus does not know: read as it (see findEntities).
    const unknownPlace = !namesRegion(before, corpus.regions);
    if (left.length === 0 && m.orgs.length === 1 && !m.orgs[0]!.region && unknownPlace) continue;
    if (left.length === 0) {
      const unplaced = m.orgs.length === 1 && !m.orgs[0]!.region ? '，报告没有写明所属的县市' : '';
      return `语料中没有「${before}${m.name}」的报告；名为「${m.name}」的只有${listOrgs(m.orgs)}${unplaced}。`;
    }
    // A year only one of them reported in picks it (see findEntities).
    if (left.filter((o) => o.years.some((y) => years.includes(y))).length === 1) continue;
    if (left.length > 1)
      return `「${m.name}」可指${left.length}个单位：${listOrgs(left)}。请说明是哪一个（例如加上所在的县市）。`;
  }
  return null;
}
