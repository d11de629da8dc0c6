import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsedSample, SAMPLE_FILES } from '../../../ingest/test-support/samples.ts';
import type { ParsedReport } from '../../domain/types.ts';
import { buildCorpusIndex } from '../../qa/corpus.ts';
import { REPORT_COLS, reportInfo, type StoredReport } from '../../retrieval/lexical.ts';
import { openDatabase, type DB } from './db.ts';
import { deleteReport, writeReport } from './report-writer.ts';
import { SqliteStore } from './sqlite-store.ts';

/**
 * store.reports() reads the corpus from the index of schema 14 alone: after every kind of write
 * it must give what the table's own rows give, and so the same corpus index.
 */
const fromTable = (db: DB) =>
  (
    db.prepare(`SELECT ${REPORT_COLS} FROM reports r NOT INDEXED ORDER BY r.org, r.year, r.id`).all() as StoredReport[]
  ).map(reportInfo);

function variant(r: ParsedReport, n: number, change: Partial<ParsedReport>): ParsedReport {
  return { ...r, contentHash: `${r.contentHash}-${n}`, ...change };
}

describe('SqliteStore.reports: the covering index gives what the table holds', () => {
  let db: DB;
  let store: SqliteStore;
  const samples = SAMPLE_FILES.map(parsedSample);
  const same = async () => {
    const read = await store.reports();
    expect(read).toEqual(fromTable(db));
    expect(JSON.stringify(buildCorpusIndex(read))).toBe(JSON.stringify(buildCorpusIndex(fromTable(db))));
  };
  beforeAll(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'store-reports-')), 'db.sqlite'));
    store = new SqliteStore(db);
  });

  it('reads every report from the index, without the rows', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT ${REPORT_COLS} FROM reports r WHERE 1 ORDER BY r.org, r.year`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SCAN r USING COVERING INDEX reports_org_year']);
  });

  it('after inserts, with aliases of their own, no org or no region', async () => {
    for (const [i, f] of SAMPLE_FILES.entries()) writeReport(db, f, samples[i]!);
    samples.forEach((r, i) => {
      writeReport(db, `v${i}`, variant(r, i, { year: 2019, aliases: [`${r.org}自称${i}`, '别名'] }));
      writeReport(db, `w${i}`, variant(r, 10 + i, { org: i % 2 ? null : `${r.org}二`, region: null, year: 2022 }));
    });
    expect((await store.reports()).length).toBe(15);
    expect((await store.reports()).some((r) => r.aliases.length === 2)).toBe(true);
    await same();
  });

  it('after a report is replaced and others deleted', async () => {
    const r = samples[0]!;
    expect(writeReport(db, 'corrected.txt', variant(r, 99, { title: `${r.title}（更正）` })).outcome).toBe('replaced');
    const ids = (await store.reports()).filter((x) => x.year === 2022).map((x) => x.id);
    for (const id of ids) deleteReport(db, id);
    expect((await store.reports()).length).toBe(15 - ids.length);
    await same();
  });

  it('a filter reads the same reports', async () => {
    const org = samples[1]!.org!;
    expect(await store.reports({ org: [org] })).toEqual(fromTable(db).filter((x) => x.org === org));
  });
});
