/**
 * npm run bench:query -- [--reports 10000] [--db FILE] [--queries 500] [--vectors N]
 * Builds (or reuses) a database of generated reports (the files kept in FILE.files), printing the
 * ingest rate of each tenth of the load; then times in process, on one core: retrieval (hybrid
 * FTS5 + vectors, no LLM), the SQL route of `ask`, and (vector-bench.ts) vector search over N
 * synthetic 1,024-dim vectors (default: as many as the corpus has chunks; 0 skips it). Prints
 * p50/p95 for each, index bytes per report, RSS, and the time a fresh process takes to its first
 * answer (--reports 0: the vector route alone). Put FILE where there is room: 100,000 reports take 6 GB, and their vectors 9 GB more.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../../../../eval/metrics.ts';
import { ask } from '../../../qa/ask.ts';
import { search } from '../../../qa/search.ts';
import { openDatabase } from '../db.ts';
import { createNodeDeps, type NodeDeps } from '../deps.ts';
import { indexingFromEnv } from '../indexing.ts';
import { cpuMs, mainThreadCpuMs, otherThreadsCpuMs } from './cpu.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const target = Number(arg('--reports', '10000'));
const queries = Number(arg('--queries', '500'));
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const pick = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length]!;
const dbPath = arg('--db', join(tmpdir(), `bench-query-${target}.db`));
// Imported when used: the process that times the first answer would load usearch, which no server does.
const vectorRoute = () => import('./vector-bench.ts');

/**
 * Generates the reports (kept in DB.files, so a rebuild skips this) and ingests them, printing
 * the rate of each tenth of the load: a load that slows as the file grows shows here.
 */
