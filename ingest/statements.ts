import type { Level } from '../src/domain/catalogue.ts';
import { SECTIONS } from '../src/domain/catalogue.ts';
import { leadingUnits, levelOfUnit, PARENT_CHAIN } from '../src/domain/regions.ts';
import { isOrgName } from './org.ts';

/**
 * What a report with no title says of itself: the year its statements open with ("2019年，文登区
 * 住建局共主动公开…", "2020 年，我单位…"), the org they name, and, where it names itself only as
 * 我局 or 我镇, its level. Each is taken only when the text's statements agree on it.
 */

/**
 * A parent's government written before the township it runs (…区人民政府北京街道办事处认真…): it
 * names the subject's parent, as a 在…领导下 phrase before the subject is no subject either.
 */
const PARENT_GOVERNMENT = String.raw`[\u4e00-\u9fa5]{2,12}?(?:人民政府|政府)(?=[\u4e00-\u9fa5]{2,8}?(?:街道|镇|乡|苏木)(?:办事处|人民政府|政府))`;

/**
 * A statement about the report's year: a sentence that opens with the year (its numbering
 * aside, and a 在…领导下 phrase before its subject), or the sentence that announces the report (现将我局2020年度…报告如下). A plan for the
 * next year (2021年，我局将…) is no statement of the report's year.
 */
const YEAR_OPENING = new RegExp(
  String.raw`(?:^|[。；;！!？?])[ \t]*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．][ \t]*)?(\d{4})[ \t]*年度?(?![ \t]*\d{1,2}[ \t]*月)` +
    String.raw`(?:[ \t]*[，,]?[ \t]*在[^，,。；\n]{1,20}?[下中](?=[，,]))?` +
    String.raw`(?:[ \t]*[，,]?[ \t]*${PARENT_GOVERNMENT})?([^。；\n]{0,16})`,
  'gm',
);
const ANNOUNCEMENT =
  /(?:现将|特将|现就)([^，,。；\n]{0,20}?)(\d{4})\s*年度?[^，,。；\n]{0,30}?(?:报告如下|公布如下|汇报如下|报告予以公[开布]|报告向社会公布)/g;
/** The report's subject as a verb of reporting names it: 汇报我镇2023年政府信息公开工作. */
const REPORTED_WORK = /(?:汇报|报告|公布)([^，,。；\n]{0,20}?)(\d{4})\s*年度?(?:的)?(?:政府信息公开|政务公开)工作/g;
/**
 * A clause after a comma that opens with the year, set off by a comma or followed by the report's
 * word for itself: …要求，2020年度，紧紧围绕…; …，2022年，我局在…; …，2022年我局….
 */
const YEAR_CLAUSE = /[，,][ \t]*(\d{4})[ \t]*年度?[ \t]*(?:[，,]|(?=我|本单位))([^。；\n]{0,10})/g;
const PLAN = /将(?!近)/;

/** Years a report could be for (the 条例 took effect in 2008), not a number that reads as one. */
const PLAUSIBLE = (y: number) => y >= 2008 && y <= 2100;

/** Each statement's year and the text it opens with. */
function statements(text: string): { year: number; rest: string; announced?: true }[] {
  const found: { year: number; rest: string; announced?: true }[] = [];
  for (const m of text.matchAll(YEAR_OPENING)) {
    const rest = m[2]!.replace(/^[，,\s]*(?:的|以来|全年)?[，,\s]*/, '');
    if (!PLAN.test(rest.slice(0, 10))) found.push({ year: Number(m[1]), rest });
  }
  for (const m of text.matchAll(ANNOUNCEMENT)) found.push({ year: Number(m[2]), rest: m[1]!, announced: true });
  for (const m of text.matchAll(REPORTED_WORK)) found.push({ year: Number(m[2]), rest: m[1]! });
  for (const m of text.matchAll(YEAR_CLAUSE)) if (!PLAN.test(m[2]!)) found.push({ year: Number(m[1]), rest: '' });
  return found.filter((s) => PLAUSIBLE(s.year));
}

/** The item found more often than any other, or null on a tie or none. */
function dominant<T>(items: T[]): T | null {
  const counts = new Map<T, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  const [first, second] = [...counts].sort((a, b) => b[1] - a[1]);
  return first && (!second || first[1] > second[1]) ? first[0] : null;
}

/** The year the report's statements open with most often, or null when two years tie. */
export function statedYear(text: string): number | null {
  return dominant(statements(text).map((s) => s.year));
}

/**
 * The org the statements of the report's year name as their subject (2019年，文登区住建局共…;
 * 2012年的南平市政府信息公开工作; 现将信访局2021年度…): the longest name an opening holds that
 * the text writes again (a name written once may be a clause read as one: 中仓街道积极推动街道)
 * or that its 信息公开工作 follows, the one most often named. The report's words for itself (我局, 本机关) name no org.
 */
export function statedOrg(text: string, year: number): string | null {
  const flat = text.replace(/\s+/g, '');
  const names = statements(text)
    .filter((s) => s.year === year)
    .flatMap((s) => {
      for (let n = s.rest.length; n >= 2; n--) {
        const name = s.rest.slice(0, n);
        if (
          isOrgName(name) &&
          !SELF.test(name) &&
          !PREPOSITION.test(name) &&
          (flat.split(name).length >= 3 || bareSubject(name, s.rest.slice(n), flat)) &&
          // A one-character place (富县) is taken where the report announces itself whole, at the
          // level its words for itself say (我县).
          (!shortUnit(name) ||
            (s.announced && name === s.rest && levelOfUnit(leadingUnits(name)[0]!) === selfLevel(text)))
        )
          return [withParents(ownUnit(name), flat)];
      }
      return [];
    });
  return dominant(names);
}

