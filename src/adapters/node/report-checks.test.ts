/** Store.reportChecks and failedChecks over SQLite, and over D1 the same: each report's failed rules and the tables read from it. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { D1Database, D1PreparedStatement } from '../cloudflare/bindings.ts';
import { D1Store } from '../cloudflare/d1-store.ts';
import { openDatabase, type DB } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';
import { ingestBytes } from './ingest/ingest-files.ts';
import { SAMPLES } from './sample-app.ts';

describe('SqliteStore.reportChecks', async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'checks-')), 'r.db'));
  const indexing = await indexingFromEnv({});
  const whole = readFileSync(join(SAMPLES, '003_795117ff85927c6d.txt'), 'utf8');
  // The same report without its table 四: from that section's heading to the next one.
  const from = whole.indexOf('四、政府信息公开行政复议');
  const to = whole.indexOf('五、', from);
  const cut = (whole.slice(0, from) + whole.slice(to)).replace('2021年度', '2022年度');
  await ingestBytes(db, 'whole.txt', 'whole.txt', new TextEncoder().encode(whole), indexing);
  await ingestBytes(db, 'cut.txt', 'cut.txt', new TextEncoder().encode(cut), indexing);
  const deps = await createNodeDeps(db, {});

  it('names the tables read and the rules failed, for the reports the filter picks', async () => {
    const reports = await deps.store.reports();
    const checks = await deps.store.reportChecks({});
    expect(checks.map((c) => c.reportId)).toEqual(reports.map((r) => r.id).sort((a, b) => a - b));
    const of = (file: string) => checks.find((c) => c.reportId === reports.find((r) => r.file === file)!.id)!;
    expect(of('whole.txt')).toMatchObject({ tables: ['t2', 't3', 't4'], failed: [] });
    expect(of('cut.txt').tables).toEqual(['t2', 't3']);
    expect(of('cut.txt').failed.map((f) => f.rule)).toContain('G.R3');
    const one = await deps.store.reportChecks({ year: [2022] });
    expect(one.map((c) => c.reportId)).toEqual([of('cut.txt').reportId]);
  });

  it('the D1 store reads the same checks through the same SQL', async () => {
    const d1 = new D1Store(d1Over(db));
    expect(await d1.reportChecks({})).toEqual(await deps.store.reportChecks({}));
    expect(await d1.reportChecks({ year: [2022] })).toEqual(await deps.store.reportChecks({ year: [2022] }));
  });

  it('failedChecks: the failed rules of several reports in one query, as each report’s validation gives them', async () => {
    const ids = (await deps.store.reports()).map((r) => r.id);
    const each = (
      await Promise.all(
        ids.map(async (id) =>
          (
            await deps.store.validation(id)
          )
            .filter((v) => v.status === 'FAIL')
            .map(({ rule, cells, message }) => ({ reportId: id, rule, cells, message })),
        ),
      )
    ).flat();
    expect(each.length).toBeGreaterThan(0);
    expect(await deps.store.failedChecks(ids)).toEqual(each);
    expect(await new D1Store(d1Over(db)).failedChecks(ids)).toEqual(each);
    expect(await deps.store.failedChecks([])).toEqual([]);
  });

  it('citedReports: several reports with their texts and the cells asked, as each report’s reads give them', async () => {
    const ids = (await deps.store.reports()).map((r) => r.id);
    const keys = ['t3.new.total', 't2.penalty.decisions', 't4.review.total', 'no.such.key'];
    const each = new Map();
    for (const id of ids)
      each.set(id, {
        info: await deps.store.report(id),
        text: await deps.store.reportText(id),
        cells: await deps.store.cells(id, keys),
      });
    expect([...each.values()].every((r) => r.cells.length === 3)).toBe(true);
    expect(await deps.store.citedReports(ids, keys)).toEqual(each);
    expect(await new D1Store(d1Over(db)).citedReports(ids, keys)).toEqual(each);
    expect((await deps.store.citedReports([ids[0]!, 99999], [])).get(ids[0]!)?.cells).toEqual([]);
  });
});

/** D1's prepare/bind/all over a better-sqlite3 connection: what D1Store asks of it, for reads. */
function d1Over(db: DB): D1Database {
  const statement = (sql: string, params: unknown[] = []): D1PreparedStatement => ({
    bind: (...values) => statement(sql, values),
    all: async <T>() => ({ results: db.prepare(sql).all(...params) as T[], success: true, meta: {} }),
    first: async <T>() => (db.prepare(sql).get(...params) as T | undefined) ?? null,
    run: async () => {
      throw new Error('reads only');
    },
  });
  return {
    prepare: (sql) => statement(sql),
    batch: async () => {
      throw new Error('reads only');
    },
  };
}
