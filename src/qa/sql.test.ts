import { describe, expect, it } from 'vitest';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import { compilePlan, ROW_LIMIT } from './sql.ts';

const plan = (p: Partial<QueryPlan>): QueryPlan =>
  QueryPlanSchema.parse({ intent: 'lookup', orgs: [], years: [], confidence: 1, notes: [], ...p });
const HAN = /[\u4e00-\u9fff]/;
const placeholders = (sql: string) => (sql.match(/\?/g) ?? []).length;

describe('compilePlan: user text only in the parameters', () => {
  const cases: [string, QueryPlan][] = [
    ['lookup', plan({ metric: 't2.penalty.decisions', orgs: ['花马池镇'], years: [2021] })],
    ['lookup by region', plan({ metric: 't3.new', regions: ['盐池县'], years: [2021] })],
    ['rate', plan({ metric: 'd.completion_rate', orgs: ['南郊镇'] })],
    ['rank', plan({ intent: 'rank', metric: 't3.new', k: 3, order: 'desc' })],
    ['filter', plan({ intent: 'filter', metric: 't2.penalty.decisions', filter: { op: '>', value: 1000 } })],
    ['sum', plan({ intent: 'sum', metric: 't2.penalty.decisions', years: [2021, 2022] })],
    ['breakdown', plan({ intent: 'breakdown', breakdown: 'results', orgs: ['南郊镇'] })],
    ['quality', plan({ intent: 'quality', orgs: ['花马池镇'] })],
    ['count', plan({ intent: 'count', template: '2019', level: '乡镇/街道' })],
  ];

  for (const [name, p] of cases) {
    it(`${name}: no Chinese text in the SQL, one parameter per placeholder`, () => {
      const { sql, params } = compilePlan(p);
      expect(sql).not.toMatch(HAN);
      expect(placeholders(sql)).toBe(params.length);
      for (const o of p.orgs) expect(params).toContain(o);
      for (const r of p.regions ?? []) expect(params).toContain(r);
    });
  }

  it('a hostile org name is bound, never spliced', () => {
    const evil = "花马池镇'); DROP TABLE reports; --";
    const { sql, params } = compilePlan(plan({ metric: 't2.penalty.decisions', orgs: [evil] }));
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("'); ");
    expect(params).toContain(evil);
  });
});

describe('compilePlan: what the SQL asks', () => {
  it('a one-cell metric of named orgs: their reports by the (org, year) index, then each one’s cell by key', () => {
    const c = compilePlan(plan({ metric: 't2.penalty.decisions', orgs: ['花马池镇'], years: [2021] }));
    expect(c.keys).toEqual(['t2.penalty.decisions']);
    expect(c.params).toEqual(['t2.penalty.decisions', '花马池镇', 2021]);
    expect(c.sql).toContain(
      'FROM reports r CROSS JOIN cells c ON c.report_id = r.id AND c.key IN (?) WHERE r.org IN (?) AND r.year IN (?)',
    );
    expect(c.sql).toContain(`LIMIT ${ROW_LIMIT}`);
  });

  it('a level is read from the cells, never by joining the reports', () => {
    for (const intent of ['sum', 'max', 'rank'] as const) {
      const c = compilePlan(plan({ intent, metric: 't3.new', years: [2022], level: '乡镇/街道' }));
      expect(c.sql).toContain('c.level = ?');
      expect(c.sql).not.toMatch(/\breports r\b/);
      expect(c.params).toContain('乡镇/街道');
    }
  });

  it('a region joins the reports and matches by LIKE with a bound value', () => {
    const c = compilePlan(plan({ metric: 't2.penalty.decisions', regions: ['盐池县'] }));
    expect(c.sql).toContain('JOIN cells c ON c.report_id = r.id');
    expect(c.sql).toContain("r.region LIKE '%' || ? || '%'");
  });

  it('a metric of several cells is NULL unless every cell is there and filled', () => {
    const c = compilePlan(plan({ metric: 'd.completion_rate' }));
    expect(c.sql).toContain('COUNT(c.value) = COUNT(c.key)');
    expect(c.sql).toContain('NULLIF(');
    expect(c.keys.length).toBeGreaterThan(2);
  });

  it('rank binds k and filter binds its value, last', () => {
    expect(compilePlan(plan({ intent: 'rank', metric: 't3.new', k: 3 })).params.at(-1)).toBe(3);
    const f = compilePlan(plan({ intent: 'filter', metric: 't3.new', filter: { op: '!=', value: 0 } }));
    expect(f.params.at(-1)).toBe(0);
    expect(f.sql).toContain('WHERE value <> ?');
  });

  it('breakdown labels travel as parameters', () => {
    const c = compilePlan(plan({ intent: 'breakdown', breakdown: 'results' }));
    for (const label of ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'])
      expect(c.params).toContain(label);
  });

  it('a figure plan without a metric is an error, not a query', () => {
    expect(() => compilePlan(plan({ intent: 'max' }))).toThrow('plan has no metric for intent max');
  });
});
