import type { Route } from '../src/domain/types.ts';
import type { Question, Score } from './score.ts';

export interface Result {
  id: string;
  set: string;
  kind: Question['kind'];
  question: string;
  history?: string[];
  pass: boolean;
  failures: string[];
  answer: string;
  route: Route;
  /** The answerer that answered (src/qa/answerers.ts). */
  answeredBy: string | null;
  expectedRoute: string | null;
  citations: { n: number; org: string | null; year: number | null; section: string; quote: string }[];
  ms: number;
  score: Score;
  /** Every citation's quote equals reportText.slice(start, end). */
  quotesExact: boolean;
  /** Rank (1-based) of the first passage from the right report containing a keyword, or null. */
  retrievalRank?: number | null;
}

export type Confusion = Record<string, Record<string, number>>;

export function confusion(pairs: { expected: string; actual: string }[]): Confusion {
  const m: Confusion = {};
  for (const { expected, actual } of pairs) {
    m[expected] ??= {};
    m[expected]![actual] = (m[expected]![actual] ?? 0) + 1;
  }
  return m;
}

export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/** The scores a summary gives, in the order the CLI table and the HTML report show them. */
export const SCORES = [
  'pass_rate',
  'numeric_em',
  'keyword_recall',
  'source_hit',
  'route_accuracy',
  'refusal_recall',
  'false_refusal_rate',
  'hit_at_5',
  'mrr',
] as const;

export interface Summary {
  questions: number;
  pass_rate: number | null;
  numeric_em: number | null;
  keyword_recall: number | null;
  source_hit: number | null;
  route_accuracy: number | null;
  refusal_recall: number | null;
  false_refusal_rate: number | null;
  hit_at_5: number | null;
  mrr: number | null;
}

export function summarise(results: Result[]): Summary {
  const withNumbers = results.filter((r) => r.score.numbersTotal > 0);
  const withRoute = results.filter((r) => r.score.routeOk !== null);
  const withSource = results.filter((r) => r.score.sourceHit !== null);
  const unanswerable = results.filter((r) => r.kind === 'unanswerable');
  const answerable = results.filter((r) => r.kind !== 'unanswerable');
  const ranked = results.filter((r) => r.retrievalRank !== undefined);
  const kw = results.reduce((a, r) => [a[0]! + r.score.keywordsHit, a[1]! + r.score.keywordsTotal], [0, 0]);
  return {
    questions: results.length,
    pass_rate: rate(results.filter((r) => r.pass).length, results.length),
    numeric_em: rate(withNumbers.filter((r) => r.score.numbersHit === r.score.numbersTotal).length, withNumbers.length),
    keyword_recall: rate(kw[0]!, kw[1]!),
    source_hit: rate(withSource.filter((r) => r.score.sourceHit).length, withSource.length),
    route_accuracy: rate(withRoute.filter((r) => r.score.routeOk).length, withRoute.length),
    refusal_recall: rate(unanswerable.filter((r) => r.score.refused).length, unanswerable.length),
    false_refusal_rate: rate(answerable.filter((r) => r.score.refused).length, answerable.length),
    hit_at_5: rate(ranked.filter((r) => r.retrievalRank !== null && r.retrievalRank! <= 5).length, ranked.length),
    mrr: ranked.length
      ? Math.round(
          (ranked.reduce((a, r) => a + (r.retrievalRank ? 1 / r.retrievalRank : 0), 0) / ranked.length) * 10000,
        ) / 10000
      : null,
  };
}

export function latency(results: Result[]): Record<string, { n: number; p50: number | null; p95: number | null }> {
  const out: Record<string, { n: number; p50: number | null; p95: number | null }> = {};
  for (const route of [...new Set(results.map((r) => r.route))].sort()) {
    const ms = results.filter((r) => r.route === route).map((r) => r.ms);
    out[route] = { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95) };
  }
  const all = results.map((r) => r.ms);
  out.all = { n: all.length, p50: percentile(all, 50), p95: percentile(all, 95) };
  return out;
}

export function byKind(results: Result[]): Record<string, Summary> {
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  return Object.fromEntries(kinds.map((k) => [k, summarise(results.filter((r) => r.kind === k))]));
}
