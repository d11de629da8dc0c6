/**
 * Administrative units as report titles and questions name them (吴忠市利通区古城镇): the suffixes
 * that end a unit's name, what level a unit is, and the units a region is made of.
 */
import type { Level } from './catalogue.ts';
import { PLACE_STEMS } from './place-stems.ts';

/** The suffixes that end a unit's name, by rank. */
export const UNIT_SUFFIXES = {
  township: ['镇', '乡', '街道', '街', '苏木'],
  county: ['县', '区', '旗'],
  city: ['市', '州', '盟', '地区'],
  province: ['省', '自治区', '特别行政区'],
} as const;

/** Suffixes that name one unit two ways: 佳荣里街 is 佳荣里街道, 东林街道 is 东林街. */
export const SAME_UNIT_SUFFIXES: readonly (readonly [string, string])[] = [
  ['街道', '街'],
  ['街', '街道'],
];

/** The suffixes that end a department's name (教育局, 人民政府办公室, 卫生健康委员会). */
export const DEPARTMENT_SUFFIXES = [
  '管理委员会',
  '委员会',
  '管委会',
  '办公室',
  '局',
  '委',
  '办',
  '厅',
  '中心',
] as const;

/** How a unit's government is written after its name (花马池镇人民政府). */
export const GOVERNMENT_SUFFIXES = ['人民政府', '政府'] as const;

/** How a zone's administration is written after its name: it governs the zone as a 人民政府 does a county (平潭综合实验区管委会). */
export const ZONE_GOVERNMENT_SUFFIXES = ['管理委员会', '管委会'] as const;

/** The suffixes an organisation's name can end with: a unit, its government or a department. */
export const ORGANISATION_SUFFIXES = [
  ...Object.values(UNIT_SUFFIXES).flat(),
  ...GOVERNMENT_SUFFIXES,
  ...DEPARTMENT_SUFFIXES,
] as const;

/** A regex alternation of suffixes, longest first (自治区 is tried before 区). */
export const suffixPattern = (suffixes: readonly string[]): string =>
  `(?:${[...suffixes].sort((a, b) => b.length - a.length).join('|')})`;

/** The suffixes a report's region is made of: cities and counties. */
const REGION_SUFFIXES = [...UNIT_SUFFIXES.city, ...UNIT_SUFFIXES.county];
const HAN = '[\\u4e00-\\u9fa5]';
const UNIT = new RegExp(`${HAN}+?${suffixPattern(REGION_SUFFIXES)}`, 'g');
const UNIT_OR_PROVINCE = new RegExp(`${HAN}+?${suffixPattern(['省', ...REGION_SUFFIXES])}`, 'g');

/**
 * The units a region is made of, outermost first.
 *
 * `province: false` (the corpus index: the names a question may filter by) leaves 省 unsplit, so
 * a province is never a region on its own and stays joined to the unit after it; where a region
 * is only quoted (metadata answers), its province is a unit like the others.
 * @example regionUnits('甘肃省庆阳市环县') // ['甘肃省', '庆阳市', '环县']
 * @example regionUnits('甘肃省庆阳市环县', { province: false }) // ['甘肃省庆阳市', '环县']
 */
export function regionUnits(region: string, { province = true }: { province?: boolean } = {}): string[] {
  return region.match(province ? UNIT_OR_PROVINCE : UNIT) ?? [];
}

/**
 * Pattern source for one to three parent units written right before an org, each a
 * two-character name and a suffix ("吴忠市利通区"): the form of nearly every county and city, which
 * keeps words such as "本报告由" out of the chain.
 */
export const PARENT_CHAIN = `(?:${HAN}{2}${suffixPattern(REGION_SUFFIXES)}){1,3}`;

const ANY_UNIT_SUFFIX = suffixPattern(Object.values(UNIT_SUFFIXES).flat());
/** Words that open with a unit's suffix but name no unit: the 市场 of 金华市市场监管局, 市容, 区域. */
const SUFFIX_WORD = '(?:市场|市政|市容|区域|县域)';
/**
 * A unit at the start of a name; a suffix followed by another is part of a longer unit (福州市, not
 * 福州 + 市), unless the second opens a word (金华市 + 市场监管局).
 */
const LEAD_UNIT = new RegExp(`^${HAN}+?${ANY_UNIT_SUFFIX}(?!(?!${SUFFIX_WORD})${ANY_UNIT_SUFFIX})`);

const GOVERNMENT_NEXT = new RegExp(`^(?:${suffixPattern(GOVERNMENT_SUFFIXES)}|$)`);
const GOVERNMENT_FIRST = new RegExp(`^${suffixPattern(GOVERNMENT_SUFFIXES)}`);

/**
 * The administrative units an organisation's name opens with, outermost first. After the first
 * unit a name has two characters or more, and one with 和 must end the name or precede its
 * government: the 城乡 of 城乡建设局 or the 住房和城乡 of 住房和城乡建设局 is no township, the 华东和街道
 * of 龙清县华东和街道 is. No unit opens with a government (the 人民政府小龙坎街道 of 沙坪坝区人民政府小龙坎街道
 * is the parent's government, then the township).
 * @example leadingUnits('福州市晋安区教育局') // ['福州市', '晋安区']
 */
export function leadingUnits(name: string): string[] {
  const units: string[] = [];
  let rest = name;
  for (let m = LEAD_UNIT.exec(rest); m; m = LEAD_UNIT.exec(rest)) {
    const unit = m[0];
    const conjoined = /和/.test(unit) && !GOVERNMENT_NEXT.test(rest.slice(unit.length));
    if (GOVERNMENT_FIRST.test(unit)) break;
    if (units.length > 0 && (conjoined || unit.replace(new RegExp(`${ANY_UNIT_SUFFIX}$`), '').length < 2)) break;
    units.push(unit);
    rest = rest.slice(unit.length);
  }
  return units;
}

const LEVEL_OF: [RegExp, Level][] = [
  [new RegExp(`${suffixPattern(UNIT_SUFFIXES.township)}$`), '乡镇/街道'],
  [new RegExp(`${suffixPattern(UNIT_SUFFIXES.city)}$`), '市'],
  [new RegExp(`${suffixPattern(UNIT_SUFFIXES.county)}$`), '县区'],
];

/**
 * The level of a report from a unit, by its name's suffix, or null. Cities are tried before
 * counties: 地区 is a city-level unit though it ends in 区.
 * @example levelOfUnit('花马池镇') // '乡镇/街道'
 */
export function levelOfUnit(unit: string): Level | null {
  return LEVEL_OF.find(([re]) => re.test(unit))?.[1] ?? null;
}

let stems: Set<string> | null = null;
/** The stems of real place names (定州, 石家庄), built on first use. */
export function placeStems(): ReadonlySet<string> {
  stems ??= new Set(PLACE_STEMS.flatMap((line) => line.split(' ')));
  return stems;
}
