/**
 * npm run bench:shards -- [--reports 2000] [--shards 4] [--queries 200]
 * The cost of answering over shards: the database `npm run bench:query -- --reports N` built is
 * cut into N SQLite shards (orgs dealt round-robin, as the export keeps every org whole), and the
 * same questions are asked of it and of a ShardedStore over the shards, in one process. Prints
 * p50/p95 per route for both and how many answers differ (none should).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../../../../eval/metrics.ts';
import type { Answer } from '../../../domain/types.ts';
import { embedderFromEnv } from '../../../llm/embeddings.ts';
import { ask, type AskDeps } from '../../../qa/ask.ts';
import { buildCorpusIndex } from '../../../qa/corpus.ts';
import { ShardedStore, ShardedVectorIndex } from '../../../retrieval/shards.ts';
import { openDatabase, type DB } from '../db.ts';
import { createNodeDeps } from '../deps.ts';
import { deleteReport } from '../report-writer.ts';
import { jiebaSegmenter } from '../segmenter.ts';
import { SqliteStore } from '../sqlite-store.ts';
import { SqliteVectorIndex } from '../vector-index.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const target = Number(arg('--reports', '2000'));
const count = Number(arg('--shards', '4'));
const queries = Number(arg('--queries', '200'));
const dbPath = arg('--db', join(tmpdir(), `bench-query-${target}.db`));
if (!existsSync(dbPath)) {
  console.error(`${dbPath} is missing: build it with npm run bench:query -- --reports ${target} (or pass --db FILE)`);
  process.exit(2);
}

const db = openDatabase(dbPath);
const reports = db.prepare('SELECT id, org FROM reports ORDER BY id').all() as { id: number; org: string | null }[];
const orgs = [...new Set(reports.map((r) => r.org))].sort();
const shardOf = (org: string | null) => orgs.indexOf(org) % count;
const dir = mkdtempSync(join(tmpdir(), 'bench-shards-'));
const t0 = performance.now();
const shards: DB[] = [];
for (let i = 0; i < count; i++) {
  const path = join(dir, `shard-${i}.db`);
  await db.backup(path);
  const shard = openDatabase(path);
  shard.transaction(() => {
    for (const r of reports) if (shardOf(r.org) !== i) deleteReport(shard, r.id);
  })();
  shards.push(shard);
}
// Every chunk's full-text row, for matches not limited to named orgs (here: a copy of the whole).
await db.backup(join(dir, 'search.db'));
const search = openDatabase(join(dir, 'search.db'));
console.log(`cut ${reports.length} reports into ${count} shards in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const single = await createNodeDeps(db, {});
const store = new ShardedStore(
  shards.map((s) => new SqliteStore(s)),
  new SqliteStore(search),
);
const segmenter = jiebaSegmenter();
const corpus = buildCorpusIndex(await store.reports());
const sharded: AskDeps = {
  store,
  vectors: new ShardedVectorIndex(shards.map((s) => new SqliteVectorIndex(s))),
  embeddings: (await embedderFromEnv({}, segmenter)).embeddings,
  segmenter,
  vectorMode: 'rescore',
  corpus: async () => corpus,
};

const names = corpus.orgs.map((o) => o.org);
const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length]!;
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const routes = {
  'SQL, one org': (i: number) => `${pick(names, i)}${pick(YEARS, i)}年行政处罚多少件？`,
  'SQL, every org (sum, rank, max)': (i: number) =>
    [
      `${pick(YEARS, i)}年各镇新收申请合计多少件`,
      `${pick(YEARS, i)}年行政许可排名前5的镇`,
      `${pick(YEARS, i)}年哪个镇收到的申请最多？`,
    ][i % 3]!,
  'retrieval, one org': (i: number) => `${pick(names, i)}政务新媒体做了什么`,
  'retrieval, every org': (i: number) => `${pick(['平台建设', '政策解读', '业务培训', '便民服务中心'], i)}做了什么`,
};
const timed = async (deps: AskDeps, q: string): Promise<[number, Answer]> => {
  const t = performance.now();
  const a = await ask(deps, q);
  return [performance.now() - t, a];
};
console.log(`bench:shards — ${reports.length} reports, ${count} shards, ${queries} questions per route, one process`);
for (const [route, question] of Object.entries(routes)) {
  const one: number[] = [];
  const many: number[] = [];
  let differ = 0;
  for (let i = 0; i < queries; i++) {
    const [a, x] = await timed(single, question(i));
    const [b, y] = await timed(sharded, question(i));
    one.push(a);
    many.push(b);
    const { timings: _x, ...xs } = x;
    const { timings: _y, ...ys } = y;
    if (JSON.stringify(xs) !== JSON.stringify(ys)) differ++;
  }
  console.log(
    `${route}: one database p50 ${percentile(one, 50)} / p95 ${percentile(one, 95)} ms; ${count} shards p50 ${percentile(many, 50)} / p95 ${percentile(many, 95)} ms; ${differ} answers differ`,
  );
}
single.close();
for (const s of [...shards, search]) s.close();
db.close();
