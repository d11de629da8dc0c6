import type { ReportInfo } from '../src/domain/ports.ts';
import type { Answer } from '../src/domain/types.ts';
import type { AskDeps } from '../src/qa/ask.ts';
import { extractiveAnswer } from '../src/qa/extractive.ts';
import { queryTerms, search } from '../src/qa/search.ts';

/**
 * What a generic RAG chatbot does, for comparison: no router, no SQL, no metadata filters, no
 * refusal threshold — the same hybrid search over the raw question and an extractive answer.
 */
export async function baselineAnswer(deps: AskDeps, question: string): Promise<Answer> {
  const t0 = performance.now();
  const passages = await search(deps, question, {}, 6);
  const reports = new Map<number, ReportInfo>((await deps.store.reports()).map((r) => [r.id, r]));
  const texts = new Map<number, string>();
  for (const p of passages)
    if (!texts.has(p.reportId)) texts.set(p.reportId, (await deps.store.reportText(p.reportId)) ?? '');
  const out = extractiveAnswer(passages, queryTerms(deps.segmenter, question), reports, texts);
  return {
    answer: out.answer,
    route: 'retrieval',
    citations: out.citations,
    timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100 },
  };
}