async function build(): Promise<void> {
  // Imported here: the parsers and the generator's document writers would load in the fresh
  // process that times the first answer.
  const { generateCorpus } = await import('../../../../eval/generator/corpus.ts');
  const { ingestFiles } = await import('../ingest/ingest-files.ts');
  const dir = `${dbPath}.files`;
  mkdirSync(dir, { recursive: true });
  let files = readdirSync(dir).map((f) => join(dir, f));
  if (files.length < target) {
    files = [];
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
    console.log(`generated ${files.length} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  files = files.sort().slice(0, target);
  console.log(`ingesting ${files.length} reports into ${dbPath}…`);
  const db = openDatabase(dbPath);
  const tenth = Math.max(1, Math.floor(files.length / 10));
  const rates: number[] = [];
  // CPU per report beside the rate: on a shared machine the rate also measures the neighbours.
  const cpu: number[] = [];
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  let mainMark = mainThreadCpuMs();
  await ingestFiles(db, files, await indexingFromEnv({}), (_, i) => {
    if ((i + 1) % tenth !== 0) return;
    const now = performance.now();
    rates.push(tenth / ((now - mark) / 1000));
    cpu.push(cpuMs(cpuMark) / tenth);
    const main = mainThreadCpuMs();
    const mainMs = main !== null && mainMark !== null ? `, main thread ${((main - mainMark) / tenth).toFixed(1)}` : '';
    mark = now;
    cpuMark = process.cpuUsage();
    mainMark = main;
    console.log(
      `  ${i + 1}/${files.length}: ${rates.at(-1)!.toFixed(0)} reports/s over the last ${tenth}; CPU ms per report ${cpu.at(-1)!.toFixed(1)}${mainMs}`,
    );
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (rates.length >= 2)
    console.log(
      `ingest: first tenth ${rates[0]!.toFixed(0)} reports/s, last tenth ${rates.at(-1)!.toFixed(0)} reports/s (${((rates.at(-1)! / rates[0]!) * 100).toFixed(0)}% of the first); CPU ms per report ${cpu[0]!.toFixed(1)} first, ${cpu.at(-1)!.toFixed(1)} last`,
    );
}

/** The SQL route's questions over the corpus's orgs, the same in every process that times them. */
const sqlQuestions = (orgs: string[], i: number) =>
  [
    `${pick(orgs, i)}${pick(YEARS, i)}年行政处罚多少件？`,
    `${pick(YEARS, i)}年哪个镇收到的申请最多？`,
    `${pick(orgs, i)}近三年申请量变化`,
    `${pick(YEARS, i)}年各镇新收申请合计多少件`,
    `${pick(YEARS, i)}年行政许可排名前5的镇`,
    `${pick(orgs, i)}和${pick(orgs, i + 1)}${pick(YEARS, i)}年予以公开对比`,
  ][i % 6]!;

interface SqlTimes {
  ms: number[];
  cpu: number[];
  byIntent: [string, { ms: number[]; cpu: number[] }][];
  notSql: number;
  backgroundMs: number | null;
}

/** Asks the SQL route's questions once each, timing every one (wall and CPU) and by intent. */
async function timeSql(deps: NodeDeps, orgs: string[]): Promise<SqlTimes> {
  const ms: number[] = [];
  const cpuTimes: number[] = [];
  const byIntent = new Map<string, { ms: number[]; cpu: number[] }>();
  let notSql = 0;
  const background = otherThreadsCpuMs();
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const a = await ask(deps, sqlQuestions(orgs, i));
    const cpu = cpuMs(c);
    cpuTimes.push(cpu);
    const took = performance.now() - t;
    ms.push(took);
    const intent = (a.plan as { intent?: string } | undefined)?.intent ?? a.route;
    const times = byIntent.get(intent) ?? { ms: [], cpu: [] };
    times.ms.push(took);
    times.cpu.push(cpu);
    byIntent.set(intent, times);
    if (a.route !== 'sql') notSql++;
  }
  const backgroundMs = background === null ? null : otherThreadsCpuMs()! - background;
  return { ms, cpu: cpuTimes, byIntent: [...byIntent], notSql, backgroundMs };
}

/** The SQL route's figures as printed, for the process that has just started and for the warmed one. */
function sqlLines(name: string, t: SqlTimes): string {
  return `${name}: p50 ${percentile(t.ms, 50)} ms, p95 ${percentile(t.ms, 95)} ms (CPU p50 ${percentile(t.cpu, 50)}, p95 ${percentile(t.cpu, 95)} ms)${t.notSql ? ` (${t.notSql} not routed to SQL!)` : ''}${t.backgroundMs === null ? '' : `; background threads ${t.backgroundMs.toFixed(0)} ms CPU meanwhile (V8 compiling, collecting)`}
  by intent: ${t.byIntent.map(([k, x]) => `${k} p50 ${percentile(x.ms, 50)} / p95 ${percentile(x.ms, 95)} ms (CPU ${percentile(x.cpu, 50)} / ${percentile(x.cpu, 95)})`).join('; ')}`;
}

if (process.argv.includes('--after-warm-up')) {
  // A fresh process that first warms up as the server does after it starts listening.
  const deps = await createNodeDeps(openDatabase(dbPath), {});
  const t = performance.now();
  const c = process.cpuUsage();
  const asked = await deps.warm();
  const warmUp = { asked, ms: performance.now() - t, cpu: cpuMs(c) };
  const times = await timeSql(
    deps,
    (await deps.corpus()).orgs.map((o) => o.org),
  );
  console.log(JSON.stringify({ warmUp, times }));
  process.exit(0);
}
if (process.argv.includes('--first-answer')) {
  // A fresh process: opens the file, builds what the first question needs, answers it.
  const db = openDatabase(dbPath);
  const deps = await createNodeDeps(db, {});
  const orgs = (await deps.corpus()).orgs;
  const a = await ask(deps, `${orgs[Math.floor(orgs.length / 2)]!.org}2021年行政处罚多少件？`);
  console.log(JSON.stringify({ ms: performance.now(), route: a.route }));
  process.exit(0);
}
if (target === 0) {
  // --reports 0: the vector route alone.
  const [n, cluster] = [arg('--vectors', '0'), arg('--cluster', '200')];
  await (await vectorRoute()).vectorBench(`${dbPath}.vectors-${n}-c${cluster}.db`, Number(n), Number(cluster));
  process.exit(0);
}
if (!existsSync(dbPath)) await build();

const startup = spawnSync(
  process.execPath,
  [...process.execArgv, import.meta.filename, '--first-answer', '--db', dbPath],
  { encoding: 'utf8' },
);
const first = JSON.parse(startup.stdout.trim().split('\n').at(-1) ?? '{}') as { ms?: number; route?: string };
const afterWarmUp = spawnSync(
  process.execPath,
  [...process.execArgv, import.meta.filename, '--after-warm-up', '--db', dbPath, '--queries', String(queries)],
  { encoding: 'utf8', maxBuffer: 1 << 26 },
);
const warmed = (() => {
  try {
    return JSON.parse(afterWarmUp.stdout.trim().split('\n').at(-1) ?? '') as {
      warmUp: { asked: number; ms: number; cpu: number };
      times: SqlTimes;
    };
  } catch {
    return null;
  }
})();
const db = openDatabase(dbPath);
const deps = await createNodeDeps(db, {});
const corpus = await deps.corpus();
const loadedRss = process.memoryUsage().rss;
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

const retrieval: number[] = [];
const retrievalCpu: number[] = [];
for (let i = 0; i < queries; i++) {
  const filtered = i % 2 === 0;
  const t = performance.now();
  const c = process.cpuUsage();
  await search(deps, `${pick(topics, i)}做了什么`, filtered ? { org: [pick(orgs, i)] } : {}, 6);
  retrievalCpu.push(cpuMs(c));
  retrieval.push(performance.now() - t);
}
const sql = await timeSql(deps, orgs);
const fileBytes = statSync(dbPath).size;
console.log(`bench:query — ${reports} reports, ${chunks} chunks, ${queries} queries per route, one process`);
console.log(
  `retrieval (hybrid FTS5 + vectors, half filtered by org): p50 ${percentile(retrieval, 50)} ms, p95 ${percentile(retrieval, 95)} ms (CPU p50 ${percentile(retrievalCpu, 50)}, p95 ${percentile(retrievalCpu, 95)} ms)`,
);
console.log(
  sqlLines(
    'SQL route (ask end to end: lookup, max, trend, sum, rank, compare), cold: the first SQL questions of a process',
    sql,
  ),
);
console.log(
  warmed
    ? `${sqlLines(`SQL route after the server's own warm-up (${warmed.warmUp.asked} questions of its own in idle time after start: ${(warmed.warmUp.ms / 1000).toFixed(1)} s, CPU ${(warmed.warmUp.cpu / 1000).toFixed(1)} s), in a fresh process`, warmed.times)}`
    : `SQL route after the warm-up: not given: ${afterWarmUp.stderr.slice(-300)}`,
);
console.log(
  `database ${(fileBytes / 1048576).toFixed(0)} MB = ${(fileBytes / reports / 1024).toFixed(1)} KB per report`,
);
if (dbstat) {
  const idx = bytes('chunks') + bytes('chunk_vectors');
  console.log(`index (chunks + FTS5 + vectors): ${(idx / reports / 1024).toFixed(1)} KB per report`);
}
console.log(
  `RSS after load ${(loadedRss / 1048576).toFixed(0)} MB, after the queries ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB; first answer ${first.ms ? `${(first.ms / 1000).toFixed(2)} s after its process started (${first.route})` : `not given: ${startup.stderr.slice(-300)}`}`,
);
deps.close();
db.close();
// The vector route: as many synthetic semantic vectors as the corpus has chunks, unless told.
const vectors = Number(arg('--vectors', String(chunks)));
if (vectors > 0) await (await vectorRoute()).vectorBench(`${dbPath}.vectors-${vectors}.db`, vectors);