/**
 * The org the first sentence under 总体情况 opens with, after a phrase of what it follows
 * (按照区委、区政府有关要求，区政府政务服务办进一步完善…): a report with neither title nor year
 * statement names itself there as the subject of its year's work.
 */
export function overviewSubject(text: string): string | null {
  const at = /^[ \t]*[一1][、.．][ \t]*总体情况[ \t]*$/m.exec(text);
  if (!at) return null;
  const sentence = text
    .slice(at.index + at[0].length)
    .trimStart()
    .split(/[。；;\n]/, 1)[0]!;
  const rest = sentence.replace(/^(?:在[^，,]{1,30}?[下中]|(?:按照|根据|依据|依照|围绕|结合)[^，,]{1,30})[，,]\s*/, '');
  for (let n = Math.min(rest.length, 20); n >= 3; n--) {
    const name = rest.slice(0, n);
    if (isOrgName(name) && !SELF.test(name) && !PREPOSITION.test(name) && !shortUnit(name)) return name;
  }
  return null;
}

/** A section's title after the name of the org it is about (市发改局主动公开政府信息的情况：…). */
const SECTION_AFTER_NAME = new RegExp(
  `^[ \\t]*(?:[(（]?[一二三四五六七八九十\\d]{1,2}[)）、.．][ \\t]*)?([\\u4e00-\\u9fa5]{3,20}?)(?:${SECTIONS.slice(1, 4)
    .map((x) => x.title.replace(/情况$/, ''))
    .join('|')})的?情况`,
  'gm',
);

/**
 * The org a section heading opens with (市发改局主动公开政府信息的情况): a report with neither title
 * nor statement of its own name may name itself there.
 */
export function headingSubject(text: string): string | null {
  const names = [...text.matchAll(SECTION_AFTER_NAME)]
    .map((m) => m[1]!)
    .filter((n) => isOrgName(n) && !SELF.test(n) && !PREPOSITION.test(n));
  return dominant(names);
}

/**
 * A department the statement names without its units (2022年，卫生健康局…) under the fullest name
 * the text gives it elsewhere (京山市卫生健康局).
 */
function withParents(name: string, flat: string): string {
  if (leadingUnits(name).length > 0) return name;
  let best = name;
  for (const m of flat.matchAll(new RegExp(`(?:${PARENT_CHAIN})${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g')))
    if (m[0].length > best.length) best = m[0];
  return best;
}

/** A government stands for its unit (官洲街道办事处 → 官洲街道), so statements naming either agree. */
function ownUnit(name: string): string {
  const units = leadingUnits(name);
  return units.length === 1 && GOVERNMENT.test(name.slice(units[0]!.length)) ? units[0]! : name;
}

const GOVERNMENT = /^(?:人民政府|政府|办事处)$/;

/** A preposition that opens a phrase: no name opens with one (按照县… is no county), a subject stands before one. */
const PREPOSITION = /^(?:在|按照|根据|依据|依照|围绕|结合|对照|通过)/;

/**
 * Names that are names though written once: the government of one unit (官洲街道办事处), one unit
 * as the subject of its sentence (杨村乡按照…), a department of one unit whose kind the text's word
 * for itself repeats (鄂州市生态环境局华容分局 beside 我分局), a department without units as the
 * subject of the report's work (商务局信息公开工作在…); a run over two units (中仓街道积极推动街道
 * 政府信息公开工作) may be a clause.
 */
function bareSubject(name: string, after: string, flat: string): boolean {
  const units = leadingUnits(name);
  const rest = name.slice(units.join('').length);
  const kind = DEPARTMENT_KIND.exec(rest)?.[0];
  // The text's word for itself names the department's kind: 我分局, 我局, 我委 (委员会), 我办 (办公室).
  const selfKind = kind !== undefined && flat.includes(`我${SELF_KIND[kind] ?? kind}`);
  if (units.length === 1)
    return (
      // Not the head of its office's name (湖北省人民政府 of 湖北省人民政府办公厅).
      (GOVERNMENT.test(rest) && !/^办/.test(after)) || (rest === '' && PREPOSITION.test(after)) || selfKind
    );
  return units.length === 0 && (/^(?:政府)?(?:信息公开|政务公开)工作/.test(after) || selfKind);
}

/** The kind a department's name ends with. */
const DEPARTMENT_KIND = /(?:分局|局|委员会|委|办公室|厅)$/;
/** The kind as a report's word for itself shortens it (我委, 我办). */
const SELF_KIND: Record<string, string> = { 委员会: '委', 办公室: '办' };

/** A name opening with a one-character unit (在区 of 在区政府…) is more likely words than a name. */
const shortUnit = (name: string) => (leadingUnits(name)[0]?.length ?? 3) < 3;

/** A report's word for itself. */
const SELF = /^[我本该全各此]/;

/**
 * How a report names itself without its name, by level: 我局 is a department's. Not 本单位 (a
 * 乡 writes it too) nor 本机关 (表三's own row labels say it).
 */
const SELF_WORDS: [RegExp, (w: string) => Level | null][] = [
  [/[我本](?:局|委|办|厅)/g, () => '部门'],
  [/[我本全](?:镇|乡|街道)/g, (w) => levelOfUnit(w)],
  [/我(?:县|区|市|旗)/g, (w) => levelOfUnit(w)],
];

/** The level a report that names itself only as 我局, 我镇 or 我县 has: the one its words say most. */
export function selfLevel(text: string): Level | null {
  // A cited document's title (《关于做好…我市行政机关…的通知》) speaks for its sender, not the report.
  const own = text.replace(/《[^《》\n]*》/g, '');
  return dominant(
    SELF_WORDS.flatMap(([re, level]) => [...own.matchAll(re)].map((m) => level(m[0]))).filter((l) => l !== null),
  );
}
