import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDb } from '../../../eval/corpora.ts';
import { splitSql } from '../../sqlite/sql-split.ts';
import { cellTotalsOf } from '../../sqlite/migrations.ts';
import { openDatabase, type DB } from '../node/db.ts';
import { exportD1, sqlFiles, type D1Export } from './export-d1.ts';
import { exportShards, type ShardedExport, writeShardedExport } from './export-shards.ts';
import { groupOf, parseShardBy, planShards, type ShardInput } from './shard-plan.ts';

const load = (e: D1Export): DB => {
  const d1 = new Database(':memory:');
  for (const s of splitSql(e.statements.join('\n'))) d1.exec(s);
  return d1;
};
const all = (db: DB, sql: string) => db.prepare(sql).raw().all();

describe('shard plan', () => {
  const r = (id: number, org: string | null, region: string | null, year: number, bytes = 100): ShardInput => ({
    id,
    org,
    region,
    year,
    bytes,
  });

  it('groups by the region’s first units, every report of an org with its newest region', () => {
    expect(groupOf('甘肃省庆阳市环县', parseShardBy('province'))).toBe('甘肃省');
    expect(groupOf('甘肃省庆阳市环县', parseShardBy('region:2'))).toBe('甘肃省庆阳市');
    expect(groupOf(null, { units: 1 })).toBe('');
    const plan = planShards(
      [
        r(1, '甲镇', '甘肃省庆阳市', 2020),
        r(2, '甲镇', '宁夏回族自治区吴忠市', 2023),
        r(3, '甲镇', null, 2024),
        r(4, '乙镇', '甘肃省兰州市', 2023),
      ],
      { units: 1 },
    );
    expect(plan.shards.map((s) => s.groups)).toEqual([['宁夏回族自治区'], ['甘肃省']]);
    expect([1, 2, 3].map((id) => plan.shardOf.get(id))).toEqual([0, 0, 0]);
    expect(plan.shardOf.get(4)).toBe(1);
    // Reports that name no org sort together in SQL: they stay in one shard, whatever their region.
    const unnamed = planShards(
      [r(1, null, '甘肃省兰州市', 2020), r(2, null, '宁夏回族自治区', 2021), r(3, '丙镇', '甘肃省', 2022)],
      {
        units: 1,
      },
    );
    expect(plan.shards.length).toBe(2);
    expect(unnamed.shardOf.get(1)).toBe(unnamed.shardOf.get(2));
  });

  it('packs groups into the shards asked for, largest first into the smallest, and refuses one too big', () => {
    const reports = [
      r(1, 'a', '甲省', 2020, 50),
      r(2, 'b', '乙省', 2020, 40),
      r(3, 'c', '丙省', 2020, 30),
      r(4, 'd', '丁省', 2020, 20),
    ];
    const plan = planShards(reports, { units: 1 }, { count: 2 });
    expect(plan.shards.map((s) => [s.groups, s.bytes])).toEqual([
      [['甲省', '丁省'], 70],
      [['乙省', '丙省'], 70],
    ]);
    expect(() => planShards(reports, { units: 1 }, { count: 1, maxBytes: 100 })).toThrow(/over 100 bytes.*more shards/);
    expect(() => parseShardBy('county')).toThrow(/province.*region:N/);
    expect(() => planShards(reports, { units: 1 }, { count: 0 })).toThrow(/positive integer/);
  });
});

describe('SQL files d1 execute takes', () => {
  it('an export over the import limit is written in parts, statements whole, in order', () => {
    expect(sqlFiles(['aaaa;', 'bbbb;', 'cccc;'], 212)).toEqual([
      { file: 'd1.sql', statements: ['aaaa;', 'bbbb;'] },
      { file: 'd1.part2.sql', statements: ['cccc;'] },
    ]);
    expect(sqlFiles(['aaaa;']).map((f) => f.file)).toEqual(['d1.sql']);
  });
});

