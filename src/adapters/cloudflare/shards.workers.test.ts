/**
 * The Worker over two local D1 shards (npm run test:workers): the sample corpus exported with
 * `--shard-by province --shards 2` into DB_0 and DB_1 with the search database in DB_SEARCH, each
 * shard's vectors in its own in-memory Vectorize. Every eval question is asked of it, of the Worker over the whole export in one D1
 * (DB), and compared with the Node build's answers (prepare-tests.ts).
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Turn } from '../../domain/types.ts';
import { splitSql } from '../../sqlite/sql-split.ts';
import type { D1Database, WorkerEnv } from './bindings.ts';
import { createWorkerDeps, type WorkerDeps } from './deps.ts';
import { MemoryVectorize, parseNdjson } from './fakes.ts';
import { jieba } from './jieba-workerd.ts';
import type { NodeAnswer } from './test-support/prepare-tests.ts';

const fx = env as unknown as {
  DB: D1Database;
  DB_0: D1Database;
  DB_1: D1Database;
  DB_SEARCH: D1Database;
  FIXTURE_SQL: string;
  FIXTURE_SEARCH_SQL: string;
  FIXTURE_VECTORS: string;
  FIXTURE_VECTORS_FILE: string;
  FIXTURE_SHARD_SQL: string;
  FIXTURE_SHARD_VECTORS: string;
  FIXTURE_ANSWERS: string;
};
const nodeAnswers = JSON.parse(fx.FIXTURE_ANSWERS) as NodeAnswer[];
const shardSql = JSON.parse(fx.FIXTURE_SHARD_SQL) as string[];
const shardVectors = JSON.parse(fx.FIXTURE_SHARD_VECTORS) as string[];
const dims = Number(/\.(\d+)d\.ndjson$/.exec(fx.FIXTURE_VECTORS_FILE)?.[1]);

const comparable = (a: Answer) => {
  const { timings: _t, ...rest } = a;
  return JSON.stringify(rest);
};

async function load(db: D1Database, sql: string): Promise<void> {
  const statements = splitSql(sql);
  for (let i = 0; i < statements.length; i += 20) await db.batch(statements.slice(i, i + 20).map((s) => db.prepare(s)));
}

async function vectorize(ndjson: string): Promise<MemoryVectorize> {
  const index = new MemoryVectorize(dims);
  const vs = parseNdjson(ndjson);
  for (let i = 0; i < vs.length; i += 1000) await index.insert(vs.slice(i, i + 1000));
  return index;
}

/** A D1 binding that counts the statements it is given: all, and those that read cells (plan queries). */
function counted(db: D1Database): { db: D1Database; cellReads: () => number; queries: () => number } {
  let cells = 0;
  let all = 0;
  return {
    db: {
      prepare: (s: string) => {
        all++;
        if (/\b(?:FROM|JOIN) cells\b/.test(s)) cells++;
        return db.prepare(s);
      },
      batch: (ss) => db.batch(ss),
    },
    cellReads: () => cells,
    queries: () => all,
  };
}

async function answerAll(deps: WorkerDeps): Promise<Map<string, Answer>> {
  const out = new Map<string, Answer>();
  for (const q of nodeAnswers) {
    const history: Turn[] = [];
    for (const h of q.history ?? []) {
      const a = await deps.answer(h, history);
      history.push({ role: 'user', content: h }, { role: 'assistant', content: a.answer });
    }
    out.set(`${q.set}:${q.id}`, await deps.answer(q.question, history));
  }
  return out;
}

beforeAll(async () => {
  expect(shardSql.length).toBe(2);
  await load(fx.DB, fx.FIXTURE_SQL);
  await load(fx.DB_0, shardSql[0]!);
  await load(fx.DB_1, shardSql[1]!);
  await load(fx.DB_SEARCH, fx.FIXTURE_SEARCH_SQL);
});

