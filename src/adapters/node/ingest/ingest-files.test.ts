import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferIndexes, openDatabase, type DB } from '../db.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { exportReports } from '../export.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles, ingestUploads, listReportFiles } from './ingest-files.ts';
import { parseReport } from '../../../../ingest/pipeline.ts';
import { SAMPLES_DIR } from '../../../../ingest/test-support/gold.ts';
import { orgKey } from '../../../domain/org-names.ts';

describe('re-ingesting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reingest-'));
  const db = openDatabase(join(dir, 'r.db'));
  const indexing = await indexingFromEnv({});
  const file = join(dir, 'hmc.txt');
  copyFileSync(join(SAMPLES_DIR, '000_02e80cf19b94c8cc.txt'), file);
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('adds a new file, then treats identical content as a no-op', async () => {
    expect((await ingestFiles(db, [file], indexing))[0]!.outcome).toBe('added');
    const before = { reports: count('reports'), cells: count('cells'), chunks: count('chunks') };
    expect((await ingestFiles(db, [file], indexing))[0]!.outcome).toBe('unchanged');
    expect({ reports: count('reports'), cells: count('cells'), chunks: count('chunks') }).toEqual(before);
  });

  it('replaces the report of a changed file, index included, with nothing left of the old one', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('行政处罚\t1319', '行政处罚\t1320'));
    const chunks = count('chunks');
    expect((await ingestFiles(db, [file], indexing))[0]!.outcome).toBe('replaced');
    expect(count('reports')).toBe(1);
    expect(count('chunks')).toBe(chunks);
    expect((db.prepare('SELECT COUNT(*) AS n FROM chunks_fts').get() as { n: number }).n).toBe(chunks);
    expect(exportReports(db)[0]!.cells['t2.penalty.decisions']).toBe(1320);
  });

  it('replaces a report of the same org and year from another path, naming the file it replaced', async () => {
    const other = join(dir, 'sub', 'hmc-corrected.txt');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(other, readFileSync(file, 'utf8').replace('行政处罚\t1320', '行政处罚\t1321'));
    const [r] = await ingestFiles(db, [other], indexing);
    expect(r!.outcome).toBe('replaced');
    expect(r!.replaced).toContain(file);
    expect(count('reports')).toBe(1);
    rmSync(join(dir, 'sub'), { recursive: true });
  });

  it('lists report files in folders recursively, skipping other files', () => {
    writeFileSync(join(dir, 'notes.xlsx'), 'x');
    expect(listReportFiles([dir]).map((f) => f.replace(dir, ''))).toEqual(['/hmc.txt']);
    expect(listReportFiles([SAMPLES_DIR])).toHaveLength(5);
  });
});

describe('bulk loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
  const indexing = await indexingFromEnv({});
  const write = async (seed: number, n: number) => {
    const files: string[] = [];
    for await (const g of generateCorpus({
      seed,
      orgs: Math.ceil(n / 3),
      years: [2021, 2022, 2023],
      layouts: ['tabs'],
    })) {
      files.push(join(dir, `${seed}-${g.name}`));
      writeFileSync(files.at(-1)!, g.bytes);
      if (files.length === n) break;
    }
    return files;
  };
  const hasIndex = (db: DB) =>
    Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'cells_by_key'").get());
  const plan = (db: DB) =>
    (
      db
        .prepare("EXPLAIN QUERY PLAN SELECT report_id, value FROM cells WHERE key = 't3.new.total' AND year = 2022")
        .all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' ');

  it('build the aggregate index once at the end of a load that at least doubles the database, and keep it otherwise', async () => {
    const db = openDatabase(join(dir, 'bulk.db'));
    const during: boolean[] = [];
    const first = await write(1, 210);
    await ingestFiles(db, first, indexing, (_, i) => i === 100 && during.push(hasIndex(db)));
    expect(during).toEqual([false]);
    expect(hasIndex(db)).toBe(true);
    expect(plan(db)).toContain('cells_by_key');
    expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
    // The same files again: nothing new is written, so the index is never dropped.
    const again = await ingestFiles(db, first, indexing, (_, i) => i === 100 && during.push(hasIndex(db)));
    expect(new Set(again.map((r) => r.outcome))).toEqual(new Set(['unchanged']));
    expect(during).toEqual([false, true]);
    // 201 more files into 210 reports: the index stays and is kept up to date per report.
    await ingestFiles(db, await write(2, 201), indexing, (_, i) => i === 100 && during.push(hasIndex(db)));
    expect(during).toEqual([false, true, true]);
    const byIndex = db
      .prepare("SELECT COUNT(*) AS n FROM cells INDEXED BY cells_by_key WHERE key = 't3.new.total'")
      .get();
    expect(byIndex).toEqual(db.prepare("SELECT COUNT(*) AS n FROM cells NOT INDEXED WHERE key = 't3.new.total'").get());
    expect(byIndex).toEqual({ n: 411 });
    db.close();
  });

  it('stop after the files in hand when aborted, keeping what was written', async () => {
    const db = openDatabase(join(dir, 'aborted.db'));
    const stop = new AbortController();
    const results = await ingestFiles(db, await write(3, 210), indexing, () => stop.abort(), stop.signal);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(210);
    expect(db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: results.length });
    expect(hasIndex(db)).toBe(true);
    db.close();
  });

  it('rebuild an index a load left dropped (it stopped midway) when the database is next opened', () => {
    const path = join(dir, 'stopped.db');
    const db = openDatabase(path);
    deferIndexes(db);
    expect(hasIndex(db)).toBe(false);
    db.close();
    const reopened = openDatabase(path);
    expect(hasIndex(reopened)).toBe(true);
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
    reopened.close();
  });
});

