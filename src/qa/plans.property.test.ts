import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { exportReports, type ExportedReport } from '../adapters/node/export.ts';
import { TEMPLATES, type Level, type TemplateVersion } from '../domain/catalogue.ts';
import { APPLICANT_COLUMNS, METRICS, metricKeys } from '../domain/metrics.ts';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import { compilePlan, SUM_ROWS } from './sql.ts';

/**
 * 1,000 random plans over the generated multi-year corpus: what the compiled SQL returns equals
 * the same figure computed in plain TypeScript from `npm run export`'s JSON.
 */
describe('plan → SQL equals plain TypeScript over the export', async () => {
  const db = await generatedDb(mkdtempSync(join(tmpdir(), 'plans-')));
  const deps = await createNodeDeps(db, {});
  const reports = exportReports(db);
  const ids = new Map(
    (db.prepare('SELECT id, file FROM reports').all() as { id: number; file: string }[]).map((r) => [r.file, r.id]),
  );
  const orgs = [...new Set(reports.map((r) => r.org!))];
  const years = [...new Set(reports.map((r) => r.year!))];
  const levels = [...new Set(reports.map((r) => r.level).filter((l): l is Level => l !== null))];
  const metrics = METRICS.filter((m) => !m.id.startsWith('t2.') || m.keys['2021']);

  const planArb = fc
    .record({
      intent: fc.constantFrom('lookup', 'sum', 'avg', 'rank', 'max', 'min', 'filter', 'compare', 'trend', 'count'),
      metric: fc.constantFrom(...metrics.map((m) => m.id)),
      applicant: fc.option(fc.constantFrom(...APPLICANT_COLUMNS.map((a) => a.id)), { nil: undefined }),
      orgs: fc.subarray(orgs, { maxLength: 4 }),
      years: fc.subarray(years, { maxLength: 3 }),
      template: fc.option(fc.constantFrom(...TEMPLATES), { nil: undefined }),
      level: fc.option(fc.constantFrom(...levels), { nil: undefined }),
      latest: fc.boolean(),
      k: fc.integer({ min: 1, max: 8 }),
      order: fc.constantFrom('asc', 'desc'),
      filter: fc.record({
        op: fc.constantFrom('=', '!=', '>', '>=', '<', '<='),
        value: fc.integer({ min: 0, max: 60 }),
      }),
    })
    .map((p): QueryPlan => {
      const m = METRICS.find((x) => x.id === p.metric)!;
      return QueryPlanSchema.parse({
        intent: p.intent,
        ...(p.intent === 'count' ? {} : { metric: p.metric }),
        ...(m.byApplicant && p.applicant ? { applicant: p.applicant } : {}),
        orgs: p.orgs,
        years: p.years,
        ...(p.template ? { template: p.template } : {}),
        ...(p.level ? { level: p.level } : {}),
        ...(p.latest ? { latest: true } : {}),
        ...(p.intent === 'rank' ? { k: p.k, order: p.order } : {}),
        ...(p.intent === 'filter' ? { filter: p.filter } : {}),
        confidence: 1,
        notes: [],
      });
    });

  const selected = (plan: QueryPlan) =>
    reports.filter(
      (r) =>
        (!plan.orgs.length || plan.orgs.includes(r.org!)) &&
        (!plan.years.length || plan.years.includes(r.year!)) &&
        (!plan.template || r.template === plan.template) &&
        (!plan.level || r.level === plan.level),
    );
  const expectedValue = (plan: QueryPlan, r: ExportedReport): { has: boolean; value: number | null } => {
    const m = METRICS.find((x) => x.id === plan.metric)!;
    const { keys, per } = metricKeys(m, r.template as TemplateVersion, plan.applicant);
    if (keys.length === 0) return { has: false, value: null };
    const sum = (ks: string[]) =>
      ks.some((k) => r.cells[k] === null || r.cells[k] === undefined) ? null : ks.reduce((a, k) => a + r.cells[k]!, 0);
    const num = sum(keys);
    if (!per.length) return { has: true, value: num };
    const den = sum(per);
    return {
      has: true,
      value: num === null || den === null || den === 0 ? null : Math.round((10000 * num) / den) / 100,
    };
  };
  const close = (a: unknown, b: unknown) =>
    a === null || b === null ? a === b : Math.abs(Number(a) - Number(b)) < 1e-6;

  it('holds for 1,000 random plans', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const { sql, params } = compilePlan(plan);
        const rows = await deps.store.query(sql, params);
        if (plan.intent === 'count') {
          expect(rows.length).toBe(selected(plan).length);
          return;
        }
        const per = selected(plan)
          .map((r) => ({ id: ids.get(r.file)!, org: r.org!, year: r.year!, ...expectedValue(plan, r) }))
          .filter((r) => r.has)
          // `latest`: each org's newest report among those that have the metric.
          .filter(
            (r, _, all) =>
              !plan.latest || r.year === Math.max(...all.filter((x) => x.org === r.org).map((x) => x.year)),
          )
          .sort((a, b) => a.org.localeCompare(b.org) || a.year - b.year);
        const got = rows.map((r) => ({ id: r.report_id as number, value: r.value as number | null }));
        const ordered = (xs: typeof per) => xs.map((x) => ({ id: x.id, value: x.value }));
        const nonNull = per.filter((r) => r.value !== null);
        const byValue = (dir: number) =>
          [...nonNull].sort(
            (a, b) => dir * (a.value! - b.value!) || (a.org < b.org ? -1 : a.org > b.org ? 1 : a.year - b.year),
          );
        switch (plan.intent) {
          case 'sum':
          case 'avg': {
            // Totals over every report; rows: the largest (at most SUM_ROWS), blanks last.
            expect(got.length).toBe(Math.min(per.length, SUM_ROWS));
            expect(got.map((g) => g.value)).toEqual(
              [...per.map((p) => p.value)]
                .sort((a, b) => (a === null ? 1 : b === null ? -1 : b - a))
                .slice(0, SUM_ROWS),
            );
            if (rows.length) {
              expect(rows[0]!.reports).toBe(per.length);
              expect(rows[0]!.org_count).toBe(new Set(per.map((r) => r.org)).size);
              expect(rows[0]!.first_year).toBe(Math.min(...per.map((r) => r.year)));
              expect(rows[0]!.last_year).toBe(Math.max(...per.map((r) => r.year)));
              expect(rows[0]!.valued_count).toBe(nonNull.length);
              const total = nonNull.length ? nonNull.reduce((a, r) => a + r.value!, 0) : null;
              expect(close(rows[0]!.total, total)).toBe(true);
              expect(rows[0]!.counted).toBe(nonNull.length);
              if (total !== null)
                expect(close(rows[0]!.average, Math.round((total / nonNull.length) * 100) / 100)).toBe(true);
            }
            break;
          }
          case 'rank': {
            const want = byValue(plan.order === 'asc' ? 1 : -1).slice(0, plan.k);
            expect(got.map((g) => g.value)).toEqual(want.map((w) => w.value));
            break;
          }
          case 'max':
          case 'min': {
            const best = nonNull.length
              ? (plan.intent === 'max' ? Math.max : Math.min)(...nonNull.map((r) => r.value!))
              : null;
            expect(got.map((g) => g.id).sort()).toEqual(
              nonNull
                .filter((r) => close(r.value, best))
                .map((r) => r.id)
                .sort(),
            );
            break;
          }
          case 'filter': {
            const f = plan.filter!;
            const keep = (v: number) =>
              ({
                '=': v === f.value,
                '!=': v !== f.value,
                '>': v > f.value,
                '>=': v >= f.value,
                '<': v < f.value,
                '<=': v <= f.value,
              })[f.op];
            expect(got.map((g) => g.id).sort()).toEqual(
              nonNull
                .filter((r) => keep(r.value!))
                .map((r) => r.id)
                .sort(),
            );
            break;
          }
          default:
            expect(got.length).toBe(per.length);
            got.forEach((g, i) => {
              expect(g.id).toBe(ordered(per)[i]!.id);
              expect(close(g.value, per[i]!.value)).toBe(true);
            });
        }
      }),
      { numRuns: 1000, seed: 20261122 },
    );
  });
});