describe('the Worker over two D1 shards', () => {
  it('holds the corpus once over the shards, and sends a question about one org to its shard only', async () => {
    const count = async (db: D1Database) =>
      (await db.prepare('SELECT COUNT(*) AS n FROM reports').first<{ n: number }>())!.n;
    const [n0, n1] = [await count(fx.DB_0), await count(fx.DB_1)];
    expect(n0).toBeGreaterThan(0);
    expect(n1).toBeGreaterThan(0);
    expect(n0 + n1).toBe(await count(fx.DB));

    const [s0, s1] = [counted(fx.DB_0), counted(fx.DB_1)];
    const deps = createWorkerDeps(
      { SHARDS: '2', DB_0: s0.db, DB_1: s1.db, DB_SEARCH: fx.DB_SEARCH, EMBEDDINGS: 'off' } as WorkerEnv,
      jieba,
    );
    const home = (await fx.DB_0.prepare("SELECT COUNT(*) AS n FROM reports WHERE org = '盐池县花马池镇'").first<{
      n: number;
    }>())!.n
      ? s0
      : s1;
    const other = home === s0 ? s1 : s0;
    await deps.answer('花马池镇2021年行政处罚多少件？', []);
    const before = [home.cellReads(), other.cellReads()];
    const a = await deps.answer('花马池镇2021年行政许可收到多少件申请？', []);
    expect(a.route).toBe('sql');
    expect(home.cellReads()).toBeGreaterThan(before[0]!);
    expect(other.cellReads()).toBe(before[1]);
    // A question over every org reads both.
    await deps.answer('各镇行政处罚合计多少件？', []);
    expect(other.cellReads()).toBeGreaterThan(before[1]!);
  });

  it('answers every eval question as the one-database Worker and the Node build do', async () => {
    const [v0, v1] = [await vectorize(shardVectors[0]!), await vectorize(shardVectors[1]!)];
    const [d0, d1, ds, d] = [counted(fx.DB_0), counted(fx.DB_1), counted(fx.DB_SEARCH), counted(fx.DB)];
    const sharded = createWorkerDeps(
      {
        SHARDS: '2',
        DB_0: d0.db,
        DB_1: d1.db,
        DB_SEARCH: ds.db,
        VECTORIZE_0: v0,
        VECTORIZE_1: v1,
        EMBEDDINGS: 'local-hashed',
      },
      jieba,
    );
    const single = createWorkerDeps(
      { DB: d.db, VECTORIZE: await vectorize(fx.FIXTURE_VECTORS), EMBEDDINGS: 'local-hashed' },
      jieba,
    );
    const t0 = performance.now();
    const got = await answerAll(sharded);
    const t1 = performance.now();
    const one = await answerAll(single);
    const t2 = performance.now();
    expect(v0.queries + v1.queries).toBeGreaterThan(0);

    const key = (q: NodeAnswer) => `${q.set}:${q.id}`;
    const node = (q: NodeAnswer) => JSON.stringify(q.answer);
    const sameAsOne = nodeAnswers.filter((q) => comparable(got.get(key(q))!) === comparable(one.get(key(q))!));
    const sameAsNode = nodeAnswers.filter((q) => comparable(got.get(key(q))!) === node(q));
    const oneAsNode = nodeAnswers.filter((q) => comparable(one.get(key(q))!) === node(q));
    const bySet = (qs: NodeAnswer[]) =>
      [...new Set(nodeAnswers.map((q) => q.set))]
        .map((s) => `${s} ${qs.filter((q) => q.set === s).length}/${nodeAnswers.filter((q) => q.set === s).length}`)
        .join(', ');
    console.log(
      `2 shards: ${sameAsOne.length}/${nodeAnswers.length} answers identical to the one-D1 Worker; ` +
        `${sameAsNode.length}/${nodeAnswers.length} identical to Node (${bySet(sameAsNode)}); ` +
        `one D1: ${oneAsNode.length}/${nodeAnswers.length} identical to Node. ` +
        `D1 queries per eval question (with its history): shards ${((d0.queries() + d1.queries() + ds.queries()) / got.size).toFixed(1)} (${[d0, d1, ds].map((x) => (x.queries() / got.size).toFixed(1)).join(' + ')} search), one D1 ${(d.queries() / one.size).toFixed(1)}. ` +
        `Time: shards ${Math.round(t1 - t0)} ms, one D1 ${Math.round(t2 - t1)} ms`,
    );
    expect(nodeAnswers.length).toBeGreaterThan(400);
    expect(nodeAnswers.filter((q) => !sameAsOne.includes(q)).map(key)).toEqual([]);
    // Where the one-database Worker gives Node's answer, so do the shards.
    expect(oneAsNode.filter((q) => !sameAsNode.includes(q)).map(key)).toEqual([]);
    // 822 answers and their follow-ups' history, one after another: minutes on a busy machine.
  }, 600_000);
});
