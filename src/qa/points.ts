import type { ReportInfo, Store } from '../domain/ports.ts';
import type { Citation, Section } from '../domain/types.ts';
import { orgLabel } from '../domain/org-names.ts';

/**
 * Problems and plans read as the report enumerates them: the section that holds them
 * (五、存在的主要问题及改进情况) is split into its problems part and its measures part, and each
 * part into its own points (一是…二是…, （一）（二）…, 1. 2.), in order, each quoted once.
 */

export type Part = 'problems' | 'measures';

export interface Point extends PointSpan {
  part: Part;
  /** The point's first clause without its marker: what the lead sentence names. */
  gist: string;
}

interface PointSpan {
  start: number;
  end: number;
}

const PART_NAME: Record<Part, string> = { problems: '问题', measures: '改进措施' };

/** The section that states problems and what is done about them. */
const SECTION = /问题|不足|改进/;
/** What a question asks for. Measures words are checked first: "针对问题打算怎么办" asks for measures. */
const ASKS: Record<Part, RegExp> = {
  problems:
    /不足|短板|差距|薄弱|欠缺|弱项|缺点|毛病|不到位|做得不够|存在[^，,。？?]*问题|主要问题|问题[和及与]|需要加强|有待|(?:查[出找到]|找[出到]|发现|暴露|反映出)[^，,。？?]{0,4}(?:问题|困难)/,
  measures: /改进|整改|下一步|今后|打算|准备|明年|怎么办(?!理)|如何改|怎么改|重点做好|努力方向/,
};
/**
 * 问题 and 措施 alone ask for the report's problems or measures only when nothing else is named
 * ("工作有哪些问题"), not "栏目检查把哪些问题列为重点" or "监督保障有哪些措施".
 */
const WEAK: Record<Part, RegExp> = { problems: /问题|困难/, measures: /措施|举措|计划/ };
const FILLER =
  /问题|困难|措施|举措|计划|政府信息公开|信息公开|政务公开|哪些|什么|采取|方面|存在|还有|有|了|的|是|呢|吗|主要|具体|工作|[？?，,。！\s]/g;
/** A question for a figure is not one for the report's points. */
const FIGURE = /多少|(?<!哪)几[件个份条项次起场]|比例|率是|排名|最多|最少/;
/** Words that tell which part a stretch of text introduces; measures first, as above. */
const INTRO: Record<Part, RegExp> = {
  measures: /改进|整改|措施|下一步|今后|将[从着重]|重点做好|努力/,
  problems: /问题|不足|短板|差距|薄弱|主要表现/,
};

const CN = '一二三四五六七八九十';
/** Point markers, each with the ordinal it gives. Only at a clause start, so 统一是 is no marker. */
const MARKERS: { kind: string; re: RegExp }[] = [
  { kind: 'shi', re: new RegExp(`(?<=^|[。；;：:，,\\n])\\s*([${CN}]{1,2})是`, 'g') },
  { kind: 'paren', re: new RegExp(`(?<=^|[。；;：:\\n])\\s*[(（]([${CN}]{1,2})[)）]`, 'g') },
  { kind: 'num', re: /(?<=^|\n)\s*(\d{1,2})[.、．](?!\d)/g },
];

/** Which parts a question (its org and year words taken out) asks for; none when it is not about problems or plans. */
export function partsAsked(question: string): Part[] {
  if (FIGURE.test(question)) return [];
  const rest = question.replace(/[A-Za-z0-9]/g, '').replace(FILLER, '');
  const asks = (part: Part, q: string) => ASKS[part].test(q) || (WEAK[part].test(q) && rest.length <= 2);
  const measures = asks('measures', question);
  const problems = asks('problems', question.replace(/针对[^，,。？?]*问题/g, ''));
  return [...(problems ? (['problems'] as const) : []), ...(measures ? (['measures'] as const) : [])];
}

/** The points of the problems section of one report, each told problem or measure. */
export function reportPoints(text: string, sections: Section[]): Point[] {
  const top = sections.find((s) => s.depth === 1 && SECTION.test(s.title));
  if (!top) return [];
  const subs = sections.filter((s) => s.depth === 2 && s.start >= top.start && s.end <= top.end);
  const partOf = (title: string): Part | null =>
    INTRO.measures.test(title) ? 'measures' : INTRO.problems.test(title) ? 'problems' : null;
  // "(一) 存在的主要问题" / "(二) 改进情况": the subsections are the parts.
  if (subs.length >= 2 && subs.every((s) => partOf(s.title))) {
    return subs.flatMap((s) => {
      const bodyStart = s.start + s.title.length;
      return partPoints(text, bodyStart, s.end, partOf(s.title)!);
    });
  }
  const bodyStart = text.indexOf('\n', top.start) < 0 ? top.end : Math.min(text.indexOf('\n', top.start), top.end);
  return splitParts(text, bodyStart, top.end);
}

