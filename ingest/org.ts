import {
  DEPARTMENT_SUFFIXES,
  GOVERNMENT_SUFFIXES,
  leadingUnits,
  levelOfUnit,
  PARENT_CHAIN,
  placeStems,
  suffixPattern,
  UNIT_SUFFIXES,
  ZONE_GOVERNMENT_SUFFIXES,
} from '../src/domain/regions.ts';
import type { ReportMeta } from '../src/domain/types.ts';

export type Named = Pick<ReportMeta, 'org' | 'aliases' | 'region' | 'level'>;

const HAN_ONLY = /^[\u4e00-\u9fa5]+$/;
const GOV_START = new RegExp(`^${suffixPattern(GOVERNMENT_SUFFIXES)}`);
const ZONE_GOV = new RegExp(`^${suffixPattern(ZONE_GOVERNMENT_SUFFIXES)}$`);
const DEPT_END = new RegExp(`${suffixPattern(DEPARTMENT_SUFFIXES)}$`);

interface Parsed {
  /** The administrative units the name opens with (福州市, 晋安区). */
  units: string[];
  /** A unit itself, its government (…人民政府, a zone's 管委会) or a department (…局, …人民政府办公厅). */
  kind: 'unit' | 'government' | 'department';
}

/** Brackets and quotes around or inside a name: 贵阳市人民政府（市人民政府办公厅） is 贵阳市人民政府. */
const clean = (s: string) => s.replace(/[(（][^()（）]*[)）]/g, '').replace(/[\s《》“”"'「」]/g, '');

/** A report's word for itself (我乡, 本县, 全区), not a unit's name. */
const SELF_REFERENCE = /^[我本该全各此][\u4e00-\u9fa5]{0,2}$/;

function parse(name: string): Parsed | null {
  // 我 is in no unit's or department's name: a run ending 我局 (编制我局) is words around the report's word for itself.
  if (!HAN_ONLY.test(name) || name.includes('我')) return null;
  const units = leadingUnits(name);
  if (units.length > 0 && SELF_REFERENCE.test(units[0]!)) return null;
  const rest = name.slice(units.join('').length);
  if (units.length > 0 && rest === '') return { units, kind: 'unit' };
  // A unit's government, alone or with a word that is no department (人民政府机关).
  const afterGov = rest.replace(GOV_START, '');
  const government = afterGov !== rest && (afterGov === '' || (afterGov.length <= 2 && !DEPT_END.test(afterGov)));
  // A 街道's government is its 办事处 (东林街道办事处), as a 镇's is its 人民政府.
  const streetOffice = rest === '办事处' && /街道$/.test(units.at(-1) ?? '');
  if (units.length > 0 && (government || streetOffice || ZONE_GOV.test(rest))) return { units, kind: 'government' };
  if (DEPT_END.test(rest) && rest.length >= 2) return { units, kind: 'department' };
  return null;
}

/** Whether a string (brackets aside) is an org's name: a unit, its government or a department. */
export const isOrgName = (s: string): boolean => parse(withoutParentGovernment(clean(s))) !== null;

/**
 * The org a name given by the report stands for, with its region, level and the report's other
 * spellings of it. A government is known by its unit (淮安市人民政府 → 淮安市); a department keeps its
 * full name, and its opening units are its region. Where the text writes a fuller name of a short
 * one (县科技局 → 平阳县科学技术局), or respells a unit more often (an OCR'd 沐阳县 beside 沭阳县人民政府),
 * the text's name is the org and the given one an alias.
 */
export function nameOrg(given: string | null, text: string): Named | null {
  if (!given) return null;
  const name = recurring(withoutParentGovernment(clean(given)), text);
  let p = parse(name);
  if (!p) return null;
  if (p.kind === 'department') {
    const restored = suffixRestored(name, p.units, text);
    if (restored) return named(restored, [name], parse(restored)!.units.join(''), '部门');
    const full = p.units.length === 0 ? fullerName(name, text) : null;
    if (full) p = parse(full)!;
    const place = p.units.length === 0 ? placeOfBareLevel(name, text) : null;
    if (place) return named(place.slice(0, -1) + name, [name], place, '部门');
    return named(full ?? name, [name], p.units.join('') || null, '部门');
  }
  const unit = p.units[p.units.length - 1]!;
  const org = respelled(unit, text) ?? unit;
  const parents = p.units.slice(0, -1).join('');
  // The name without its region (淮安市人民政府, 平潭综合实验区管委会) is how the report writes the org.
  const own = name.slice(parents.length);
  return named(org, [own, unit], longestRegion(text, org, parents) ?? (parents || null), levelOfUnit(org));
}

/**
 * A township's government written after its parent's (四平市铁东区人民政府解放街道办事处) is the
 * township's, its parents the region: the parent's government is dropped from the name.
 */
function withoutParentGovernment(name: string): string {
  const m = /^(.+?)(?:人民政府|政府)(.+)$/.exec(name);
  if (!m) return name;
  const [, units, after] = m as unknown as [string, string, string];
  if (leadingUnits(units).join('') !== units) return name;
  const inner = leadingUnits(after);
  const township = inner.length === 1 && levelOfUnit(inner[0]!) === '乡镇/街道';
  // The township alone (…区人民政府小龙坎街道, a title whose 办事处 went to the next line) is the township too.
  const kind = parse(after)?.kind;
  return township && (kind === 'government' || kind === 'unit') ? units + after : name;
}

function named(org: string, aliases: string[], region: string | null, level: Named['level']): Named {
  return { org, aliases: [...new Set(aliases)].filter((a) => a !== org && a !== ''), region, level };
}

/**
 * A name glued to what stood before it (a breadcrumb's 政府信息公开年报平潭综合实验区, 本报告为盐池县)
 * is cut to the longest part that opens with a unit and that the text writes again; what is cut
 * off must not itself be units (上海市 stays on 上海市静安区科学技术委员会).
 */
function recurring(name: string, text: string): string {
  const flat = text.replace(/\s+/g, '');
  if (occurrences(flat, name) >= 2) return name;
  for (let i = 1; i < name.length - 2; i++) {
    const [cut, part] = [name.slice(0, i), name.slice(i)];
    // A part opening with a one-character name (阳县 of 沐阳县) is a misreading's tail, not a name.
    if (leadingUnits(cut).join('') === cut || (leadingUnits(part)[0]?.length ?? 0) < 3 || !parse(part)) continue;
    // It stands on its own: the text writes it again, and not always after the same character.
    const n = occurrences(flat, part);
    if (n >= 2 && n > occurrences(flat, name[i - 1]! + part)) return part;
  }
  return name;
}

const occurrences = (hay: string, needle: string) => hay.split(needle).length - 1;

/** The phrase that names the report's compiler: 本年度报告由X编制, 由X负责编制, 由X制作. */
const COMPILER = /由\s*([^\s，,。；;：:、《》]{2,40}?)\s*(?:负责)?(?:编制|制作)/g;

/**
 * The same with the rules it followed between (由X根据《条例》…要求编制而成): X is the shortest name
 * before the 根据 clause. An office that compiles the report for its government (南平市人民政府信息
 * 公开工作领导小组办公室) writes it so too, so the statements' subject comes first (see extractMetadata).
 */
const COMPILER_BY = /由\s*([^\s，,。；;：:、《》]{2,40}?)\s*(?:根据|依据|按照|依照)[^。\n]{0,200}?(?:编制|制作)/g;

/** The orgs a compiler phrase with its rules between names (see COMPILER_BY), in order. */
export function compilerOrgs(text: string): string[] {
  return [...text.slice(0, 3000).matchAll(COMPILER_BY)].map((m) => compiledFor(clean(m[1]!))).filter(isOrgName);
}

/** Any office (党政办公室, 信息公开领导小组办公室, 党政办). */
const OFFICE = /办(?:公室)?$/;

/**
 * The unit whose government an office or other body serves (秦淮区人民政府办公室, 吴起县政府政务服务中心
 * → the unit), or null for any other name.
 */
export function officeOfGovernment(name: string): string | null {
  const units = leadingUnits(name).join('');
  return units !== '' && /^(?:人民政府|政府)[\u4e00-\u9fa5]{2,}$/.test(name.slice(units.length)) ? units : null;
}

/**
 * Whose report a compiler or contact stands for: a township's office its township's (由两城镇人民政府
 * 党政办公室编制, 请联系：龙游县大街乡信息公开领导小组办公室), as a 镇 has no department that reports on
 * its own; any other name its own.
 */
function compiledFor(name: string): string {
  const units = leadingUnits(name);
  const township = units.length > 0 && levelOfUnit(units.at(-1)!) === '乡镇/街道';
  return township && OFFICE.test(name.slice(units.join('').length)) ? units.join('') : name;
}

/** The date a signature line may end with (审计局 2021年1月20日). */
const DATE = /\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})/;
const TRAILING_DATE = new RegExp(`\\s*${DATE.source}\\s*$`);

