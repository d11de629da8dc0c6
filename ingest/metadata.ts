import { templateOfYear, type TemplateVersion } from '../src/domain/catalogue.ts';
import { GOVERNMENT_SUFFIXES, levelOfUnit, PARENT_CHAIN, suffixPattern, UNIT_SUFFIXES } from '../src/domain/regions.ts';
import type { ReportMeta } from '../src/domain/types.ts';

const ADMIN_UNIT = new RegExp(`[\\u4e00-\\u9fa5]+?${suffixPattern(Object.values(UNIT_SUFFIXES).flat())}`, 'g');
const DEPT_SUFFIX = /(?:局|委员会|委|办公室|办|厅|中心|院|署|管委会|管理委员会)$/;
const GOV_SUFFIX = new RegExp(`${suffixPattern(GOVERNMENT_SUFFIXES)}$`);

/** Metadata read from the report's content (never from its file name). */
export function extractMetadata(text: string): ReportMeta {
  const title = findTitle(text);
  const year = yearOf(title) ?? statisticsYear(text);
  const { org, region, level } = orgOf(title, text);
  return { title, org, region, level, year, template: templateOf(text, year), published: publishedOf(text) };
}

function findTitle(text: string): string {
  const header = /^标题[:：]\s*(.+)$/m.exec(text.slice(0, 2000));
  if (header) return squeeze(header[1]!);
  const lines = text.split('\n', 40).map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/(年度?报告|年报)/.test(line) || !/\d{4}\s*年/.test(line) || line.length > 80) continue;
    const own = squeeze(line);
    // A title set over two lines puts the organisation above the year line.
    const prev = lines
      .slice(0, i)
      .reverse()
      .find((l) => l !== '');
    if (/^\d{4}年/.test(own) && prev && prev.length <= 30 && !/[。，,；]/.test(prev)) return squeeze(prev) + own;
    return own;
  }
  return squeeze(lines.find((l) => l !== '') ?? '');
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

function yearOf(title: string): number | null {
  const m = /(\d{4})年/.exec(title);
  return m ? Number(m[1]) : null;
}

/** The year of "统计期限…2024年1月1日至12月31日" or "2021年1月1日至2021年12月31日". */
export function statisticsYear(text: string): number | null {
  const m = /(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|-)/.exec(text);
  return m ? Number(m[1]) : null;
}

function templateOf(text: string, year: number | null): TemplateVersion | null {
  if (/本年(?:制发|废止|度止)件数/.test(text)) return '2021';
  if (/本年新制作数量|第二十条第[(（]九[)）]项/.test(text)) return '2019';
  return year === null ? null : templateOfYear(year);
}

function publishedOf(text: string): string | null {
  const header = /^发布时间[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})/m.exec(text.slice(0, 2000));
  if (header) return iso(header[1]!, header[2]!, header[3]!);
  const tail = text.split('\n').slice(-15);
  for (let i = tail.length - 1; i >= 0; i--) {
    const m = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/.exec(tail[i]!);
    if (m) return iso(m[1]!, m[2]!, m[3]!);
  }
  return null;
}

const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

function orgOf(title: string, text: string): Pick<ReportMeta, 'org' | 'region' | 'level'> {
  const prefix = title.replace(/\d{4}年.*$/, '').replace(/[《》“”"]/g, '');
  if (!prefix) return { org: null, region: null, level: null };
  const dept = DEPT_SUFFIX.test(prefix) && !GOV_SUFFIX.test(prefix);
  const name = prefix.replace(GOV_SUFFIX, '');
  const units: string[] = name.match(ADMIN_UNIT) ?? [];
  if (dept) {
    // The department keeps its full name; the administrative units it opens with are its region.
    const lead = units.filter((_, i) => name.startsWith(units.slice(0, i + 1).join(''))).join('');
    return { org: prefix, region: lead || null, level: '部门' };
  }
  if (units.length === 0 || units.join('') !== name) return { org: name, region: null, level: null };
  const org = units[units.length - 1]!;
  const own = units.slice(0, -1).join('');
  const region = longestRegion(text, org, own) ?? (own || null);
  return { org, region, level: levelOfUnit(org) };
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
