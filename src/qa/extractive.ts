import type { ReportInfo } from '../domain/ports.ts';
import { QUERY_SYNONYMS } from '../domain/terms.ts';
import type { Citation } from '../domain/types.ts';
import { sentences } from '../retrieval/chunk.ts';
import type { QueryTerms, RankedPassage } from './search.ts';
import { orgLabel } from '../domain/org-names.ts';

export interface Extract {
  answer: string;
  citations: Citation[];
}

/** Sentences quoted at most, and at most per report. */
const MAX_SENTENCES = 5;
const MAX_PER_REPORT = 3;
/** How much of a subsection a topic question quotes. */
const SECTION_CHARS = 600;

interface Candidate {
  reportId: number;
  section: string;
  start: number;
  end: number;
  text: string;
  score: number;
  rank: number;
}

/**
 * The answer without an LLM: the sentences of the top passages that best match the question,
 * quoted exactly, grouped by report, each followed by its citation [n].
 */
export function extractiveAnswer(
  passages: RankedPassage[],
  terms: QueryTerms,
  reports: Map<number, ReportInfo>,
  reportTexts: Map<number, string>,
): Extract {
  // Each sentence once, by where it starts; the longest reading of it, since a chunk that ends
  // after a heading or a lead reads it alone, and the next chunk with what it announces.
  const asksAboutTheReport = terms.words.some((w) => /报告|编制|依据|根据|格式|统计/.test(w));
  const seen = new Map<string, number>();
  const candidates: Candidate[] = [];
  passages.forEach((p, rank) => {
    const text = reportTexts.get(p.reportId) ?? '';
    for (const [s, e] of mergeLeads(text, sentences(text, p.start, p.end))) {
      const key = `${p.reportId}:${s}`;
      if ((seen.get(key) ?? -1) >= e) continue;
      const shorter = candidates.findIndex((c) => c.reportId === p.reportId && c.start === s);
      if (shorter >= 0) candidates.splice(shorter, 1);
      seen.set(key, e);
      const sentence = text.slice(s, e);
      if (sentence.replace(/[\s\d.、（）()一二三四五六七八九十]/g, '').length < 6 || isHeading(sentence)) continue;
      if (isNavigation(sentence) || (aboutTheReport(sentence) && !asksAboutTheReport)) continue;
      if (isTitle(sentence, reports.get(p.reportId)?.title ?? '')) continue;
      candidates.push({
        reportId: p.reportId,
        section: p.section,
        start: s,
        end: e,
        text: sentence,
        score: sentenceScore(sentence, terms, p.section) + 0.5 / (rank + 1),
        rank,
      });
    }
  });
  const section = sectionAnswers(passages, candidates, terms);
  const chosen = [...section, ...bestSentences(candidates)];
  const unique = chosen.filter(
    (c, i) => chosen.findIndex((x) => x.reportId === c.reportId && x.start === c.start) === i,
  );
  if (unique.length === 0) return { answer: '', citations: [] };
  // The lead says the answer, the rest is evidence: a subsection on the topic opens with its
  // summary; otherwise the best-scoring sentence of the best report.
  // A sentence of the subsection that holds clearly more of the question (the 科室 asked, the 汇编
  // named) leads instead of its summary.
  const pointed = section.filter((c) => c.reportId === section[0]?.reportId).sort((a, b) => b.score - a.score)[0];
  const top =
    (pointed && pointed.score >= section[0]!.score * 1.5 ? pointed : section[0]) ??
    unique.filter((c) => c.reportId === unique[0]!.reportId).sort((a, b) => b.score - a.score)[0]!;
  const citations: Citation[] = [];
  const cite = (c: Candidate): number => {
    const r = reports.get(c.reportId)!;
    citations.push({
      n: citations.length + 1,
      reportId: c.reportId,
      title: r.title,
      org: r.org,
      year: r.year,
      section: c.section,
      quote: c.text,
      start: c.start,
      end: c.end,
    });
    return citations.length;
  };
  const flat = (t: string) => t.replace(/\s*\n\s*/g, '');
  const r0 = reports.get(top.reportId)!;
  const lead = `据${orgLabel(r0.org)}${r0.year ? `${r0.year}年` : ''}的报告，${flat(top.text)} [${cite(top)}]`;
  const rest = unique.filter((c) => c !== top);
  const order = [...new Set(rest.map((c) => c.reportId))];
  const blocks = order.map((id) => {
    const r = reports.get(id)!;
    const lines = rest
      .filter((c) => c.reportId === id)
      .sort((a, b) => a.start - b.start)
      .map((c) => `- ${flat(c.text)} [${cite(c)}]`);
    return `**《${r.title}》${id === top.reportId ? '还写道' : ''}**\n${lines.join('\n')}`;
  });
  return { answer: [lead, ...blocks].join('\n\n'), citations };
}

/**
 * A question about a topic that a subsection is titled with ("平台建设方面做了什么") is answered
 * with that subsection: its sentences in order, from each report whose best passage it is.
 */
function sectionAnswers(passages: RankedPassage[], candidates: Candidate[], terms: QueryTerms): Candidate[] {
  const out: Candidate[] = [];
  const done = new Set<number>();
  for (const p of passages.slice(0, 4)) {
    if (done.has(p.reportId)) continue;
    const leaf = p.section.split(' > ').at(-1) ?? '';
    if (!terms.words.some((w) => (QUERY_SYNONYMS[w] ?? [w]).some((x) => leaf.includes(x)))) continue;
    done.add(p.reportId);
    let chars = 0;
    for (const c of candidates
      .filter((x) => x.reportId === p.reportId && x.section === p.section)
      .sort((a, b) => a.start - b.start)) {
      if (chars > SECTION_CHARS) break;
      out.push(c);
      chars += c.text.length;
    }
  }
  return out;
}

