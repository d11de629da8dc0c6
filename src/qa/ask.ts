import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ReportFilter } from '../domain/ports.ts';
import type { Answer, Turn } from '../domain/types.ts';
import { rewriteFollowUp } from '../llm/followup.ts';
import { ANSWERERS, refusal } from './answerers.ts';
import type { CorpusIndex } from './corpus.ts';
import { findEntities } from './entities.ts';
import { guardedEmbeddings, search, type RankedPassage, type SearchDeps } from './search.ts';
import { fillFromLlm } from './understand/llm-fill.ts';
import { CONFIDENT, stripNames, understand } from './understand/understand.ts';

export { MIN_COVERAGE } from './answerers.ts';

export interface AskDeps extends SearchDeps {
  corpus(): Promise<CorpusIndex>;
  now?: () => number;
  /** Today's date, for a bare 去年 (the calendar's last year); default the system clock. */
  today?: () => Date;
  /** The optional LLM: rewrites follow-ups, plans odd phrasings, writes verified narrative answers. */
  llm?: BaseChatModel;
  /** Where provider failures (LLM, embeddings) are logged; callers only see a generic warning. */
  log?: (line: string) => void;
}

export const MAX_QUESTION_CHARS = 500;

const elapsed = (t0: number, now: () => number) => Math.round((now() - t0) * 100) / 100;

/**
 * The one entry point every client uses: question (+ history) → Answer. The question is
 * understood once (understand.ts), then the answerers (answerers.ts) are tried in order. `onToken`
 * receives the text as an LLM writes it; the returned answer is the verified one (or the
 * extractive fallback).
 */
export async function ask(
  given: AskDeps,
  question: string,
  history: Turn[] = [],
  onToken?: (text: string) => void,
): Promise<Answer> {
  const now = given.now ?? (() => performance.now());
  const t0 = now();
  const timings: Record<string, number> = {};
  const notes: string[] = [];
  const deps: AskDeps = { ...given, embeddings: guardedEmbeddings(given.embeddings, notes, given.log) };
  const done = (a: Omit<Answer, 'timings'>): Answer => {
    const warnings = [...(a.warnings ?? []), ...notes.filter((n) => !a.warnings?.includes(n))];
    return { ...a, ...(warnings.length ? { warnings } : {}), timings: { ...timings, totalMs: elapsed(t0, now) } };
  };
  const q = question.replace(/\s+/g, ' ').trim();
  if (q.length > MAX_QUESTION_CHARS)
    return done({
      ...refusal(`问题太长（${q.length} 字，上限 ${MAX_QUESTION_CHARS} 字），请精简后再问。`),
      answeredBy: 'input',
    });
  if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(q))
    return done({ ...refusal('请输入一个问题，例如：“花马池镇2021年行政处罚多少件？”'), answeredBy: 'input' });

  const corpus = await deps.corpus();
  if (corpus.reports.length === 0)
    return done({ ...refusal('库中还没有报告。请先导入年度报告（npm run ingest）。'), answeredBy: 'input' });
  const rewritten = deps.llm && history.length ? await rewriteFollowUp(deps.llm, q, history, deps.log) : null;
  const t1 = now();
  const calendarYear = (deps.today?.() ?? new Date()).getFullYear();
  let i = understand(q, history, corpus, { calendarYear }, rewritten);
  if (deps.llm && i.confidence < CONFIDENT && i.cues.numeric) i = await fillFromLlm(deps.llm, i, corpus, deps.log);
  timings.parseMs = elapsed(t1, now);

  const filter: ReportFilter = {
    ...(i.entities.orgs.length ? { org: i.entities.orgs } : {}),
    ...(i.entities.years.length ? { year: i.entities.years } : {}),
  };
  const extra = i.resolved !== q ? { resolvedQuestion: i.resolved } : {};
  for (const answerer of ANSWERERS) {
    if (!answerer.applies(i, corpus)) continue;
    const a = await answerer.answer({ deps, i, corpus, filter, timings, now, ...(onToken ? { onToken } : {}) });
    if (!a) continue;
    // What the conversation assumed is said, unless the answer already says it (a plan's notes).
    const said = i.notes.filter((n) => !a.answer.includes(n));
    const answer = said.length ? `（${said.join('；')}）\n\n${a.answer}` : a.answer;
    return done({ ...a, answer, ...extra, answeredBy: answerer.name });
  }
  throw new Error('no answerer applied'); // unreachable: the last answerer always applies
}

/** The passages `ask` would rank for a question, best first (for evaluation of retrieval). */
export async function rankedPassages(deps: AskDeps, question: string, k: number): Promise<RankedPassage[]> {
  const corpus = await deps.corpus();
  const entities = findEntities(question, corpus);
  const filter: ReportFilter = {
    ...(entities.orgs.length ? { org: entities.orgs } : {}),
    ...(entities.years.length ? { year: entities.years } : {}),
  };
  return search(deps, stripNames(question, corpus).trim(), filter, k);
}