describe('export:d1 --shard-by', () => {
  let dir: string;
  let db: DB;
  let whole: D1Export;
  let sharded: ShardedExport;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-shards-'));
    (await sampleDb(dir)).close();
    db = openDatabase(join(dir, 'samples.db'), { readonly: true });
    whole = await exportD1(db);
    sharded = await exportShards(db, parseShardBy('province'), { count: 2 });
  }, 120_000);
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the shards together hold every row of the whole export once, each org in one shard', () => {
    const one = load(whole);
    const parts = sharded.shards.map(load);
    expect(parts.length).toBe(2);
    for (const t of ['reports', 'sections', 'cells', 'facts', 'validation', 'chunks']) {
      const rows = (x: DB) => all(x, `SELECT * FROM ${t}`).map((row) => JSON.stringify(row));
      expect(parts.flatMap(rows).sort(), t).toEqual(rows(one).sort());
    }
    // Each shard's totals are those of its own cells, as its writer would have kept them.
    for (const p of parts)
      expect(all(p, 'SELECT * FROM cell_totals ORDER BY key, year, level, template')).toEqual(all(p, cellTotalsOf()));
    const orgs = parts.map((p) => new Set(all(p, 'SELECT DISTINCT org FROM reports').flat()));
    expect([...orgs[0]!].filter((o) => orgs[1]!.has(o))).toEqual([]);
    // Document frequencies add up to the whole corpus's: what ShardedStore sums for BM25.
    const vocab = new Map<string, number>();
    for (const p of parts)
      for (const [term, doc] of all(p, 'SELECT term, doc FROM chunks_vocab') as [string, number][])
        vocab.set(term, (vocab.get(term) ?? 0) + doc);
    expect(new Map(all(one, 'SELECT term, doc FROM chunks_vocab') as [string, number][])).toEqual(vocab);
    const vectors = (e: D1Export) => (e.vectors?.lines ?? []).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(sharded.shards.flatMap(vectors).sort()).toEqual(vectors(whole).sort());

    // The search database: every chunk and full-text row of the whole, the reports without texts.
    const search = load(sharded.search);
    for (const sql of [
      'SELECT * FROM chunks ORDER BY id',
      'SELECT term, doc FROM chunks_vocab ORDER BY term',
      'SELECT id, org, region, level, year, title FROM reports ORDER BY id',
      'SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH \'words : "公开"\' ORDER BY bm25(chunks_fts, 1.0, 0.35), rowid',
    ])
      expect(all(search, sql), sql).toEqual(all(one, sql));
    expect(all(search, "SELECT COUNT(*) FROM reports WHERE text <> ''")).toEqual([[0]]);
    expect(all(search, 'SELECT (SELECT COUNT(*) FROM cells) + (SELECT COUNT(*) FROM facts)')).toEqual([[0]]);
    expect(sharded.search.vectors).toBeNull();
  });

  it('writes each shard with its load commands and a manifest of sizes and bindings; refuses a shard too big', async () => {
    const out = join(dir, 'out');
    writeShardedExport(out, sharded);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.shards.map((s: { reports: number }) => s.reports).reduce((a: number, b: number) => a + b)).toBe(5);
    expect(manifest.wrangler).toMatch(
      /SHARDS = "2"[\s\S]*binding = "DB_SEARCH"[\s\S]*binding = "DB_1"[\s\S]*binding = "VECTORIZE_1"/,
    );
    expect(existsSync(join(out, 'search', 'd1.sql'))).toBe(true);
    expect(manifest.bytesPerReport).toBeGreaterThan(10_000);
    const first = JSON.parse(readFileSync(join(out, 'shard-0', 'manifest.json'), 'utf8'));
    expect(first.load[0]).toContain('d1 execute govreport-qa-0');
    expect(existsSync(join(out, 'shard-1', 'd1.sql'))).toBe(true);
    await expect(exportShards(db, parseShardBy('province'), { count: 2, maxBytes: 100_000 })).rejects.toThrow(
      /as a database, over 100000/,
    );
  });
});