/** A section body with no part headings: each run of points is told by the words before it. */
function splitParts(text: string, start: number, end: number): Point[] {
  const runs = markerRuns(text, start, end);
  if (runs.length === 0) return partPoints(text, start, end, 'problems');
  const out: Point[] = [];
  let from = start;
  runs.forEach((run, i) => {
    const runEnd = runs[i + 1]?.[0]?.start ?? end;
    out.push(...spansToPoints(text, pointSpans(text, run, runEnd), introPart(text.slice(from, run[0]!.start), i)));
    from = out.at(-1)?.end ?? run[0]!.start;
  });
  // A list of problems followed by measures written as one paragraph (no markers).
  const last = out.at(-1);
  if (last && !out.some((p) => p.part === 'measures')) {
    const tail = trimEnd(text, last.end, end);
    if (tail.end > tail.start && INTRO.measures.test(text.slice(tail.start, tail.end)))
      out.push(...partPoints(text, tail.start, tail.end, 'measures'));
  }
  return out;
}

/** The part a run of points belongs to, from the sentence that introduces it; else by position. */
function introPart(intro: string, index: number): Part {
  const last =
    intro
      .replace(/[。！]\s*$/, '')
      .split(/[。！]/)
      .at(-1) ?? '';
  if (INTRO.measures.test(last)) return 'measures';
  if (INTRO.problems.test(last)) return 'problems';
  return index === 0 ? 'problems' : 'measures';
}

/** One part: its points by marker, else its clauses after the introducing colon, else itself. */
function partPoints(text: string, start: number, end: number, part: Part): Point[] {
  const runs = markerRuns(text, start, end);
  if (runs.length)
    return runs.flatMap((run, i) => spansToPoints(text, pointSpans(text, run, runs[i + 1]?.[0]?.start ?? end), part));
  const body = trimEnd(text, start, end);
  const colon = text.slice(body.start, body.end).search(/[：:]/);
  const from = colon >= 0 ? body.start + colon + 1 : body.start;
  const spans: PointSpan[] = [];
  let s = from;
  for (let i = from; i <= body.end; i++) {
    if (i === body.end || /[；;]/.test(text[i]!)) {
      const span = trimEnd(text, s, Math.min(i + 1, body.end));
      if (span.end - span.start >= 6) spans.push(span);
      s = i + 1;
    }
  }
  // A lone clause list is only worth splitting when it has several clauses; else the part is one point.
  return spansToPoints(
    text,
    spans.length >= 2 ? spans : [trimEnd(text, colon >= 0 ? from : body.start, body.end)],
    part,
  );
}

type Marker = { start: number; ord: number; kind: string };

/** Runs of markers of one kind numbered 1, 2, 3 … in order; a new 一 starts a new run. */
function markerRuns(text: string, start: number, end: number): Marker[][] {
  const slice = text.slice(start, end);
  const found: Marker[] = [];
  for (const { kind, re } of MARKERS)
    for (const m of slice.matchAll(re)) {
      const ord = kind === 'num' ? Number(m[1]) : cnOrdinal(m[1]!);
      if (ord > 0) found.push({ start: start + m.index + m[0].length - m[0].trimStart().length, ord, kind });
    }
  found.sort((a, b) => a.start - b.start);
  const runs: Marker[][] = [];
  for (const m of found) {
    const run = runs.findLast((r) => r[0]!.kind === m.kind);
    if (m.ord === 1) runs.push([m]);
    else if (run && run.at(-1)!.ord === m.ord - 1) run.push(m);
  }
  const lists = runs.filter((r) => r.length >= 2);
  // A list inside one point of another list (（一）… 一是… 二是… （二）…) is that point's detail.
  return lists.filter((r) => !lists.some((o) => o !== r && o[0]!.start < r[0]!.start && r[0]!.start < o.at(-1)!.start));
}

function cnOrdinal(s: string): number {
  if (s === '十') return 10;
  if (s.length === 2 && s[0] === '十') return 10 + CN.indexOf(s[1]!) + 1;
  return s.length === 1 ? CN.indexOf(s) + 1 : 0;
}

/**
 * Each marker to the next; the last to the end of its paragraph (what follows it is the next part,
 * or the section's closing words). A closing "…措施：" belongs to what follows.
 */
