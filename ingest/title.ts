import { isOrgName } from './org.ts';

/** A report's title: as printed (spaces squeezed out), its year, and the org it names (null if none). */
export interface Title {
  text: string;
  year: number;
  org: string | null;
}

/** How many lines from the top a title is looked for in (past a portal's header, breadcrumb and 索引号 block). */
const HEAD_LINES = 60;

/**
 * Where a line breaks between fields rather than inside a title: markdown and table marks,
 * breadcrumb arrows, field colons, sentence punctuation, tabs and runs of spaces.
 */
const FIELD_BREAK = /[|#>»:：，,。；;!！?？【】[\]*]|->|→|\t| {2,}/;

/** A field that holds the title itself (标题：… / 名  称 …). */
const TITLE_FIELD = /^\s*(?:标\s*题|名\s*称|文章标题)\s*[:：]?\s*(.+)$/;

/** A year and the words a report's title ends with; the year's own spacing is squeezed first. */
const REPORT_TITLE = /^(.*?)(\d{4})年度?(.{0,40}?)(?:年度?报告|年报|工作报告)(?:[(（][^()（）]*[)）])?$/;

/** The same at the start of a line that runs on past it: a title the text's reflow joined to its first paragraph. */
const REPORT_TITLE_OPENING = new RegExp(REPORT_TITLE.source.replace(/\$$/, ''));

/** What follows the year in a title, up to where the org would end if it stood after the year (2022年上海市政府信息公开…). */
const AFTER_YEAR_ORG = /^(.*?)(?:人民政府|政府)?(?:政府信息公开|政务公开|信息公开)/;

/**
 * The report's title, wherever the page or conversion put it: a 标题 field, a line of its own
 * (under a markdown #, after a breadcrumb, split over two lines with the org above), or quoted
 * in the text (现公布《…年度报告》). A title that names an org wins over one that does not (a
 * breadcrumb's "2020年政府信息公开年报" column), a 标题 field over a line, the earlier over the later.
 */
export function findTitle(text: string): Title | null {
  const lines = text.split('\n', HEAD_LINES);
  let best: { title: Title; score: number } | null = null;
  const offer = (title: Title | null, score: number) => {
    if (title && (!best || score + (title.org ? 4 : 0) > best.score))
      best = { title, score: score + (title.org ? 4 : 0) };
  };
  lines.forEach((line, i) => {
    const field = TITLE_FIELD.exec(line);
    if (field) offer(titleIn(field[1]!, lines, i, true), 2);
    for (const [k, segment] of line.split(FIELD_BREAK).entries()) offer(titleIn(segment, lines, i, k === 0), 1);
    const rest = runOn(line, lines[i + 1]);
    if (rest) offer(titleIn(line.trim() + rest, lines, i, true), 1);
  });
  for (const m of text.slice(0, 3000).matchAll(/《([^《》\n]{6,80})》/g)) offer(titleIn(m[1]!, [], 0, false), 0);
  return (best as { title: Title } | null)?.title ?? null;
}

/**
 * The title a segment of line `i` holds, if it ends as a report title does. The org before the
 * year is the run of space-separated words that each end as an org does (遂平县 花庄镇人民政府
 * 2024年…), so a breadcrumb's last column (…公开年报 平潭综合实验区2021年度…) is left out; with no
 * org before the year, it is the one after it, or a line above that names one.
 */
function titleIn(segment: string, lines: string[], i: number, opensLine: boolean): Title | null {
  // Every reading below is of the segment's words, alone or joined: without a year and a title's
  // closing word in its text with the spaces taken out, none can match (most segments are prose).
  const flat = segment.replace(/\s+/g, '');
  if (!/\d{4}年/.test(flat) || !/报告|年报/.test(flat)) return null;
  let words = segment
    .replace(/\s*(\d{4})\s*年\s*(度?)\s*/g, '$1年$2')
    .trim()
    .split(/\s+/);
  // The title is the last word that ends as one; words after it are the page's (…年度报告 来源).
  let m: RegExpExecArray | null = null;
  for (let j = words.length - 1; j >= 0 && !m; j--) {
    m = REPORT_TITLE.exec(words[j]!);
    if (m) words = words.slice(0, j + 1);
  }
  if (!m && opensLine) {
    words = [words.join('')];
    m = REPORT_TITLE_OPENING.exec(words[0]!);
  }
  // A title quotes no other document (按照《…关于做好2022年…年度报告编制发布工作的通知》要求…).
  if (!m || !/公开/.test(m[3]!) || /[《》]/.test(m[0])) return null;
  const last = words.length - 1;
  let left = '';
  for (let k = last - 1; k >= 0 && isOrgName(words[k]!); k--) left = words[k] + left;
  // 云南省卫生健康委关于2022年…的年度报告: the org stands before 关于.
  const named = left + orgPart(m[1]!);
  let org = named.replace(/关于$/, '');
  if (org !== '' && !isOrgName(org)) org = '';
  const year = Number(m[2]);
  const own = `${org === '' ? '' : named}${m[0].slice(m[1]!.length)}`;
  if (org !== '') return { text: own, year, org };
  const after = AFTER_YEAR_ORG.exec(m[3]!)?.[1] ?? '';
  if (after !== '' && isOrgName(after)) return { text: own, year, org: after };
  // A name broken over the lines (…人民政府小龙坎街道 / 办事处2023年…): the line above and what opens this one.
  const head = opensLine ? orgPart(m[1]!) : '';
  const split = head === '' ? null : orgAbove(lines, i, head);
  if (split) return { text: split + own, year, org: split };
  const above = orgAbove(lines, i);
  return above ? { text: above + own, year, org: above } : { text: own, year, org: null };
}

/**
 * The part before the year that can be the org: past a page marker the conversion glued on
 * (Page 8 - 威海市…信访局) and the verb of a sentence that announces the report (现公布区统计局…).
 */
const orgPart = (beforeYear: string) =>
  beforeYear.replace(/^.*[A-Za-z0-9_.-]/, '').replace(/^(?:现予?|特此?)(?:公布|发布)/, '');

/**
 * The line that ends a title broken inside its words (清真巷街道办事处2023年政府信息公开 /
 * 工作年度报告): short, no field or sentence marks, closing as a title does, after a line with
 * the year that does not.
 */
function runOn(line: string, next: string | undefined): string | null {
  const rest = next?.trim() ?? '';
  if (!/\d{4}\s*年/.test(line) || /(?:报告|年报)\s*$/.test(line) || FIELD_BREAK.test(line.trim())) return null;
  return rest.length <= 20 && !FIELD_BREAK.test(rest) && /(?:年度?报告|年报|工作报告)$/.test(rest) ? rest : null;
}

/**
 * A title set over two lines puts the org on one of the few lines above the year line; `tail`, the
 * words the year line opens with, ends the org when the line above breaks inside its name.
 */
function orgAbove(lines: string[], i: number, tail = ''): string | null {
  for (let k = i - 1, seen = 0; k >= 0 && seen < 3; k--) {
    const line = lines[k]!.replace(/^[\s#>*-]+|[\s*|]+$/g, '').replace(/\s+/g, '');
    if (line === '') continue;
    seen++;
    if (line.length <= 30 && !/[。，,；;：:]/.test(line) && isOrgName(line + tail)) return line + tail;
    if (tail !== '') return null;
  }
  return null;
}