/**
 * Names the report gives itself in its text: "由…编制", "请与…联系", a 发布机构 field, the 落款
 * signature at the end (an org on its own line, or before a date on the same line).
 */
function selfNames(text: string): string[] {
  const head = text.slice(0, 3000);
  const found = [
    ...[...head.matchAll(COMPILER)].map((m) => m[1]!),
    ...[
      ...head.matchAll(/请(?:与|联系)\s*[:：]?\s*([^\s，,。；;：:、]{2,40}?)\s*(?:联系|办公室联系)?[(（，,。；;]/g),
    ].map((m) => m[1]!),
    ...[...head.matchAll(/(?:发布机构|发文机关|发文单位|文章来源|来源)\s*[:：]?\s*([^\s|，,:：]{2,30})/g)].map(
      (m) => m[1]!,
    ),
    ...text
      .split('\n')
      .slice(-15)
      .map((l) => l.trim().replace(TRAILING_DATE, ''))
      .reverse(),
  ];
  return found.map((n) => compiledFor(clean(n))).filter((n) => n.length <= 30 && isOrgName(n));
}

/** How many lines from the top a header line or breadcrumb is looked for in. */
const HEADER_LINES = 8;

/** Where a header line or breadcrumb parts its fields: 首页 > 信息公开 > X, 2020年报_审计局, Page 9 - X. */
const HEADER_BREAK = /\s*(?:[_>»›＞|/→]|->|\s[-–—]\s)\s*/;

/** A field that shows the line is the document's or the portal's header, not the report's prose. */
const HEADER_FIELD = /年报|年度报告|信息公开|政务公开|首页|当前位置|您的位置|^\d{4}年?$/;

/** The orgs the header lines or breadcrumbs at the top of the text name (see headerOrg), in order. */
export function headerOrgs(text: string): string[] {
  return text
    .split('\n', HEADER_LINES)
    .map(headerOrg)
    .filter((n) => n !== null);
}

/**
 * The org a document, flipbook or portal header line names in a field of its own (Page 9 -
 * 2020年报_审计局; 首页 > 信息公开 > 区审计局 > 年报; a file named 2020年报_审计局.pdf): the last
 * field that is an org's name, when another field is a header's (年报, 首页, 信息公开, a year).
 */
export function headerOrg(line: string): string | null {
  if (line.length > 80 || /[。，,；;]/.test(line)) return null;
  const fields = line
    .split(HEADER_BREAK)
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length < 2 || !fields.some((f) => HEADER_FIELD.test(f))) return null;
  return fields.findLast((f) => isOrgName(f)) ?? null;
}

