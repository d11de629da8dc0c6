import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { exportReports } from '../export.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles } from './ingest-files.ts';
import { goldCells, PINGTAN_GOLD_DIR, REAL_DIR, type Gold } from '../../../../ingest/test-support/gold.ts';

/**
 * 平潭 crawler dumps glue table digits together. Each exported number must be right; a cell the
 * parser could not split unambiguously must be NULL with a FAIL "unparsed" result naming it.
 */
describe('平潭 2019–2025 crawler dumps (glued table digits)', async () => {
  const indexing = await indexingFromEnv({});
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pingtan-')), 'r.db'));
  const golds = readdirSync(PINGTAN_GOLD_DIR).map(
    (f) => JSON.parse(readFileSync(join(PINGTAN_GOLD_DIR, f), 'utf8')) as Gold,
  );
  const results = await ingestFiles(
    db,
    golds.map((g) => join(REAL_DIR, g.file)),
    indexing,
  );
  const exported = new Map(exportReports(db).map((r) => [r.file, r]));
  const failedCells = (file: string) =>
    new Set(
      (
        db
          .prepare(
            "SELECT v.cells FROM validation v JOIN reports r ON r.id = v.report_id WHERE r.file = ? AND v.rule = 'unparsed' AND v.status = 'FAIL'",
          )
          .all(file) as { cells: string }[]
      ).flatMap((r) => JSON.parse(r.cells) as string[]),
    );

  it('ingests all seven without an error', () =>
    expect(results.map((r) => r.outcome)).toEqual(golds.map(() => 'added')));

  for (const gold of golds) {
    it(`${gold.file}: metadata`, () => {
      const got = exported.get(gold.file)!;
      expect({
        title: got.title,
        org: got.org,
        year: got.year,
        template: got.template,
        published: got.published,
      }).toEqual({
        title: gold.title,
        org: gold.org,
        year: gold.year,
        template: gold.template,
        published: gold.published,
      });
    });
    it(`${gold.file}: no wrong number — each cell right, or NULL with a FAIL "unparsed"`, () => {
      const got = exported.get(gold.file)!;
      const want = goldCells(gold);
      const unparsed = failedCells(gold.file);
      const wrong = Object.keys(want).filter(
        (k) => got.cells[k] !== want[k] && !(got.cells[k] === null && unparsed.has(k)),
      );
      expect(wrong.map((k) => `${k}: got ${got.cells[k]}, want ${want[k]}`)).toEqual([]);
      const read = Object.keys(want).filter((k) => got.cells[k] === want[k]).length;
      expect(read / Object.keys(want).length).toBeGreaterThan(0.9);
    });
  }

  it('reports the real T3.R2 inconsistency of 2020 (results add to 27, 总计 says 21)', () => {
    const r2 = exported.get('pingtan_2020_page.txt')!.validation.find((v) => v.rule === 'T3.R2')!;
    expect(r2.status).toBe('FAIL');
    expect(r2.message).toContain('21 ≠ 27');
    expect(r2.message).toContain('20 ≠ 26');
  });

  it('checks Y.R1 carry-over across the years and finds it holding', () => {
    const y = [...exported.values()]
      .filter((r) => r.year! > 2019)
      .map((r) => r.validation.find((v) => v.rule === 'Y.R1')?.status);
    expect(y).toEqual(new Array(6).fill('PASS'));
  });
});
