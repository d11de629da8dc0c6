import { type ReportTemplate, templateOfYear } from '../src/domain/catalogue.ts';
import type { ReportMeta } from '../src/domain/types.ts';
import { PUBLISHED_HEADER } from '../src/domain/terms.ts';
import { findTitle, type Title } from './title.ts';
import {
  compilerOrgs,
  governedPlaces,
  headerOrg,
  headerOrgs,
  nameOrg,
  officeOfGovernment,
  orgFromText,
} from './org.ts';
import { headingSubject, overviewSubject, selfLevel, statedOrg, statedYear } from './statements.ts';

/**
 * Metadata read from the report's content: its title wherever the page or conversion put it, the
 * org the title (or, failing one, the text) names, and the year. Only when neither names an org
 * (or a year) are the weaker places read: a compiler phrase with its rules between (由X根据…编制),
 * a header line or breadcrumb at the text's top, then `file`, the name the file was given
 * (武汉市生态环境局2020年政府信息公开工作年度报告.pdf, 2020年报_审计局.pdf) read as a title is. A
 * name from these must agree with the level the text's words for itself say (我局 is a
 * department's). A report that names no org anywhere has org null.
 */
export function extractMetadata(text: string, file = ''): ReportMeta {
  const title: Title | null = findTitle(text);
  const fromFile = fileTitle(file);
  // Without a title, the report's own statements of its year and of itself (see statements.ts).
  const year = title?.year ?? statisticsYear(text) ?? statedYear(text) ?? fromFile?.year ?? issuedYear(text);
  const given =
    title?.org ??
    orgFromText(text) ??
    (year === null ? null : statedOrg(text, year)) ??
    overviewSubject(text) ??
    headingSubject(text);
  const found =
    nameOrg(given, text) ?? besideText([...compilerOrgs(text), ...headerOrgs(text), fromFile?.org ?? null], text);
  const named = (title?.org ? found : forItsGovernment(found, text)) ?? ownFiguresGovernment(text);
  return {
    // The title is the text's own: a file's name makes no page a report (see parseText).
    title: title?.text ?? squeeze(text.split('\n').find((l) => l.trim() !== '') ?? ''),
    org: named?.org ?? null,
    aliases: named?.aliases ?? [],
    region: named?.region ?? null,
    level: named ? named.level : selfLevel(text),
    year,
    template: templateOf(text, year),
    published: publishedOf(text),
  };
}

/**
 * An office of a government named outside a title (请联系：秦淮区人民政府办公室) wrote its
 * government's report when the text's words for itself are the government's (我区): the unit.
 */
function forItsGovernment(named: ReturnType<typeof nameOrg>, text: string): ReturnType<typeof nameOrg> {
  const unit = named?.org ? officeOfGovernment(named.org) : null;
  if (!unit) return named;
  const own = nameOrg(unit, text);
  return own && own.level === selfLevel(text) ? own : named;
}

/**
 * A report that names itself nowhere but gives its whole area's figures and its government's own
 * (全年全区共受理…，区政府本级共受理…) is a government's: the one of that level whose name its text
 * writes (完成东城区人民政府网站…), a real place's stem before the level word, as placeOfBareLevel
 * reads 定州市. None when it names none or several, or its words for itself are another level's.
 */
function ownFiguresGovernment(text: string): ReturnType<typeof nameOrg> {
  const flat = squeeze(text);
  const level = /([区县市旗])政府本级/.exec(flat)?.[1];
  if (!level) return null;
  const found = new Set(governedPlaces(flat, level));
  const named = found.size === 1 ? nameOrg([...found][0]!, text) : null;
  const own = selfLevel(text);
  return named && (own === null || own === named.level) ? named : null;
}

/** The first of the weaker names that agrees with the level the text's words for itself say. */
function besideText(names: (string | null)[], text: string): ReturnType<typeof nameOrg> {
  const own = selfLevel(text);
  for (const name of names) {
    const named = nameOrg(name, text);
    if (named && (own === null || named.level === own)) return named;
  }
  return null;
}

/** What a file's name says as a title (its folders and extension aside), or as a header line. */
function fileTitle(file: string): { year: number | null; org: string | null } | null {
  const stem = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const title = findTitle(stem);
  if (title?.org) return title;
  const org = headerOrg(stem);
  const year = /(\d{4})\s*年/.exec(stem);
  return org || title ? { year: title?.year ?? (year ? Number(year[1]) : null), org } : null;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

/**
 * The year of "统计期限…2024年1月1日至12月31日" or "2021年1月1日至2021年12月31日", else of the
 * figures' cut-off at a year's end (截止2023年12月31日我局…).
 */
export function statisticsYear(text: string): number | null {
  const m =
    /(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|-)/.exec(text) ??
    /截[止至]\s*(?:到\s*)?(\d{4})\s*年\s*(?:12\s*月\s*31\s*日|底|末)/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The year of the documents a report says it issued (印发《2023年东城区政务公开工作要点》, 发布
 * 《2023年…目录》), when that is the only year its text names: a report with neither title nor
 * statement of its year did that year's work. A text that names a second year (a plan for the
 * next, a figure of the last) is not read so; null then.
 */
export function issuedYear(text: string): number | null {
  const years = new Set([...text.matchAll(/(\d{4})\s*年/g)].map((m) => Number(m[1])));
  if (years.size !== 1) return null;
  const m = /(?:印发|制定|发布|出台|编制|编发)\s*《\s*(\d{4})\s*年[^《》\n]*》/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * A report that says so of itself where it opens: it calls itself 本报告 or 本年(度)报告 and gives
 * the period its figures cover (本报告中所列数据的统计期限自2014年1月1日起…), as no notice or letter
 * filed beside the reports does.
 */
export function describesItself(text: string): boolean {
  const head = text.slice(0, 1500);
  return /本(?:年度)?(?:报告|年报)/.test(head) && statisticsYear(head) !== null;
}

/** The template the tables' own words name, else the one due in the report's year; before 2019, none. */
function templateOf(text: string, year: number | null): ReportTemplate | null {
  // A header cell may be split over lines or spaces (本年新 制作数量).
  const flat = squeeze(text);
  if (/本年(?:制发|废止|度止)件数/.test(flat)) return '2021';
  if (/本年新制作数量|第二十条第[(（]九[)）]项/.test(flat)) return '2019';
  return year === null ? null : (templateOfYear(year) ?? 'pre2019');
}

const PUBLISHED_LINE = new RegExp(
  // A line of its own, a cell of a header table (| 发文日期 | 2018-02-28 |), or glued to the title
  // line before it (…年度报告发布日期: 2021-01-29).
  `(?:^|\\s|报告|\\|)\\s*${PUBLISHED_HEADER}(\\d{4})[-年/.](\\d{1,2})[-月/.](\\d{1,2})`,
  'm',
);

function publishedOf(text: string): string | null {
  const header = PUBLISHED_LINE.exec(text.slice(0, 2000));
  if (header) return iso(header[1]!, header[2]!, header[3]!);
  const tail = text.split('\n').slice(-15);
  for (let i = tail.length - 1; i >= 0; i--) {
    const m = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/.exec(tail[i]!);
    if (m) return iso(m[1]!, m[2]!, m[3]!);
  }
  return null;
}

const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
