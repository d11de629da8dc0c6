/**
 * "哪几份年报引用了国办公开办函〔2021〕30号", "哪几个镇提到了“三审”": the reports whose text says a
 * phrase the user quotes or a document number, each quoted where it says it. Found by the full-text
 * index, kept only where the text holds the phrase itself.
 */
import { orgLabel } from '../domain/org-names.ts';
import type { ReportFilter, ReportInfo, Segmenter, Store } from '../domain/ports.ts';
import type { Answer, Citation } from '../domain/types.ts';
import { type CorpusIndex, reportsOf } from './corpus.ts';
import { queryTerms } from './search.ts';

type Part = Omit<Answer, 'timings'>;

/** Which reports say something: 哪几份…引用了, 哪些镇提到过, 哪个单位写了. */
const WHICH_SAY =
  /(?:哪几?[份个家篇]|哪些)[^，。？?]{0,16}?(?:提到|提及|引用|援引|写到|写了|说到|谈到|用到|出现|采用|建立)(?:了|过)?/;
/** A phrase quoted in the question. */
const QUOTED = /[“"「『]([^”"」』]{2,30})[”"」』]/;
/** A document's number: 国办公开办函〔2021〕30号. */
const DOCUMENT = /[\u4e00-\u9fa5]{1,6}\s*[〔［[【]\s*\d{4}\s*[〕］\]】]\s*第?\s*\d+\s*号/;
/** How many passages the index is asked for: enough for every report of a county. */
const CANDIDATES = 200;
const MAX_LISTED = 20;

/** The phrase a question asks the reports that say it, or null. */
export function mentionAsked(question: string): string | null {
  if (!WHICH_SAY.test(question)) return null;
  return QUOTED.exec(question)?.[1] ?? DOCUMENT.exec(question)?.[0].replace(/\s+/g, '') ?? null;
}

/** The phrase as a pattern that lets the text break lines or put spaces between its characters. */
const loosely = (phrase: string) =>
  new RegExp([...phrase].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'));

export async function mentionsAnswer(
  question: string,
  filter: ReportFilter,
  deps: { store: Store; segmenter: Segmenter },
  corpus: CorpusIndex,
): Promise<Part | null> {
  const phrase = mentionAsked(question);
  if (!phrase) return null;
  const hits = await deps.store.searchText(queryTerms(deps.segmenter, phrase), filter, CANDIDATES);
  const passages = await deps.store.passages(hits.map((h) => h.chunkId));
  // The reports in scope from the corpus index in memory, not read again per question.
  const scope = (filter.org?.length ? reportsOf(corpus, filter.org) : corpus.reports).filter(
    (r) => !filter.year?.length || (r.year !== null && filter.year.includes(r.year)),
  );
  const reports = new Map(scope.map((r) => [r.id, r]));
  const pattern = loosely(phrase);
  const found = new Map<number, { report: ReportInfo; start: number; end: number; quote: string }>();
  for (const p of passages) {
    const report = reports.get(p.reportId);
    const m = pattern.exec(p.text);
    if (!report || !m || found.has(p.reportId)) continue;
    // The sentence that says it: from the last sentence end before the phrase to the next.
    let from = Math.max(...['。', '！', '？', '\n', '；'].map((e) => p.text.lastIndexOf(e, m.index) + 1));
    const ends = ['。', '！', '？', '\n'].map((e) => p.text.indexOf(e, m.index + m[0].length)).filter((i) => i >= 0);
    let to = ends.length ? Math.min(...ends) + 1 : p.text.length;
    while (/\s/.test(p.text[from] ?? '')) from++;
    while (to > from && /\s/.test(p.text[to - 1] ?? '')) to--;
    found.set(p.reportId, { report, start: p.start + from, end: p.start + to, quote: p.text.slice(from, to) });
  }
  if (found.size === 0)
    return {
      answer: `所查的 ${reports.size} 份报告都没有提到「${phrase}」。`,
      route: 'retrieval',
      refused: true,
      citations: [],
    };
  const listed = [...found.values()]
    .sort((a, b) => (a.report.year ?? 0) - (b.report.year ?? 0) || a.report.id - b.report.id)
    .slice(0, MAX_LISTED);
  const citations: Citation[] = listed.map((f, n) => ({
    n: n + 1,
    reportId: f.report.id,
    title: f.report.title,
    org: f.report.org,
    year: f.report.year,
    section: '正文',
    quote: f.quote,
    start: f.start,
    end: f.end,
  }));
  const lines = listed.map(
    (f, n) => `- ${orgLabel(f.report.org)}${f.report.year ? `（${f.report.year}年）` : ''}：「${f.quote}」[${n + 1}]`,
  );
  const more = found.size > MAX_LISTED ? `\n（另有 ${found.size - MAX_LISTED} 份未列出）` : '';
  return {
    answer: `所查的 ${reports.size} 份报告中，**${found.size}** 份提到「${phrase}」：\n${lines.join('\n')}${more}`,
    route: 'retrieval',
    citations,
  };
}
