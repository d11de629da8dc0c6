import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEval } from './cli.ts';

const floor = JSON.parse(readFileSync(new URL('./floor.json', import.meta.url), 'utf8')) as Record<string, number>;

/** The whole evaluation on the bundled corpus; CI fails when a score drops below the floor. */
describe('evaluation of every question set against its floor', async () => {
  const first = await runEval({});
  const second = await runEval({ questions: [] });

  it('runs at least 300 questions', () => expect(first.results.length).toBeGreaterThanOrEqual(300));

  for (const [metric, min] of Object.entries(floor)) {
    it(`${metric} ≥ ${min}`, () =>
      expect(first.report.overall[metric as keyof typeof first.report.overall]).toBeGreaterThanOrEqual(min));
  }

  it('cites exactly: every quote of every answer equals reportText.slice(start, end)', () => {
    const citations = first.results.reduce((n, r) => n + r.citations.length, 0);
    expect(citations).toBeGreaterThan(500);
    expect(first.results.filter((r) => !r.quotesExact).map((r) => r.id)).toEqual([]);
  });

  it('gives identical answers on a second run (determinism without an LLM)', () => {
    const strip = (rs: typeof first.results) =>
      rs.map((r) => ({ id: r.id, answer: r.answer, route: r.route, pass: r.pass }));
    expect(strip(second.results)).toEqual(strip(first.results));
  });
});
