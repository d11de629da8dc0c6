import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { exportReports } from '../export.ts';
import { deleteReport } from '../report-writer.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles } from './ingest-files.ts';
import { SAMPLES_DIR } from '../../../../ingest/test-support/gold.ts';
import { badInputs } from '../../../../ingest/test-support/malformed.ts';

describe('malformed inputs: a clear error or a warning each, never a crash or a half-written report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-'));
  const indexing = await indexingFromEnv({});
  const db = openDatabase(join(dir, 'r.db'));
  await ingestFiles(db, [join(SAMPLES_DIR, '000_02e80cf19b94c8cc.txt')], indexing);
  const cases = await badInputs();

  it('has at least 100 cases', () => expect(cases.length).toBeGreaterThanOrEqual(100));

  for (const c of cases) {
    it(`${c.name}: ${c.what}`, async () => {
      const path = join(dir, c.name);
      writeFileSync(path, typeof c.bytes === 'function' ? c.bytes() : c.bytes);
      const before = JSON.stringify(exportReports(db));
      const [r] = await ingestFiles(db, [path], indexing);
      if (r!.outcome === 'error') {
        expect(c.expect).not.toBe('warning');
        expect(r!.error!.length).toBeGreaterThan(8);
        expect(r!.error).not.toMatch(/unexpected error/);
        expect(JSON.stringify(exportReports(db))).toBe(before);
      } else {
        expect(c.expect).not.toBe('error');
        expect(r!.warnings.length + r!.failed).toBeGreaterThan(0);
        deleteReport(db, (db.prepare('SELECT id FROM reports WHERE path = ?').get(path) as { id: number }).id);
      }
    });
  }
});
