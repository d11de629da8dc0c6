import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';
import { warmUp, warmUpQuestions } from './warm-up.ts';

describe('the warm-up a server asks itself', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'warm-up-')));
  const deps = await createNodeDeps(db, {});
  const corpus = await deps.corpus();

  it("asks about the corpus's own orgs in years they have reports for, and leaves out dropped metrics", () => {
    const first = [...take(warmUpQuestions(corpus), 70)];
    const lookups = first.filter((_, i) => i % 9 === 0).map((q) => q.question);
    for (const q of lookups)
      expect(corpus.orgs.some((o) => q.startsWith(o.org) && o.years.some((y) => q.includes(`${y}年`)))).toBe(true);
    const metrics = new Set(first.map((q) => q.metric));
    expect(metrics.size).toBeGreaterThan(5);
    const gone = new Set([...metrics].slice(0, 3));
    expect([...take(warmUpQuestions(corpus, gone), 70)].some((q) => gone.has(q.metric))).toBe(false);
    expect([...warmUpQuestions(corpus, new Set(allMetrics(corpus)))]).toEqual([]);
  });

  it('is answered from the tables, as a user asking the same gets it', async () => {
    const questions = [...take(warmUpQuestions(corpus), 70)];
    const routes = await Promise.all(questions.map(async (q) => (await ask(deps, q.question)).route));
    expect(routes.filter((r) => r === 'sql').length / routes.length).toBeGreaterThan(0.9);
  });

  it('calls no LLM and no embedder, and stops when told', async () => {
    let calls = 0;
    const count = () => {
      calls++;
      return Promise.reject(new Error('a provider was called'));
    };
    const llm = new Proxy({}, { get: count }) as unknown as BaseChatModel;
    const guarded = { ...deps, llm, embeddings: { embedQuery: count, embedDocuments: count } };
    expect(await warmUp(guarded, 60)).toBeGreaterThanOrEqual(55);
    expect(calls).toBe(0);
    let asked = 0;
    const answered = await warmUp(deps, 60, () => asked++ >= 5);
    expect(asked).toBe(6);
    expect(answered).toBeGreaterThanOrEqual(4);
  });
});

function* take<T>(xs: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const x of xs) {
    yield x;
    if (--n <= 0) return;
  }
}

/** Every metric word the warm-up asks about (it cycles through them). */
function allMetrics(corpus: Parameters<typeof warmUpQuestions>[0]): string[] {
  return [...new Set([...take(warmUpQuestions(corpus), 1000)].map((q) => q.metric))];
}
