/**
 * The everyday names of an org, derived from its full name: 沭阳县发展和改革局 is also 沭阳县发改局,
 * 沭阳发改局 and 县发改局; 上海市人民政府办公厅 is also 上海市政府办公厅 and 市政府办; 吴忠市利通区
 * 古城镇 is also 利通古城镇 and 吴忠古城. Ingest, the corpus index and tests take them from here.
 */
import type { Level } from './catalogue.ts';
import {
  GOVERNMENT_SUFFIXES,
  leadingUnits,
  regionUnits,
  SAME_UNIT_SUFFIXES,
  suffixPattern,
  UNIT_SUFFIXES,
  ZONE_GOVERNMENT_SUFFIXES,
} from './regions.ts';

/**
 * How a report that names no org anywhere (title, text, header, file name) is shown: it is stored
 * with org null, asked about by its year and words, never as any named org's.
 */
export const UNNAMED_ORG = '未署名单位';

/** The name a report is shown under: its org, or UNNAMED_ORG. */
export const orgLabel = (org: string | null): string => org ?? UNNAMED_ORG;

/**
 * Short forms people use for a department's name (without its region), where the rule below
 * does not make them. Each full name maps to its short forms, the most used first.
 * @example KNOWN_SHORT_FORMS['科学技术委员会'] // ['科委']
 */
export const KNOWN_SHORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  人民政府办公厅: ['政府办公厅', '政府办'],
  人民政府办公室: ['政府办公室', '政府办'],
  人民政府: ['政府'],
  科学技术委员会: ['科委'],
  科学技术局: ['科技局'],
  住房和城乡建设局: ['住建局'],
  住房和城乡建设委员会: ['住建委'],
  卫生健康委员会: ['卫健委'],
  卫生健康局: ['卫健局'],
  市场监督管理局: ['市场监管局'],
  国有资产监督管理委员会: ['国资委'],
  自然资源和规划局: ['自然资源局', '资规局'],
  政务服务和大数据管理局: ['政数局', '大数据局'],
  医疗保障局: ['医保局'],
  应急管理局: ['应急局'],
  退役军人事务局: ['退役军人局'],
  行政审批服务局: ['审批局'],
  城市管理局: ['城管局'],
  交通运输局: ['交通局'],
  机关事务管理局: ['机关事务局', '机关局'],
  生态环境局: ['环保局', '环境局'],
  生态环境分局: ['环保分局', '环保局'],
  生态环境厅: ['环保厅', '环境厅'],
  人力资源社会保障局: ['人社局'],
  人力资源和社会保障局: ['人社局'],
  国家机关事务管理局: ['国管局', '机关事务局'],
  // The official short form drops 和 and 员会: 天津市发展改革委 and 河南省发展和改革委员会 are one kind.
  发展和改革委员会: ['发展改革委', '发改委'],
  发展改革委: ['发改委'],
  城市管理委员会: ['城管委'],
};

/** The short form of a department suffix in an abbreviation (发展和改革委员会 → 发改委). */
const SHORT_SUFFIX: Readonly<Record<string, string>> = {
  委员会: '委',
  局: '局',
  厅: '厅',
  办公室: '办',
  中心: '中心',
};

/** "X和Y…" before a department suffix: abbreviated by the first character of each part. */
const CONJOINED = new RegExp(
  `^([\\u4e00-\\u9fa5]{2,4}(?:和[\\u4e00-\\u9fa5]{2,4})+)(${suffixPattern(Object.keys(SHORT_SUFFIX))})$`,
);

/**
 * A department's name (without region) and its short forms: the known ones, else the rule that
 * joins the first characters of a 和 compound (发展和改革局 → 发改局, 文化和旅游局 → 文旅局,
 * 人力资源和社会保障局 → 人社局).
 */
export function shortForms(body: string): string[] {
  const known = KNOWN_SHORT_FORMS[body];
  if (known) return [body, ...known];
  // A province's 厅 is called as a county's 局 is: 交通运输厅 → 交通厅 as 交通运输局 → 交通局.
  const bureau = body.endsWith('厅') ? KNOWN_SHORT_FORMS[`${body.slice(0, -1)}局`] : undefined;
  if (bureau) return [body, ...bureau.map((b) => `${b.slice(0, -1)}厅`)];
  const m = CONJOINED.exec(body);
  if (!m) return [body];
  const initials = m[1]!
    .split('和')
    .map((p) => p[0])
    .join('');
  return [body, initials + SHORT_SUFFIX[m[2]!]!];
}

const PROVINCE = new RegExp(`${suffixPattern(UNIT_SUFFIXES.province)}$`);
const UNIT_SUFFIX = new RegExp(`${suffixPattern(Object.values(UNIT_SUFFIXES).flat())}$`);

