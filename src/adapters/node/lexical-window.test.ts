import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LexicalSource, lexicalSearch, MATCH_WINDOW, termStats } from '../../retrieval/lexical.ts';
import { dataVersion, openDatabase, statement, type DB } from './db.ts';

/** 3,000 chunks holding 平台, every other also 专栏: ids 1–800 in a 2020 report, the rest in a 2021 one. */
const CHUNKS = 3000;
const SPLIT = 800;
const holdsBoth = (id: number) => id % 2 === 0;

function corpus(): DB {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'lexical-window-')), 'w.db'));
  const report = db.prepare(
    `INSERT INTO reports (path, file, format, content_hash, title, org, region, level, year, text, ingested_at)
     VALUES (?, 'f', 'txt', ?, 't', '花马池镇', '盐池县', '乡镇/街道', ?, 'x', 'now')`,
  );
  const ids = [2020, 2021].map((y) => Number(report.run(`p${y}`, `h${y}`, y).lastInsertRowid));
  const chunk = db.prepare(
    `INSERT INTO chunks (id, report_id, ord, kind, section, start, end) VALUES (?, ?, ?, 'prose', '正文', 0, 1)`,
  );
  const fts = db.prepare('INSERT INTO chunks_fts (rowid, words, bigrams) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= CHUNKS; id++) {
      chunk.run(id, id <= SPLIT ? ids[0] : ids[1], id);
      fts.run(id, holdsBoth(id) ? '平台 专栏' : '平台', '');
    }
  })();
  return db;
}

/** The source the SQLite store gives the shared code, counting the queries it runs. */
function sourceOf(db: DB, versioned = true) {
  const queries: string[] = [];
  const src: LexicalSource = {
    all: async <T>(sql: string, params: unknown[]) => {
      queries.push(sql);
      return statement(db, sql).all(...params) as T[];
    },
    reportText: async () => null,
    ...(versioned ? { dataVersion: () => dataVersion(db) } : {}),
  };
  return { src, queries };
}

const q = { words: ['平台', '专栏'], bigrams: [] };

describe('a match larger than MATCH_WINDOW ranks its newest chunks by the terms each holds', () => {
  it('unfiltered: the newest chunks holding both terms, newest first', async () => {
    const db = corpus();
    expect(MATCH_WINDOW).toBeLessThan(CHUNKS - SPLIT);
    const hits = await lexicalSearch(sourceOf(db).src, q, {}, 5);
    const want = Array.from({ length: CHUNKS }, (_, i) => CHUNKS - i)
      .filter(holdsBoth)
      .slice(0, 5);
    expect(hits.map((h) => h.chunkId)).toEqual(want);
    // Both terms weigh alike here: a chunk with both scores twice one with 平台 alone.
    const single = await lexicalSearch(sourceOf(db).src, { words: ['平台'], bigrams: [] }, {}, 1);
    expect(hits[0]!.score).toBeGreaterThan(single[0]!.score);
  });

  it('filtered by year: the window and each term’s chunks are the filtered ones', async () => {
    const db = corpus();
    const hits = await lexicalSearch(sourceOf(db).src, q, { year: [2020] }, 5);
    const want = Array.from({ length: SPLIT }, (_, i) => SPLIT - i)
      .filter(holdsBoth)
      .slice(0, 5);
    expect(hits.map((h) => h.chunkId)).toEqual(want);
  });

  it('a smaller match is ranked by FTS5 bm25 over all of it', async () => {
    const db = corpus();
    const fts = db.prepare('INSERT INTO chunks_fts (rowid, words, bigrams) VALUES (?, ?, ?)');
    // 稀有 in three old chunks, twice in the middle one: bm25 puts it first.
    fts.run(CHUNKS + 1, '稀有 平台 平台 平台', '');
    fts.run(CHUNKS + 2, '稀有 稀有 平台', '');
    fts.run(CHUNKS + 3, '稀有 平台 平台 平台 平台', '');
    const hits = await lexicalSearch(sourceOf(db).src, { words: ['稀有'], bigrams: [] }, {}, 3);
    expect(hits.map((h) => h.chunkId)).toEqual([CHUNKS + 2, CHUNKS + 1, CHUNKS + 3]);
  });
});

describe('termStats keeps the chunk count and document frequencies while the data stays', () => {
  it('reads each term once per data version, and again after a write', async () => {
    const db = corpus();
    const { src, queries } = sourceOf(db);
    const vocab = () => queries.filter((s) => s.includes('chunks_vocab')).length;
    const first = await termStats(src, ['平台', '专栏', '红烧肉'], {});
    expect(first.total).toBe(CHUNKS);
    const df = new Map([
      ['平台', CHUNKS],
      ['专栏', CHUNKS / 2],
    ]);
    expect(first.df).toEqual(df);
    const reads = vocab();
    expect(await termStats(src, ['专栏', '平台'], {})).toEqual({ total: CHUNKS, df });
    expect(vocab()).toBe(reads);
    db.prepare('INSERT INTO chunks_fts (rowid, words, bigrams) VALUES (?, ?, ?)').run(CHUNKS + 1, '红烧肉', '');
    expect((await termStats(src, ['红烧肉'], {})).df.get('红烧肉')).toBe(1);
    expect(vocab()).toBe(reads + 1);
  });

  it('a source without a data version reads them each time', async () => {
    const { src, queries } = sourceOf(corpus(), false);
    await termStats(src, ['平台'], {});
    await termStats(src, ['平台'], {});
    expect(queries.filter((s) => s.includes('chunks_vocab'))).toHaveLength(2);
  });
});
