/**
 * npm run bench:query -- [--reports 10000] [--db FILE] [--queries 500]
 * Builds (or reuses) a database of generated reports, then times in process, on one core:
 * retrieval (hybrid FTS5 + sqlite-vec search, no LLM) and the SQL route of `ask`.
 * Prints p50/p95 for each and index bytes per report.
 */
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFiles } from '../ingest/ingest-files.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { percentile } from '../../../../eval/metrics.ts';
import { ask } from '../../../qa/ask.ts';
import { search } from '../../../qa/search.ts';
import { openDatabase } from '../db.ts';
import { createNodeDeps } from '../deps.ts';
import { indexingFromEnv } from '../indexing.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const target = Number(arg('--reports', '10000'));
const queries = Number(arg('--queries', '500'));
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const dbPath = arg('--db', join(tmpdir(), `bench-query-${target}.db`));

if (!existsSync(dbPath)) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-query-files-'));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const t0 = performance.now();
  for await (const g of generateCorpus({
    seed: 7,
    orgs: Math.ceil(target / YEARS.length),
    years: YEARS,
    layouts: ['tabs'],
  })) {
    const p = join(dir, g.name);
    writeFileSync(p, g.bytes);
    files.push(p);
    if (files.length === target) break;
  }
  console.log(`generated ${files.length} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s; ingesting…`);
  const db = openDatabase(dbPath);
  const t1 = performance.now();
  await ingestFiles(db, files, await indexingFromEnv({}), (_, i) => {
    if ((i + 1) % 1000 === 0)
      console.log(`  ${i + 1}/${files.length} (${((i + 1) / ((performance.now() - t1) / 1000)).toFixed(0)} reports/s)`);
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const db = openDatabase(dbPath);
const deps = await createNodeDeps(db, {});
const corpus = await deps.corpus();
const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const reports = count('SELECT COUNT(*) AS n FROM reports');
const chunks = count('SELECT COUNT(*) AS n FROM chunks');
const bytes = (name: string) => count(`SELECT COALESCE(SUM(pgsize), 0) AS n FROM dbstat WHERE name LIKE '${name}%'`);
let dbstat = true;
try {
  bytes('chunks');
} catch {
  dbstat = false;
}

const orgs = corpus.orgs.map((o) => o.org);
const topics = [
  '平台建设',
  '存在的主要问题',
  '改进措施',
  '政策解读',
  '监督保障',
  '依申请公开',
  '政务新媒体',
  '业务培训',
  '信息公开专栏',
  '便民服务中心',
];
const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length]!;

const retrieval: number[] = [];
for (let i = 0; i < queries; i++) {
  const filtered = i % 2 === 0;
  const t = performance.now();
  await search(deps, `${pick(topics, i)}做了什么`, filtered ? { org: [pick(orgs, i)] } : {}, 6);
  retrieval.push(performance.now() - t);
}
const sqlQuestions = (i: number) =>
  [
    `${pick(orgs, i)}${pick(YEARS, i)}年行政处罚多少件？`,
    `${pick(YEARS, i)}年哪个镇收到的申请最多？`,
    `${pick(orgs, i)}近三年申请量变化`,
    `${pick(YEARS, i)}年各镇新收申请合计多少件`,
    `${pick(YEARS, i)}年行政许可排名前5的镇`,
    `${pick(orgs, i)}和${pick(orgs, i + 1)}${pick(YEARS, i)}年予以公开对比`,
  ][i % 6]!;
const sqlMs: number[] = [];
const byIntent = new Map<string, number[]>();
let notSql = 0;
for (let i = 0; i < queries; i++) {
  const t = performance.now();
  const a = await ask(deps, sqlQuestions(i));
  const ms = performance.now() - t;
  sqlMs.push(ms);
  const intent = (a.plan as { intent?: string } | undefined)?.intent ?? a.route;
  byIntent.set(intent, [...(byIntent.get(intent) ?? []), ms]);
  if (a.route !== 'sql') notSql++;
}
const fileBytes = statSync(dbPath).size;
console.log(`bench:query — ${reports} reports, ${chunks} chunks, ${queries} queries per route, one process`);
console.log(
  `retrieval (hybrid FTS5 + vectors, half filtered by org): p50 ${percentile(retrieval, 50)} ms, p95 ${percentile(retrieval, 95)} ms`,
);
console.log(
  `SQL route (ask end to end: lookup, max, trend, sum, rank, compare): p50 ${percentile(sqlMs, 50)} ms, p95 ${percentile(sqlMs, 95)} ms${notSql ? ` (${notSql} not routed to SQL!)` : ''}`,
);
console.log(
  `  by intent: ${[...byIntent].map(([k, xs]) => `${k} p50 ${percentile(xs, 50)} / p95 ${percentile(xs, 95)} ms`).join('; ')}`,
);
console.log(
  `database ${(fileBytes / 1048576).toFixed(0)} MB = ${(fileBytes / reports / 1024).toFixed(1)} KB per report`,
);
if (dbstat) {
  const idx = bytes('chunks') + bytes('chunk_vectors');
  console.log(`index (chunks + FTS5 + vectors): ${(idx / reports / 1024).toFixed(1)} KB per report`);
}
deps.close();
db.close();