/** A unit's name without its suffix, when at least two characters are left (盐池县 → 盐池). */
export function unitStem(unit: string): string | null {
  const stem = unit.replace(UNIT_SUFFIX, '');
  return stem !== unit && stem.length >= 2 ? stem : null;
}

/** The short names of development zones: 南宁经济技术开发区 is 南宁经开区, 高新技术产业开发区 高新区. */
const ZONE_SHORT: readonly (readonly [string, string])[] = [
  ['经济技术开发区', '经开区'],
  ['高新技术产业开发区', '高新区'],
  ['高新技术开发区', '高新区'],
  ['经济开发区', '经开区'],
];

/** A zone's name, as its short form ends (南宁经开区): its 管委会 governs it as a 人民政府 does a county. */
const ZONE = /(?:开发区|经开区|高新区|实验区|新区)$/;

/** The 55 minorities' names, as a 民族乡 or 自治县 writes them before its suffix (古砦仫佬族乡, 三江侗族自治县). */
const ETHNIC_GROUPS =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各';
const ETHNIC_UNIT = new RegExp(`^([\u4e00-\u9fa5]{2,}?)(?:(?:${ETHNIC_GROUPS})族)+(?:自治)?(乡|镇|县|旗|州)$`);

/**
 * The other names one unit goes by: 街道 and 街 (佳荣里街道, 佳荣里街), a development zone's short
 * form (南宁经济技术开发区 → 南宁经开区), and a 民族乡 or 自治县 without its peoples (古砦仫佬族乡 →
 * 古砦乡, 三江侗族自治县 → 三江县), as people name them.
 * @example unitForms('古砦仫佬族乡') // ['古砦仫佬族乡', '古砦乡']
 */
export function unitForms(unit: string): string[] {
  const same = SAME_UNIT_SUFFIXES.find(([a]) => unit.endsWith(a));
  return [unit, ...(same ? [unit.slice(0, -same[0].length) + same[1]] : []), ...shortUnitForms(unit)];
}

/** A zone's or a 民族乡's short forms alone (see unitForms). */
function shortUnitForms(unit: string): string[] {
  const out: string[] = [];
  const zone = ZONE_SHORT.find(([long]) => unit.endsWith(long) && unit.length > long.length);
  if (zone) out.push(unit.slice(0, -zone[0].length) + zone[1]);
  const ethnic = ETHNIC_UNIT.exec(unit);
  if (ethnic) out.push(ethnic[1]! + ethnic[2]!);
  return out;
}

/** The ways a question names a region: each unit as written, in its other forms and by its stem (吴忠市利通区 → 利通区, 利通 …). */
export function regionForms(region: string | null): string[] {
  if (!region) return [];
  // A province is never named alone before an org: 江苏省沭阳县 → 沭阳县, 沭阳, not 江苏.
  const units = regionUnits(region)
    .filter((u) => !PROVINCE.test(u))
    .flatMap(unitForms);
  return [...new Set([region, ...units, ...units.map(unitStem).filter((s): s is string => s !== null)])];
}

/** The last character of each suffix a region's units end with (省, 市, 州, 盟, 县, 区, 旗; 地区 and 自治区 end in 区). */
export const REGION_UNIT_ENDS: readonly string[] = [
  ...new Set([...UNIT_SUFFIXES.province, ...UNIT_SUFFIXES.city, ...UNIT_SUFFIXES.county].map((s) => s.at(-1)!)),
];

/**
 * The unit an org sits in: the region's last unit, read as its shortest tail of two characters
 * or more that follows a unit's last character (吴忠市利通区 → 利通区, 甘肃省庆阳市环县 → 环县,
 * 北京市通州区 → 通州区). Schema 11 reads it the same way in SQL; its test holds the two alike.
 * @example nearestUnit('宁夏回族自治区吴忠市盐池县') // '盐池县'
 */
export function nearestUnit(region: string): string {
  for (let i = region.length - 3; i >= 0; i--) if (REGION_UNIT_ENDS.includes(region[i]!)) return region.slice(i + 1);
  return region;
}

/**
 * An org's identity across its reports: its name and the unit it sits in, so that two 新集镇 of
 * 盐池县 and 同心县 are two orgs. A unit (a 镇, 县 or 市, its level says) is known by its name after
 * its region's nearest unit (盐池县新集镇, 吴忠市利通区 for 利通区); a department's name already opens
 * with its region, or no region is known, and the name is the identity.
 * @example orgKey('新集镇', '吴忠市盐池县', '乡镇/街道') // '盐池县新集镇'
 */
export function orgKey(org: string, region: string | null, level: Level | null): string {
  if (!region || level === null || level === '部门') return org;
  const parent = nearestUnit(region);
  return org.startsWith(parent) ? org : parent + org;
}

