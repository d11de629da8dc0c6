/** For tests: the HTTP app over a fresh database holding the bundled sample corpus. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestBytes, ingestFiles, listReportFiles } from './ingest/ingest-files.ts';
import { ask } from '../../qa/ask.ts';
import { createApp, type AppDeps } from '../../server/app.ts';
import { openDatabase, type DB } from './db.ts';
import { createNodeDeps } from './deps.ts';
import { indexingFromEnv } from './indexing.ts';

export const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'corpus', 'samples');

export async function sampleApp(): Promise<{
  db: DB;
  make: (extra?: Partial<AppDeps>) => ReturnType<typeof createApp>;
}> {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'api-')), 'r.db'));
  const indexing = await indexingFromEnv({});
  await ingestFiles(db, listReportFiles([SAMPLES]), indexing);
  const deps = await createNodeDeps(db, {});
  const make = (extra: Partial<AppDeps> = {}) =>
    createApp({
      answer: (q, h) => ask(deps, q, h),
      store: deps.store,
      ingest: async (files) =>
        Promise.all(
          files.map(async (f) => {
            const r = await ingestBytes(db, `upload:${f.name}`, f.name, f.bytes, indexing);
            return { file: f.name, outcome: r.outcome, ...(r.error ? { error: r.error } : {}), warnings: r.warnings };
          }),
        ),
      adminToken: 'secret',
      limits: { askPerMinute: 0, bodyBytes: 4096 },
      ...extra,
    });
  return { db, make };
}
