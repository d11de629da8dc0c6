import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/node/db.ts';
import { exportReports } from '../src/adapters/node/export.ts';
import { indexingFromEnv } from '../src/adapters/node/indexing.ts';
import { ingestFiles, listReportFiles } from './ingest-files.ts';
import { SAMPLES_DIR } from './test-support/gold.ts';

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

  it('lists report files in folders recursively, skipping other files', () => {
    writeFileSync(join(dir, 'notes.xlsx'), 'x');
    expect(listReportFiles([dir]).map((f) => f.replace(dir, ''))).toEqual(['/hmc.txt']);
    expect(listReportFiles([SAMPLES_DIR])).toHaveLength(5);
  });
});