/** The org a report with no usable title names in its text. */
export function orgFromText(text: string): string | null {
  return selfNames(text)[0] ?? null;
}

/** A fuller name the text gives a short department name: same last character, the short one's characters in order. */
function fullerName(short: string, text: string): string | null {
  return (
    selfNames(text).find((n) => {
      const p = parse(n);
      if (p?.kind !== 'department' || p.units.length === 0 || n.length <= short.length) return false;
      if (n.at(-1) !== short.at(-1)) return false;
      let at = 0;
      for (const c of n) if (c === short[at]) at++;
      return at === short.length;
    }) ?? null
  );
}

const BARE_LEVELS: readonly string[] = [...UNIT_SUFFIXES.county, ...UNIT_SUFFIXES.city].filter((u) => u.length === 1);

/**
 * The one place of a bare level word's rank whose government the text names (市发改局 in a report
 * that writes 定州市人民政府门户网站, and 定州市 again): the place a department printed without its
 * own is in. Null when the text names none or several (a county bureau beside its neighbours').
 */
function placeOfBareLevel(name: string, text: string): string | null {
  const level = name[0]!;
  if (!BARE_LEVELS.includes(level)) return null;
  const flat = text.replace(/\s+/g, '');
  // Written once it may be words run together (规定和市政府 is no 定和市).
  const found = new Set(governedPlaces(flat, level).filter((place) => occurrences(flat, place) >= 2));
  return found.size === 1 ? [...found][0]! : null;
}

