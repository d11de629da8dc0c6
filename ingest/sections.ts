import { holdsTable, SECTIONS } from '../src/domain/catalogue.ts';
import type { Section } from '../src/domain/types.ts';

const SUB_NUMS = '一二三四五六七八九十';

/**
 * Finds the six numbered sections in order, then the （一）（二）… subsections of the prose
 * sections. Headings are searched in sequence from the previous one, so the same words inside
 * a table ("四、结转下年度继续办理") or in the introduction are not taken for a heading.
 */
export function findSections(text: string): Section[] {
  const found: { num: string; title: string; start: number; bodyStart: number }[] = [];
  let cursor = 0;
  for (const s of SECTIONS) {
    const re = new RegExp(`${s.num}\\s*[、.．]\\s*(?:${s.match})`, 'g');
    re.lastIndex = cursor;
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index;
    const rest = text.slice(start + m[0].length).split('\n', 1)[0]!;
    // A heading on its own line keeps the whole line; one run into its body keeps the match.
    const heading = rest.length <= 20 && !/[。，；]/.test(rest) ? (m[0] + rest).trim() : m[0];
    found.push({ num: s.num, title: heading, start, bodyStart: start + heading.length });
    cursor = start + heading.length;
  }
  const sections: Section[] = [];
  found.forEach((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : text.length;
    sections.push({ num: f.num, title: f.title, depth: 1, path: f.title, start: f.start, end });
    if (holdsTable(f.num)) return;
    sections.push(...subsections(text, f, end));
  });
  return sections;
}

const NUMS = '一二三四五六七八九十';

/**
 * The numbered headings of a report that does not follow the template (one before 2019: 一、概述,
 * 三、政府信息依申请公开工作情况, 六、…统计表): 一、 二、 … in sequence, each after anything but a
 * Han character (crawls put a whole page on one line; 统一、规范 is no heading), titled up to where
 * its body starts; with their （一）（二）… subsections. None holds a table.
 */
export function findOutline(text: string): Section[] {
  const found: { num: string; title: string; start: number; bodyStart: number }[] = [];
  const re = /(?<![\u4e00-\u9fa5])([一二三四五六七八九十])\s*[、.．]\s*([^\s\d，。；：:,;（(“]{2,24})/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== NUMS[found.length]) continue;
    const start = m.index;
    const title = m[0];
    found.push({ num: m[1]!, title, start, bodyStart: start + title.length });
  }
  return found.flatMap((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : text.length;
    const top: Section = { num: f.num, title: f.title, depth: 1, path: f.title, start: f.start, end };
    return [top, ...subsections(text, f, end)];
  });
}

/**
 * What a report before 2019 reports on (the 2008 条例, 第三十二条), one topic a heading: 主动公开,
 * 依申请公开, 收费及减免, 行政复议和行政诉讼; and, as every report ends, its 主要问题和改进.
 */
const OUTLINE_TOPICS = [/主动公开/, /依申请|申请公开/, /收费|减免/, /复议|诉讼/];
const PROBLEMS = /问题|改进/;

/**
 * Whether an outline (see findOutline) is a report's: a heading names its problems and
 * improvements, and two others its topics. A 公开指南 (主动公开, 依申请公开, 收费, 监督和救济) has
 * no problems; a notice or a letter filed beside the reports is not laid out so.
 */
export function isReportOutline(outline: Section[]): boolean {
  const headings = outline.filter((s) => s.depth === 1).map((s) => s.title);
  return (
    headings.some((h) => PROBLEMS.test(h)) && OUTLINE_TOPICS.filter((t) => headings.some((h) => t.test(h))).length >= 2
  );
}

function subsections(text: string, parent: { num: string; title: string; bodyStart: number }, end: number): Section[] {
  const body = text.slice(parent.bodyStart, end);
  const out: Section[] = [];
  let expect = 0;
  const re = /(?:^|\n|[。；])[ \t]*([(（]([一二三四五六七八九十])[)）])/g;
  const starts: { num: string; at: number }[] = [];
  for (const m of body.matchAll(re)) {
    if (m[2] !== SUB_NUMS[expect]) continue;
    starts.push({ num: m[1]!, at: parent.bodyStart + m.index + m[0].indexOf(m[1]!) });
    expect++;
  }
  starts.forEach((s, i) => {
    const stop = i + 1 < starts.length ? starts[i + 1]!.at : end;
    const line = text.slice(s.at, stop).split('\n', 1)[0]!;
    const cut = line.search(/[。；：:]/);
    const title = (cut > 0 ? line.slice(0, cut) : line).slice(0, 40).trim();
    out.push({
      num: `${parent.num}.${s.num}`,
      title,
      depth: 2,
      path: `${parent.title} > ${title}`,
      start: s.at,
      end: stop,
    });
  });
  return out;
}
