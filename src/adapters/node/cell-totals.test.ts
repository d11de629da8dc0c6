import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsedSample, SAMPLE_FILES } from '../../../ingest/test-support/samples.ts';
import { LEVELS } from '../../domain/catalogue.ts';
import { INTENTS, QueryPlanSchema, type QueryPlan } from '../../domain/query-plan.ts';
import type { ParsedReport } from '../../domain/types.ts';
import { compilePlan } from '../../qa/sql.ts';
import { cellTotalsOf } from '../../sqlite/migrations.ts';
import { openDatabase, type DB } from './db.ts';
import { deleteReport, writeReport } from './report-writer.ts';

/**
 * cell_totals (schema 13) is kept by the report writer: after every kind of write it must equal
 * the totals computed afresh from the cells, and the aggregates read from it must equal those
 * computed over the cells, row for row.
 */
const stored = (db: DB) => db.prepare('SELECT * FROM cell_totals ORDER BY key, year, level, template').raw().all();
const fresh = (db: DB) => db.prepare(cellTotalsOf()).raw().all();

/** A sample's cells under another org, year or level: a second real report of that shape. */
function variant(r: ParsedReport, n: number, change: Partial<ParsedReport>): ParsedReport {
  return { ...r, contentHash: `${r.contentHash}-${n}`, ...change };
}

describe('cell_totals: what the writer keeps equals the totals of the cells', () => {
  let db: DB;
  const samples = SAMPLE_FILES.map(parsedSample);
  beforeAll(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'cell-totals-')), 'db.sqlite'));
  });

  it('after inserts: the samples, and their cells under other orgs, years and no level', () => {
    for (const [i, f] of SAMPLE_FILES.entries()) writeReport(db, f, samples[i]!);
    samples.forEach((r, i) => {
      writeReport(db, `v${i}`, variant(r, i, { org: `${r.org}二`, year: 2021 }));
      writeReport(db, `w${i}`, variant(r, 10 + i, { org: `${r.org}三`, level: null, year: 2022 }));
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 15 });
    expect(stored(db).length).toBeGreaterThan(100);
    expect(stored(db)).toEqual(fresh(db));
  });

  it('after an org’s report is replaced by a corrected one with other values', () => {
    const r = samples[0]!;
    // Blank one filled cell and change another: NULL is never counted as 0.
    const filled = r.cells.filter((c) => c.value !== null);
    const cells = r.cells.map((c) =>
      c === filled[0]
        ? { ...c, value: null, status: 'blank' as const }
        : c === filled[1]
          ? { ...c, value: c.value! + 7.5 }
          : c,
    );
    expect(writeReport(db, 'corrected.txt', variant(r, 99, { cells })).outcome).toBe('replaced');
    expect(stored(db)).toEqual(fresh(db));
  });

  it('after deletions, leaving no row for a key and year no report has', () => {
    const ids = (db.prepare('SELECT id FROM reports WHERE year = 2022 ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
    for (const id of ids.slice(1)) db.transaction(() => deleteReport(db, id))();
    expect(stored(db)).toEqual(fresh(db));
    db.transaction(() => deleteReport(db, ids[0]!))();
    expect(stored(db)).toEqual(fresh(db));
    expect(db.prepare('SELECT COUNT(*) AS n FROM cell_totals WHERE year = 2022').get()).toEqual({ n: 0 });
  });

  it('a migration fills it from the cells as they are', () => {
    const before = stored(db);
    db.exec('DELETE FROM cell_totals');
    db.pragma('user_version = 12');
    const path = db.name;
    db.close();
    db = openDatabase(path);
    expect(stored(db)).toEqual(before);
  });

  /** Every aggregate plan cell_totals answers, over the keys below and each year stored (and one not). */
  const plans = (): QueryPlan[] => {
    const plan = (p: Partial<QueryPlan>): QueryPlan =>
      QueryPlanSchema.parse({ orgs: [], confidence: 1, notes: [], ...p });
    const metrics = ['t3.new', 't2.penalty.decisions', 't3.granted', 't2.fee.amount'];
    const years = (db.prepare('SELECT DISTINCT year FROM reports ORDER BY year').pluck().all() as number[]).concat(
      2030,
    );
    const out: QueryPlan[] = [];
    for (const intent of INTENTS.filter((i) => ['sum', 'avg', 'count', 'rank', 'max', 'min'].includes(i)))
      for (const metric of metrics)
        for (const year of years)
          for (const level of [undefined, ...LEVELS])
            for (const order of intent === 'rank' ? (['desc', 'asc'] as const) : [undefined])
              out.push(
                plan({ intent, metric, years: [year], ...(level ? { level } : {}), ...(order ? { order, k: 3 } : {}) }),
              );
    return out;
  };
  const totals = (c: ReturnType<typeof compilePlan>) => db.prepare(c.merge.totals!.sql).get(...c.merge.totals!.params);

  it('every aggregate of one key and year reads the same rows from it as from the cells', () => {
    let compared = 0;
    for (const p of plans()) {
      const fast = compilePlan(p);
      const general = compilePlan(p, { totals: false });
      expect(fast.sql).toContain('cell_totals');
      expect(general.sql).not.toContain('cell_totals');
      const run = (c: typeof fast) => db.prepare(c.sql).all(...c.params);
      expect(run(fast), JSON.stringify(p)).toEqual(run(general));
      expect(totals(fast), JSON.stringify(p)).toEqual(totals(general));
      compared += run(fast).length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  /** Two reports of one org, year, level and template, as schema 12's renaming could leave them. */
  let twin = 0;
  it('counts an org once when a database holds two of its reports of one year', () => {
    const [a, b] = db
      .prepare(
        "SELECT id, org FROM reports WHERE year = 2021 AND level = '乡镇/街道' AND template = '2021' ORDER BY id LIMIT 2",
      )
      .all() as { id: number; org: string }[];
    expect(b).toBeDefined();
    twin = b!.id;
    db.prepare('UPDATE reports SET org = ? WHERE id = ?').run(a!.org, twin);
    db.prepare('UPDATE cells SET org = ? WHERE report_id = ?').run(a!.org, twin);
    db.pragma('user_version = 12');
    const path = db.name;
    db.close();
    db = openDatabase(path);
    const orgs = db
      .prepare("SELECT orgs, reports FROM cell_totals WHERE key = 't3.new.total' AND year = 2021 AND template = '2021'")
      .get() as { orgs: number; reports: number };
    expect(orgs.orgs).toBe(orgs.reports - 1);
    expect(stored(db)).toEqual(fresh(db));
    // Which of two equal rows comes first is not defined either way: the totals are compared.
    for (const p of plans())
      expect(totals(compilePlan(p)), JSON.stringify(p)).toEqual(totals(compilePlan(p, { totals: false })));
  });

  it('after deleting one of the two reports of one org and year, the org still counts once', () => {
    db.transaction(() => deleteReport(db, twin))();
    expect(stored(db)).toEqual(fresh(db));
  });
});
