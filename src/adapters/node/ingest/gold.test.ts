import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../../domain/catalogue.ts';
import { orgKey } from '../../../domain/org-names.ts';
import { openDatabase } from '../db.ts';
import { exportReports } from '../export.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles } from './ingest-files.ts';
import { goldCells, goldFiles, loadGold, SAMPLES_DIR, REAL_DIR } from '../../../../ingest/test-support/gold.ts';

const META = ['title', 'org', 'region', 'level', 'year', 'template', 'published'] as const;

describe('ingest → export against gold files written by reading the reports', async () => {
  const indexing = await indexingFromEnv({});
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'gold-')), 'r.db'));
  const files = goldFiles().map((f) => (f.startsWith('huaian') ? join(REAL_DIR, f) : join(SAMPLES_DIR, f)));
  const results = await ingestFiles(db, files, indexing);
  const exported = new Map(exportReports(db).map((r) => [r.file, r]));

  it('ingests every gold report without error', () => {
    expect(results.filter((r) => r.outcome === 'error')).toEqual([]);
  });

  for (const file of goldFiles()) {
    const gold = loadGold(file);
    it(`${file}: metadata`, () => {
      const got = exported.get(file)!;
      // The gold holds the org as the report names it; the store keeps its identity, name and region.
      const want = { ...gold, org: gold.org && orgKey(gold.org, gold.region, gold.level as Level) };
      for (const k of META) expect({ field: k, value: got[k] }).toEqual({ field: k, value: want[k] });
    });
    it(`${file}: every canonical cell`, () => {
      const got = exported.get(file)!;
      const want = goldCells(gold);
      const checked = file.startsWith('huaian') ? Object.keys(want) : Object.keys(got.cells);
      if (!file.startsWith('huaian')) expect(Object.keys(got.cells).sort()).toEqual(Object.keys(want).sort());
      const wrong = checked
        .filter((k) => got.cells[k] !== want[k])
        .map((k) => `${k}: got ${got.cells[k]}, want ${want[k]}`);
      expect(wrong).toEqual([]);
    });
  }

  it('exports about 1,000 sample cells in all', () => {
    const sampleCells = [...exported.values()]
      .filter((r) => !r.file.startsWith('huaian'))
      .reduce((n, r) => n + Object.keys(r.cells).length, 0);
    expect(sampleCells).toBe(998);
  });
});
