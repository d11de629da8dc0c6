import { SingleBar } from 'cli-progress';
import { indexReport } from '../../retrieval/index-report.ts';
import { dbPathFromEnv, openDatabase, statement, type DB } from './db.ts';
import { indexingFromEnv, type Indexing } from './indexing.ts';
import { writeChunksOf } from './report-writer.ts';
import { SqliteStore } from './sqlite-store.ts';
import { bindEmbedder, unbindEmbedder } from './vector-index.ts';

/**
 * Re-chunks and re-embeds every report with the configured embedder (e.g. after switching to an
 * OpenAI-compatible endpoint): vectors of another embedder are dropped first, never mixed.
 * Each report's chunks are replaced in one transaction.
 */
export async function reindex(
  db: DB,
  indexing: Indexing,
  onReport?: (done: number, total: number) => void,
): Promise<number> {
  unbindEmbedder(db);
  bindEmbedder(db, indexing.embedder.info);
  const store = new SqliteStore(db);
  const ids = (statement(db, 'SELECT id FROM reports ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  indexing.segmenter.addWords(
    (await store.reports()).flatMap((r) => [r.org, r.region]).filter((w): w is string => Boolean(w)),
  );
  for (const [i, id] of ids.entries()) {
    const chunks = await indexReport(
      (await store.reportText(id))!,
      await store.sections(id),
      await store.cells(id),
      indexing.segmenter,
      indexing.embedder,
    );
    const info = (await store.report(id))!;
    writeChunksOf(db, id, { org: info.org, year: info.year }, chunks);
    onReport?.(i + 1, ids.length);
  }
  store.close();
  return ids.length;
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--db');
  const db = openDatabase(dbPathFromEnv(at >= 0 ? argv[at + 1] : undefined));
  const indexing = await indexingFromEnv();
  const bar = process.stdout.isTTY ? new SingleBar({ format: 'reindex {bar} {value}/{total}' }) : null;
  let started = false;
  const n = await reindex(db, indexing, (done, total) => {
    if (bar && !started) bar.start(total, 0);
    started = true;
    bar?.update(done);
  });
  bar?.stop();
  console.log(
    `reindexed ${n} reports with ${indexing.embedder.info.provider} ${indexing.embedder.info.model} (${indexing.embedder.info.dims} dims)`,
  );
  db.close();
  return 0;
}

if (process.argv[1]?.endsWith('reindex.ts')) process.exitCode = await main(process.argv.slice(2));
