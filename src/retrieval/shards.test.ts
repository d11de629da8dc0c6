import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDb, ROOT, sampleDb } from '../../eval/corpora.ts';
import { loadQuestions } from '../../eval/runner.ts';
import { planShards, parseShardBy } from '../adapters/cloudflare/shard-plan.ts';
import { openDatabase, type DB } from '../adapters/node/db.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { deleteReport } from '../adapters/node/report-writer.ts';
import { jiebaSegmenter } from '../adapters/node/segmenter.ts';
import { SqliteStore } from '../adapters/node/sqlite-store.ts';
import { SqliteVectorIndex } from '../adapters/node/vector-index.ts';
import { TEMPLATES } from '../domain/catalogue.ts';
import { METRICS } from '../domain/metrics.ts';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import type { Answer, Turn } from '../domain/types.ts';
import { embedderFromEnv } from '../llm/embeddings.ts';
import { ask, type AskDeps } from '../qa/ask.ts';
import { buildCorpusIndex } from '../qa/corpus.ts';
import { compilePlan } from '../qa/sql.ts';
import { compareSql, roundSql } from './merge-rows.ts';
import { ShardedStore, ShardedVectorIndex } from './shards.ts';

/**
 * The eval's questions asked of two SQLite shards through ShardedStore and of the one database
 * they were cut from: the answers must be the same, word for word (answer, route, plan, SQL,
 * rows, citations). Shards are cut as `export:d1 --shard-by … --shards 2` cuts them.
 */

const SAMPLE_SETS = ['numeric', 'narrative', 'facts', 'list', 'unanswerable', 'followups'].map((s) =>
  join(ROOT, 'eval', 'questions', `${s}.jsonl`),
);
const GENERATED_SETS = [
  join(ROOT, 'eval', 'generated', 'questions.jsonl'),
  join(ROOT, 'eval', 'holdout', 'aggregates.jsonl'),
];

/** Copies of `db`, each keeping the reports the shard plan gives it. */
async function cut(db: DB, dir: string, shardBy: string): Promise<DB[]> {
  const reports = db.prepare('SELECT id, org, region, year, LENGTH(text) AS bytes FROM reports').all() as Parameters<
    typeof planShards
  >[0];
  const plan = planShards(reports, parseShardBy(shardBy), { count: 2 });
  expect(plan.shards.length).toBe(2);
  expect(plan.shards.every((s) => s.reports > 0)).toBe(true);
  return Promise.all(
    plan.shards.map(async (_, i) => {
      const path = join(dir, `shard-${i}.db`);
      await db.backup(path);
      const shard = openDatabase(path);
      for (const r of reports) if (plan.shardOf.get(r.id) !== i) deleteReport(shard, r.id);
      return shard;
    }),
  );
}

/**
 * The shards as one store. `search` holds every chunk's full-text row: on Node that is a copy of
 * the whole database (its FTS index is nodejieba's; the D1 export's search database is
 * jieba-wasm's, as its shards are).
 */
async function shardedDeps(shards: DB[], search: DB): Promise<AskDeps & { store: ShardedStore<SqliteStore> }> {
  const store = new ShardedStore(
    shards.map((db) => new SqliteStore(db)),
    new SqliteStore(search),
  );
  const segmenter = jiebaSegmenter();
  const embedder = await embedderFromEnv({}, segmenter);
  const reports = await store.reports();
  segmenter.addWords(reports.flatMap((r) => [r.org, r.region]).filter((w): w is string => Boolean(w)));
  const corpus = buildCorpusIndex(reports);
  return {
    store,
    vectors: new ShardedVectorIndex(shards.map((db) => new SqliteVectorIndex(db))),
    embeddings: embedder.embeddings,
    segmenter,
    vectorMode: 'rescore',
    corpus: async () => corpus,
  };
}

/** Every question of the sets (follow-ups after their history), as JSON without timings. */
async function answers(deps: AskDeps, sets: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const set of sets) {
    for (const q of loadQuestions(set)) {
      const history: Turn[] = [];
      for (const h of q.history ?? []) {
        const a = await ask(deps, h, history);
        history.push({ role: 'user', content: h }, { role: 'assistant', content: a.answer });
      }
      const { timings: _t, ...a }: Answer = await ask(deps, q.question, history);
      out.set(`${set.split('/').at(-1)}:${q.id}`, JSON.stringify(a));
    }
  }
  return out;
}

async function parity(db: DB, sets: string[], shardBy: string) {
  const single = await createNodeDeps(db, {});
  const dir = mkdtempSync(join(tmpdir(), 'shards-'));
  const shards = await cut(db, dir, shardBy);
  await db.backup(join(dir, 'search.db'));
  const sharded = await shardedDeps(shards, openDatabase(join(dir, 'search.db')));
  const t0 = performance.now();
  const want = await answers(single, sets);
  const t1 = performance.now();
  const got = await answers(sharded, sets);
  const t2 = performance.now();
  const differ = [...want]
    .filter(([id, a]) => got.get(id) !== a)
    .map(([id, a]) => `${id}\n  one: ${a}\n  two: ${got.get(id)}`);
  console.log(
    `${shardBy}: ${want.size - differ.length}/${want.size} answers identical over 2 shards (one database ${Math.round(t1 - t0)} ms, shards ${Math.round(t2 - t1)} ms)`,
  );
  return { single, sharded, differ, size: want.size };
}

