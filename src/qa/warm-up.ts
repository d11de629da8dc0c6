import { METRICS } from '../domain/metrics.ts';
import { ask, type AskDeps } from './ask.ts';
import type { CorpusIndex } from './corpus.ts';
import { levelWord } from './plan.ts';
import { RetrievalUnavailable } from './search.ts';
import { matchMetric } from './understand/metric-match.ts';

export interface WarmUpQuestion {
  question: string;
  /** The metric's word it asks about. */
  metric: string;
}

/**
 * Questions of the kinds the tables answer in a few milliseconds — a figure, a trend, a total,
 * an average, a ranking, the largest of a level, a comparison — over the corpus's own orgs,
 * years and levels and the catalogue's metrics in turn: what a server asks itself after it
 * starts, so that V8 has compiled the answer code before the first users' questions instead of
 * while they wait (in a fresh process a table question's p95 is 3–4 times its p50 until about
 * 1,000 have been asked). Not the largest or smallest of every level, which read every org's
 * value (40–100 ms a question at 100,000 reports). The metrics in `dropped` are left out.
 */
export function* warmUpQuestions(
  corpus: Pick<CorpusIndex, 'orgs' | 'years' | 'reports'>,
  dropped: ReadonlySet<string> = new Set(),
): Generator<WarmUpQuestion> {
  const { orgs, years } = corpus;
  // Each metric of one cell by the first word the catalogue gives it, when that word finds it:
  // a ratio or a sum of cells is computed report by report for a ranking or a total over every
  // org (60–180 ms a question at 100,000 reports), where one cell's totals are kept.
  const named = METRICS.flatMap((m) => {
    const word = m.synonyms[0];
    const oneCell = !m.per && Object.values(m.keys).every((keys) => keys.length === 1);
    return word && oneCell && matchMetric(word)?.metric === m ? [word] : [];
  });
  const levels = [...new Set(corpus.reports.flatMap((r) => (r.level ? [levelWord(r.level)] : [])))];
  if (!orgs.length || !years.length) return;
  const at = <T>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length]!;
  for (let i = 0; ; i++) {
    const live = named.filter((w) => !dropped.has(w));
    if (!live.length) return;
    const [entry, other, metric] = [at(orgs, i), at(orgs, i + 1).org, live[i % live.length]!];
    const [org, own, year] = [entry.org, at(entry.years, i), at(years, i)];
    // A level the corpus has, or every org when it has none.
    const unit = levels.length ? at(levels, i) : '单位';
    const question = [
      `${org}${own}年${metric}是多少？`,
      `${org}历年${metric}变化`,
      `${org}近三年${metric}变化`,
      `${year}年${metric}合计多少`,
      `${year}年各${unit}${metric}合计多少`,
      `${year}年各${unit}${metric}平均多少`,
      `${year}年${metric}排名前5的${unit}`,
      levels.length ? `${year}年哪个${unit}${metric}最多？` : `${year}年${metric}排名前3的单位`,
      `${org}和${other}${own}年${metric}对比`,
    ][i % 9]!;
    yield { question, metric };
  }
}

/** Refuses to embed: a warm-up question the tables do not answer is dropped, not searched. */
const NO_EMBEDDINGS = {
  embedQuery: () => Promise.reject(new RetrievalUnavailable('warming up')),
  embedDocuments: () => Promise.reject(new RetrievalUnavailable('warming up')),
};

/**
 * Answers up to `count` warm-up questions one at a time with no LLM and no embedder (no provider
 * is called for them), giving way to the event loop between two, so that a request that comes
 * meanwhile waits for at most one of them. A metric whose question the tables did not answer is
 * not asked again (a search costs a hundred table answers). Stops early when `stop` says so.
 * Resolves with how many were answered from the tables.
 */
export async function warmUp(deps: AskDeps, count: number, stop: () => boolean = () => false): Promise<number> {
  const { llm: _, ...rest } = deps;
  const local: AskDeps = { ...rest, embeddings: NO_EMBEDDINGS };
  const dropped = new Set<string>();
  let asked = 0;
  let answered = 0;
  for (const { question, metric } of warmUpQuestions(await deps.corpus(), dropped)) {
    if (asked >= count || stop()) break;
    await new Promise((next) => setTimeout(next, 0));
    asked++;
    const route = await ask(local, question).then(
      (a) => a.route,
      (e: unknown) => {
        if (e instanceof RetrievalUnavailable) return 'retrieval';
        throw e;
      },
    );
    if (route === 'sql') answered++;
    else dropped.add(metric);
  }
  return answered;
}
