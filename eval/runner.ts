import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Answer, Turn } from '../src/domain/types.ts';
import { ask, rankedPassages, type AskDeps } from '../src/qa/ask.ts';
import { baselineAnswer } from './baseline.ts';
import type { Result } from './metrics.ts';
import { normalise, scoreAnswer, type Question } from './score.ts';

export function loadQuestions(file: string): Question[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as Question;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

type Answerer = (q: string, history: Turn[]) => Promise<Answer>;

/** Runs a question set through an answerer (the real `ask`, or the baseline). */
export async function runSet(deps: AskDeps, file: string, mode: 'ask' | 'baseline' = 'ask'): Promise<Result[]> {
  const answer: Answerer = mode === 'ask' ? (q, h) => ask(deps, q, h) : (q) => baselineAnswer(deps, q);
  const results: Result[] = [];
  for (const q of loadQuestions(file)) {
    const history: Turn[] = [];
    for (const h of q.history ?? []) {
      const a = await answer(h, history);
      history.push({ role: 'user', content: h }, { role: 'assistant', content: a.answer });
    }
    const t0 = performance.now();
    const a = await answer(q.question, history);
    const ms = Math.round((performance.now() - t0) * 100) / 100;
    const score = scoreAnswer(q, a);
    const result: Result = {
      id: q.id,
      set: basename(file, '.jsonl'),
      kind: q.kind,
      question: q.question,
      ...(q.history ? { history: q.history } : {}),
      pass: score.pass,
      failures: score.failures,
      answer: a.answer,
      route: a.route,
      answeredBy: a.answeredBy ?? null,
      expectedRoute: q.expected.refuse ? 'refuse' : (q.expected.route ?? null),
      citations: a.citations.map((c) => ({ n: c.n, org: c.org, year: c.year, section: c.section, quote: c.quote })),
      ms,
      score,
      quotesExact: await quotesExact(deps, a),
    };
    if (
      mode === 'ask' &&
      q.kind === 'narrative' &&
      !q.history &&
      q.expected.keywords?.length &&
      q.expected.sources?.length
    ) {
      result.retrievalRank = await retrievalRank(deps, q);
    }
    results.push(result);
  }
  return results;
}

async function quotesExact(deps: AskDeps, a: Answer): Promise<boolean> {
  for (const c of a.citations)
    if ((await deps.store.reportText(c.reportId))?.slice(c.start, c.end) !== c.quote) return false;
  return true;
}

/** Rank of the first top-10 passage from an expected report that contains an expected keyword. */
async function retrievalRank(deps: AskDeps, q: Question): Promise<number | null> {
  const passages = await rankedPassages(deps, q.question, 10);
  const reports = await deps.store.reports();
  for (const [i, p] of passages.entries()) {
    const r = reports.find((x) => x.id === p.reportId);
    const fromSource = q.expected.sources!.some(
      (s) => (r?.org ?? '').includes(s.org) && (s.year === undefined || r?.year === s.year),
    );
    const text = normalise(`${p.section}${p.text}`).replace(/\s+/g, '');
    if (fromSource && q.expected.keywords!.some((k) => text.includes(normalise(k).replace(/\s+/g, '')))) return i + 1;
  }
  return null;
}