/**
 * The real places of one level (区, 市…) whose government a text names (定州市人民政府, 东城区政府),
 * each a known place's stem before the level word, in order, as often as named.
 */
export function governedPlaces(flat: string, level: string): string[] {
  const out: string[] = [];
  for (const m of flat.matchAll(new RegExp(`${level}(?=${suffixPattern(GOVERNMENT_SUFFIXES)})`, 'g'))) {
    // A three-character stem (石家庄) before a two-character one (家庄 is none, 定州 is).
    const stem = [3, 2].map((n) => flat.slice(Math.max(0, m.index - n), m.index)).find((x) => placeStems().has(x));
    if (stem) out.push(stem + level);
  }
  return out;
}

/**
 * A unit written without its suffix before its government (威海市文登人民政府办公室, a portal's
 * typo): the name with the suffix the text writes for that place (文登区), when it writes one only.
 */
function suffixRestored(name: string, units: string[], text: string): string | null {
  const rest = name.slice(units.join('').length);
  const stem = STEM_BEFORE_GOV.exec(rest)?.[1];
  if (!stem || /人|政/.test(stem)) return null;
  const suffixes = new Set(
    [...text.matchAll(new RegExp(`${escapeRegex(stem)}(${UNIT_SUFFIX_ALT})`, 'g'))].map((m) => m[1]!),
  );
  if (suffixes.size !== 1) return null;
  const restored = `${units.join('')}${stem}${[...suffixes][0]}${rest.slice(stem.length)}`;
  return parse(restored)?.kind === 'department' ? restored : null;
}

const STEM_BEFORE_GOV = new RegExp(`^([\\u4e00-\\u9fa5]{2,3}?)(?=${suffixPattern(GOVERNMENT_SUFFIXES)})`);
const UNIT_SUFFIX_ALT = suffixPattern([...UNIT_SUFFIXES.county, ...UNIT_SUFFIXES.city, ...UNIT_SUFFIXES.township]);

/**
 * A spelling of the unit, one character different, that the text writes more often as the name
 * of a government (沭阳县人民政府 beside a title's OCR'd 沐阳县): the text's spelling is the name.
 */
function respelled(unit: string, text: string): string | null {
  const asGov = (pattern: string) => new RegExp(`${pattern}(?=${suffixPattern(GOVERNMENT_SUFFIXES)})`, 'g');
  // A two-character name (牛乡) differs by one character from too many others to be respelled.
  if (unit.length < 3) return null;
  const own = [...text.matchAll(asGov(escapeRegex(unit)))].length;
  const counts = new Map<string, number>();
  for (let j = 0; j < unit.length - 1; j++) {
    const re = asGov(`${escapeRegex(unit.slice(0, j))}[\\u4e00-\\u9fa5]${escapeRegex(unit.slice(j + 1))}`);
    for (const m of text.matchAll(re)) if (m[0] !== unit) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return best && n > own ? best : null;
}

/**
 * The fullest chain of parent units the text writes right before the organisation, e.g.
 * "吴忠市利通区古城镇" gives "吴忠市利通区".
 */
function longestRegion(text: string, org: string, known: string): string | null {
  const chain = new RegExp(`(${PARENT_CHAIN})${escapeRegex(org)}`, 'g');
  let best: string | null = null;
  for (const m of text.matchAll(chain)) {
    const found = m[1]!;
    if (known && !found.endsWith(known)) continue;
    if (!best || found.length > best.length) best = found;
  }
  return best;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