/** A unit's own name without the unit its identity opens with (盐池县新集镇 → 新集镇); any other org's name as it is. */
export function ownName(org: string, region: string | null): string {
  const parent = region ? nearestUnit(region) : '';
  return parent && org.length > parent.length && org.startsWith(parent) && UNIT_SUFFIX.test(org)
    ? org.slice(parent.length)
    : org;
}

export interface OrgNameParts {
  /** The region the name opens with, or ''. */
  region: string;
  /** What follows it: 发展和改革局, 古城镇. */
  body: string;
}

/** An org name split into the region it opens with (its stored region, or a unit chain) and the rest. */
export function splitRegion(org: string, region: string | null): OrgNameParts {
  if (region && org.startsWith(region) && org.length > region.length) return { region, body: org.slice(region.length) };
  // Units as a name opens with them: 杭州市, not 杭州 (a 州) and then 市….
  const units = leadingUnits(org);
  const lead = units.join('');
  return org.startsWith(lead) && lead.length < org.length && !UNIT_SUFFIX.test(org)
    ? { region: lead, body: org.slice(lead.length) }
    : { region: '', body: org };
}

export interface OrgAlias {
  alias: string;
  /** Whether the alias names a region, so that another org of the same name elsewhere cannot be meant. */
  regional: boolean;
}

const GOVERNMENT = new RegExp(`${suffixPattern(GOVERNMENT_SUFFIXES)}$`);

/**
 * Every everyday name of an org, the full name first. A township (花马池镇, region 盐池县): the
 * name, its government (花马池镇人民政府), the stem (花马池), each preceded by a region form
 * (盐池县花马池镇, 盐池花马池镇, 盐池花马池). A department (沭阳县发展和改革局): its body's short
 * forms (发改局) after each region form, after the bare level word of its region (县发改局), and alone.
 * `extra` are aliases the report itself gives; they are taken as they are.
 */
export function orgAliases(org: string, region: string | null, extra: readonly string[] = []): OrgAlias[] {
  const out = new Map<string, boolean>();
  const add = (alias: string, regional: boolean) => {
    if (alias.length >= 2 && !out.has(alias)) out.set(alias, regional);
  };
  const own = ownName(org, region);
  const parts = own === org ? splitRegion(org, region) : { region: org.slice(0, -own.length), body: own };
  add(org, parts.region !== '');
  const regions = [...new Set([...regionForms(region), ...regionForms(parts.region || null)])];
  if (UNIT_SUFFIX.test(parts.body) && !GOVERNMENT.test(parts.body)) {
    // A unit: its own name and government forms, with or without the region before them.
    const short = shortUnitForms(parts.body);
    // A zone's government is its 管委会 (南宁经开区管委会), as a 镇's is its 人民政府.
    const governments = ZONE.test(parts.body)
      ? [...GOVERNMENT_SUFFIXES, ...ZONE_GOVERNMENT_SUFFIXES]
      : GOVERNMENT_SUFFIXES;
    const names = [
      ...unitForms(parts.body),
      ...[parts.body, ...short].flatMap((f) => governments.map((g) => f + g)),
      ...[parts.body, ...short].map(unitStem).filter((x): x is string => x !== null),
    ];
    for (const r of regions) for (const n of names) add(r + n, true);
    // Alone they name no region: another 新集镇 elsewhere has them too.
    for (const n of names) add(n, false);
  } else {
    // A bureau's branch (生态环境局历下分局) goes by its place: 历下分局, 历下环保分局, 历下生态环境分局.
    const branch = /^(.+?局)([\u4e00-\u9fa5]{2,4}?)分局$/.exec(parts.body);
    if (branch)
      for (const p of shortForms(branch[1]!)) {
        add(`${branch[2]}${p.slice(0, -1)}分局`, false);
        add(`${branch[2]}分局`, false);
      }
    const bodies = shortForms(parts.body);
    const level = parts.region ? UNIT_SUFFIX.exec(parts.region)?.[0] : undefined;
    // A province's own departments go by its short name too: 山西交通厅, 江苏发改委.
    const province =
      PROVINCE.test(parts.region) && regionUnits(parts.region).length === 1 ? unitStem(parts.region) : null;
    for (const r of province ? [...regions, province] : regions) for (const b of bodies) add(r + b, true);
    if (level) for (const b of bodies) add(level + b, false);
    for (const b of bodies) add(b, false);
  }
  // A report's own spellings name its region when they open with it (上海科技), else not (葛寨镇人民政府).
  for (const a of extra)
    add(
      a,
      regions.some((r) => a.startsWith(r)),
    );
  return [...out].map(([alias, regional]) => ({ alias, regional }));
}