describe('a report that fails half-written in a batch', async () => {
  it('leaves nothing of itself, and the reports around it are stored', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'halfway-')), 'h.db'));
    const files = listReportFiles([SAMPLES_DIR]);
    const parsed = await parseReport('x.txt', readFileSync(files[2]!));
    const victim = orgKey(parsed.org!, parsed.region, parsed.level);
    // Fails after its report, sections, cells and facts rows were inserted.
    db.exec(
      `CREATE TRIGGER fail_halfway BEFORE INSERT ON validation WHEN (SELECT org FROM reports WHERE id = NEW.report_id) = '${victim}' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`,
    );
    const results = await ingestFiles(db, files, await indexingFromEnv({}));
    expect(results.map((r) => r.outcome)).toEqual(['added', 'added', 'error', 'added', 'added']);
    expect(results[2]!.error).toContain('disk trouble');
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT COUNT(*) AS n FROM reports')).toBe(4);
    expect(n(`SELECT COUNT(*) AS n FROM reports WHERE org = '${victim}'`)).toBe(0);
    for (const table of ['sections', 'cells', 'facts', 'validation', 'chunks'])
      expect(n(`SELECT COUNT(*) AS n FROM ${table} WHERE report_id NOT IN (SELECT id FROM reports)`)).toBe(0);
    expect(n('SELECT COUNT(*) AS n FROM chunks_fts')).toBe(n('SELECT COUNT(*) AS n FROM chunks'));
    expect(n('SELECT COUNT(*) AS n FROM chunk_vectors')).toBe(
      n("SELECT COUNT(*) AS n FROM chunks WHERE kind = 'prose'"),
    );
    db.close();
  });
});

describe('uploads are known by their content and metadata, not their file name', async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'uploads-')), 'u.db'));
  const indexing = await indexingFromEnv({});
  const [a, b] = listReportFiles([SAMPLES_DIR]).map((f) => readFileSync(f));
  const name = '2023年政府信息公开工作年度报告.txt';
  const upload = async (bytes: Uint8Array, as = name) => (await ingestUploads(db, [{ name: as, bytes }], indexing))[0]!;
  const reports = () => db.prepare('SELECT COUNT(*) AS n FROM reports').get();

  it('keeps two different reports uploaded under the same name', async () => {
    expect((await upload(a!)).outcome).toBe('added');
    expect((await upload(b!)).outcome).toBe('added');
    expect(reports()).toEqual({ n: 2 });
  });

  it('treats identical bytes as unchanged, under any name', async () => {
    expect((await upload(a!, 'copy.txt')).outcome).toBe('unchanged');
    expect(reports()).toEqual({ n: 2 });
  });

  it('replaces the report of the same org and year, saying which', async () => {
    const parsed = await parseReport('a.txt', a!);
    const [org, year] = [orgKey(parsed.org!, parsed.region, parsed.level), parsed.year];
    const corrected = Buffer.from(a!.toString('utf8').replace('行政处罚\t1319', '行政处罚\t1320'));
    const r = await upload(corrected, 'corrected.txt');
    expect(r.outcome).toBe('replaced');
    expect(r.replaced).toContain(`${org} ${year}年`);
    expect(reports()).toEqual({ n: 2 });
    expect(exportReports(db).find((x) => x.org === org)!.cells['t2.penalty.decisions']).toBe(1320);
  });
});