/** Otherwise the best-scoring sentences, a few per report. */
function bestSentences(candidates: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const perReport = new Map<number, number>();
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= MAX_SENTENCES) break;
    if ((perReport.get(c.reportId) ?? 0) >= MAX_PER_REPORT) continue;
    if (chosen.length > 0 && c.score < chosen[0]!.score * 0.35) break;
    chosen.push(c);
    perReport.set(c.reportId, (perReport.get(c.reportId) ?? 0) + 1);
  }
  return chosen;
}

/**
 * "一是强化组织领导。" only announces the sentence after it, and "电话：0953-2272375）。" only
 * ends the one before it (split at a ； inside its parentheses): quote each fragment with its
 * neighbour on the line.
 */
function mergeLeads(text: string, spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  // A short sentence, or a point's lead a little longer (一是健全制度措施，规范工作流程。).
  // A list's item ending with ； says its own point and stays apart.
  const announces = (a: number, b: number) =>
    b - a < 16 || (b - a < 26 && POINT_LEAD.test(text.slice(a, b)) && /。\s*$/.test(text.slice(a, b)));
  const open = (a: number, b: number) =>
    (text.slice(a, b).match(/[（(]/g)?.length ?? 0) > (text.slice(a, b).match(/[）)]/g)?.length ?? 0);
  for (let i = 0; i < spans.length; i++) {
    const [s, e] = spans[i]!;
    const next = spans[i + 1];
    const prev = out.at(-1);
    const sameLine = (a: number, b: number) => !text.slice(a, b).includes('\n');
    const endsClause = prev && /[；;]$/.test(text.slice(prev[0], prev[1])) && sameLine(prev[1], s);
    // "如财务收支、人事任免…等。" lists what the sentence before it named: quoted with it.
    const example = prev && EXAMPLES.test(text.slice(s, e)) && sameLine(prev[1], s);
    // A heading before a point's lead ("(三)政府信息管理情况。一是健全管理机制。") stays apart: the lead
    // goes with the sentence it announces.
    const beforeLead = next && announces(next[0], next[1]) && isHeading(text.slice(s, e));
    if (example || (endsClause && (e - s < 16 || open(prev[0], prev[1])))) prev![1] = e;
    else if (next && announces(s, e) && sameLine(e, next[0]) && !beforeLead) {
      out.push([s, next[1]]);
      i++;
    } else out.push([s, e]);
  }
  return out;
}

/** A sentence opening with a point's marker: 一是, （一）, 1. */
const POINT_LEAD = /^\s*(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.、．](?!\d))/;

/** A sentence that gives the examples of the one before it (not 如有/如需/如对, which open a condition). */
const EXAMPLES = /^\s*(?:如(?![有需对果])|例如|比如|譬如|包括|主要有|主要包括|具体(?:有|包括|为|是))/;

/** The report's own title (or a line naming the report like it) answers nothing. */
function isTitle(s: string, title: string): boolean {
  const flat = s.replace(/\s+/g, '');
  return flat === title.replace(/\s+/g, '') || (flat.length <= 40 && /(?:工作)?年度?报告$/.test(flat));
}

/** The sentences that say how the report was made (本年度报告根据《条例》…编制) and what it holds (全文包括:总体情况…): no work the report tells of. */
function aboutTheReport(s: string): boolean {
  return (
    /^\s*本(?:年度)?(?:报告|年报)(?:是)?(?:根据|依据|按照)[^。]*(?:编制|制作|撰写|形成)/.test(s) ||
    /^\s*(?:全文|本?(?:年度)?报告(?:全文)?)(?:共分为?|包括|分为|包含)[^。]{0,20}总体情况/.test(s)
  );
}

/** A portal's breadcrumb or location line (首页 > 政府信息公开 > 年报专栏 > 乡镇) is no part of the report. */
function isNavigation(s: string): boolean {
  return (s.match(/[>＞»]/g)?.length ?? 0) >= 2 || /^\s*(?:当前位置|您的位置|您现在的位置)[:：]/.test(s);
}

/** A subsection heading on its own ("（一）存在的主要问题", "4.政府信息公开平台建设情况。") says nothing to quote. */
function isHeading(s: string): boolean {
  return (
    /^\s*(?:[(（][一二三四五六七八九十][)）]|[一二三四五六七八九十][、.]|\d{1,2}[.、．](?!\d))/.test(s) &&
    s.length <= 30 &&
    !/[，,；;]/.test(s.slice(0, -1))
  );
}

/**
 * Query words weigh by length (longer words are more specific), a synonym less, bigrams a
 * little; the subsection title counts, its parent's less. Longer sentences are damped gently.
 */
function sentenceScore(sentence: string, terms: QueryTerms, section: string): number {
  const s = sentence.replace(/\s+/g, '');
  const [leaf, ...parents] = section.split(' > ').reverse();
  let score = 0;
  for (const w of terms.words) {
    if (s.includes(w)) score += Math.min(w.length, 4);
    else if ((QUERY_SYNONYMS[w] ?? []).some((x) => s.includes(x))) score += Math.min(w.length, 4) * 0.7;
    if (leaf?.includes(w)) score += 2;
    else if (parents.some((p) => p.includes(w))) score += 0.5;
  }
  for (const b of terms.bigrams) if (s.includes(b)) score += 0.5;
  // A point's lead quoted before its sentence (一是完善保密制度，健全审查机制。) adds no length to damp.
  const lead = POINT_LEAD.test(s) ? (/^[^。]{0,24}。(?=.)/.exec(s)?.[0].length ?? 0) : 0;
  return score / (Math.max(20, s.length - lead) / 20) ** 0.3;
}