function pointSpans(text: string, run: Marker[], end: number): PointSpan[] {
  return run.map((m, i) => {
    const lineEnd = text.indexOf('\n', m.start);
    const next = run[i + 1]?.start ?? (lineEnd >= 0 && lineEnd < end ? lineEnd : end);
    let span = trimEnd(text, m.start, next);
    const body = text.slice(span.start, span.end);
    const lastStop = Math.max(body.lastIndexOf('。', body.length - 2), body.lastIndexOf('；', body.length - 2));
    if (/[：:]$/.test(body) && lastStop > 0) span = trimEnd(text, span.start, span.start + lastStop + 1);
    return span;
  });
}

function trimEnd(text: string, start: number, end: number): PointSpan {
  let [s, e] = [start, end];
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/** Leading adverbial clauses ("按照…要求", "针对以上问题") are not what a point says. */
const PREAMBLE = /^(?:按照|根据|针对|围绕|结合|对照|为了?|在|下一步|今后|同时)/;

function spansToPoints(text: string, spans: PointSpan[], part: Part): Point[] {
  return spans
    .filter((s) => s.end - s.start >= 6)
    .map((s) => {
      const body = text
        .slice(s.start, s.end)
        .replace(/\s+/g, '')
        .replace(new RegExp(`^(?:[${CN}]{1,2}是|[(（][${CN}]{1,2}[)）]|\\d{1,2}[.、．])`), '');
      const clauses = body.split(/(?<=[。；;！])/)[0]!.split(/(?<=[，,：:])/);
      while (clauses.length > 1 && PREAMBLE.test(clauses[0]!)) clauses.shift();
      let gist = '';
      for (const c of clauses) {
        gist += c;
        if (gist.length >= 7) break;
      }
      return { ...s, part, gist: gist.replace(/^我.?将/, '').replace(/[，,：:；;。]+$/, '') };
    });
}

export interface PointsAnswer {
  answer: string;
  citations: Citation[];
}

/**
 * The answer to "存在哪些问题 / 下一步怎么改进": for each report, one lead sentence naming the
 * points, then each point quoted once and cited. Null when the question is not of this kind or
 * no report has the section. `latest`: of an org's several reports only the latest is read.
 */
export async function pointsAnswer(
  question: string,
  named: ReportInfo[],
  store: Pick<Store, 'reportText' | 'sections'>,
  latest = false,
): Promise<PointsAnswer | null> {
  const parts = partsAsked(question);
  const reports = latest
    ? named.filter((r) => !named.some((o) => o.org === r.org && (o.year ?? 0) > (r.year ?? 0)))
    : named;
  if (parts.length === 0 || reports.length === 0 || reports.length > 6) return null;
  const leads: string[] = [];
  const blocks: string[] = [];
  const citations: Citation[] = [];
  for (const r of reports) {
    const text = (await store.reportText(r.id)) ?? '';
    const sections = await store.sections(r.id);
    const points = reportPoints(text, sections).filter((p) => parts.includes(p.part));
    const section = sections.find((s) => s.depth === 1 && SECTION.test(s.title));
    const who = `${orgLabel(r.org)}${r.year ? `${r.year}年` : ''}`;
    if (!section || points.length === 0) {
      leads.push(`${who}的报告没有写明${parts.map((p) => PART_NAME[p]).join('和')}。`);
      continue;
    }
    const said: string[] = [];
    const lines: string[] = [];
    for (const part of parts) {
      const mine = points.filter((p) => p.part === part);
      if (mine.length === 0) {
        said.push(`没有写明${PART_NAME[part]}`);
        continue;
      }
      said.push(`列出${mine.length}项${PART_NAME[part]}：${mine.map((p) => p.gist).join('；')}`);
      lines.push(`${lines.length ? '\n' : ''}**${PART_NAME[part]}**\n`);
      for (const [i, p] of mine.entries()) {
        const n = citations.length + 1;
        const quote = text.slice(p.start, p.end);
        citations.push({
          n,
          reportId: r.id,
          title: r.title,
          org: r.org,
          year: r.year,
          section: section.title,
          quote,
          start: p.start,
          end: p.end,
        });
        lines.push(`${i + 1}. ${quote.replace(/\s*\n\s*/g, '')} [${n}]`);
      }
    }
    leads.push(`${who}的报告${said.join('；')}。`);
    blocks.push(`《${r.title}》${section.title}：\n\n${lines.join('\n')}`);
  }
  if (citations.length === 0) return null;
  return { answer: [leads.join(''), ...blocks].join('\n\n'), citations };
}