describe('two SQLite shards answer the eval exactly as one database', () => {
  it('the sample corpus (each county its own group), every question set', async () => {
    const db = await sampleDb(mkdtempSync(join(tmpdir(), 'shards-')));
    const { differ, size, single } = await parity(db, SAMPLE_SETS, 'province');
    single.close();
    expect(size).toBeGreaterThan(400);
    expect(differ).toEqual([]);
  });

  it('two towns of one name in two counties: each whole in its own shard, each answered as itself', async () => {
    const db = await sampleDb(mkdtempSync(join(tmpdir(), 'shards-')), [
      join(ROOT, 'eval', 'holdout', 'counties', 'corpus'),
    ]);
    const towns = db.prepare('SELECT id, org, region, year, LENGTH(text) AS bytes FROM reports').all() as Parameters<
      typeof planShards
    >[0];
    const plan = planShards(towns, parseShardBy('province'), { count: 2 });
    const shardOf = (org: string) => new Set(towns.filter((r) => r.org === org).map((r) => plan.shardOf.get(r.id)));
    expect([...shardOf('盐池县新集镇')]).toHaveLength(1);
    expect([...shardOf('同心县新集镇')]).toHaveLength(1);
    expect(shardOf('盐池县新集镇')).not.toEqual(shardOf('同心县新集镇'));
    const { differ, size, single } = await parity(
      db,
      [join(ROOT, 'eval', 'holdout', 'counties', 'orgs-2-counties.jsonl')],
      'province',
    );
    single.close();
    expect(size).toBe(16);
    expect(differ).toEqual([]);
  });

  it('the generated corpus (12 towns × 7 years): sums, averages, rankings, latest per org', async () => {
    const db = await generatedDb(mkdtempSync(join(tmpdir(), 'shards-')));
    const { differ, size, single, sharded } = await parity(db, GENERATED_SETS, 'region:2');
    expect(size).toBeGreaterThan(80);
    expect(differ).toEqual([]);

    // Random plans of every intent: the merged rows equal one database's, row for row.
    const orgs = (await sharded.store.reports()).map((r) => r.org!).filter((o, i, all) => all.indexOf(o) === i);
    const plans = fc
      .record({
        intent: fc.constantFrom(
          'lookup',
          'sum',
          'avg',
          'rank',
          'max',
          'min',
          'filter',
          'count',
          'quality',
          'breakdown',
        ),
        metric: fc.constantFrom(...METRICS.map((m) => m.id)),
        orgs: fc.subarray(orgs, { maxLength: 3 }),
        years: fc.subarray([2019, 2020, 2021, 2022, 2023, 2024, 2025], { maxLength: 3 }),
        regions: fc.subarray(['长兴县', '阳和市', '安林区'], { maxLength: 1 }),
        template: fc.option(fc.constantFrom(...TEMPLATES), { nil: undefined }),
        latest: fc.boolean(),
        k: fc.integer({ min: 1, max: 8 }),
        asc: fc.boolean(),
        value: fc.integer({ min: 0, max: 60 }),
      })
      .map(
        (p): QueryPlan =>
          QueryPlanSchema.parse({
            intent: p.intent,
            ...(['count', 'quality', 'breakdown'].includes(p.intent) ? {} : { metric: p.metric }),
            ...(p.intent === 'breakdown' ? { breakdown: 'results' } : {}),
            orgs: p.orgs,
            years: p.years,
            regions: p.regions,
            ...(p.template ? { template: p.template } : {}),
            ...(p.latest ? { latest: true } : {}),
            ...(p.intent === 'rank' ? { k: p.k, order: p.asc ? 'asc' : 'desc' } : {}),
            ...(p.intent === 'filter' ? { filter: { op: p.asc ? '<' : '>', value: p.value } } : {}),
            confidence: 1,
            notes: [],
          }),
      );
    await fc.assert(
      fc.asyncProperty(plans, async (plan) => {
        const c = compilePlan(plan);
        expect(await sharded.store.query(c.sql, c.params, c.merge)).toEqual(await single.store.query(c.sql, c.params));
      }),
      { numRuns: 300, seed: 17 },
    );
    single.close();
  });
});

describe('SQLite’s order and rounding, in TypeScript', () => {
  it('compareSql sorts NULL, numbers and text (astral characters too) as ORDER BY does', () => {
    const db = new Database(':memory:');
    const values: unknown[] = [null, 3, -1.5, 0, '花', '花马池镇', '\uffff', '𠮷', 'a', 'B', '', '2021', 12, null];
    for (let i = 0; i < 200; i++)
      values.push(String.fromCodePoint(0x4e00 + ((i * 7919) % 20000), i % 3 ? 0xff01 + i : 0x20000 + i));
    db.exec('CREATE TABLE t (v)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (const v of values) insert.run(v);
    const sqlite = (db.prepare('SELECT v FROM t ORDER BY v').raw().all() as unknown[][]).map((r) => r[0]);
    db.close();
    expect([...values].sort(compareSql)).toEqual(sqlite);
  });

  it('roundSql rounds as SQLite ROUND(x, 2) does, on 20,000 quotients and the halfway cases', () => {
    const db = new Database(':memory:');
    const round = db.prepare('SELECT ROUND(?, 2) AS r');
    const xs = [2.675, 1.005, 0.125, -2.675, 107 / 40, 0, -0.005];
    for (let i = 1; i <= 20_000; i++) xs.push(((i * 7919) % 100_003) / ((i % 397) + 1));
    const differ = xs.filter((x) => (round.get(x) as { r: number }).r !== roundSql(x, 2));
    db.close();
    expect(differ).toEqual([]);
  });
});
