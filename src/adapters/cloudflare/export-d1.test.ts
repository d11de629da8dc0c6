import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jiebaNode from 'jieba-wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDb } from '../../../eval/corpora.ts';
import { topicWords } from '../../retrieval/features.ts';
import { openDatabase, type DB } from '../node/db.ts';
import { reportFilterSql } from '../../retrieval/lexical.ts';
import {
  exportD1,
  insertStatements,
  MAX_STATEMENT_BYTES,
  sqlLiteral,
  splitUtf8,
  writeD1Export,
  type D1Export,
} from './export-d1.ts';
import { wasmSegmenter, type JiebaWasm } from './segmenter.ts';
import { assertReadOnlySelect } from './sql-guard.ts';
import { splitSql } from '../../sqlite/sql-split.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('SQL for D1', () => {
  it('quotes strings, refuses what D1 cannot hold', () => {
    expect(sqlLiteral('花马池镇\'s "x"; --')).toBe("'花马池镇''s \"x\"; --'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(12.5)).toBe('12.5');
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral('\ud800')).toThrow(/surrogate/);
    expect(() => sqlLiteral(Number.NaN)).toThrow();
  });

  it('splits long texts on characters, and the INSERT + UPDATEs rebuild them exactly', () => {
    const text = `${'政府信息公开；'.repeat(9000)}'quoted' 𠮷 end`;
    expect(splitUtf8('a𠮷b', 4)).toEqual(['a', '𠮷', 'b']);
    const rows = [
      [1, 'short'],
      [2, text],
      [3, "it's"],
    ];
    const statements = insertStatements('t', ['id', 'body'], rows, 20_000, 'id');
    expect(statements.length).toBeGreaterThan(5);
    for (const s of statements) expect(bytes(s)).toBeLessThanOrEqual(20_000);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
    for (const s of splitSql(statements.join('\n'))) db.exec(s);
    expect(db.prepare('SELECT id, body FROM t ORDER BY id').raw().all()).toEqual(rows);
  });

  it('splitSql keeps semicolons and comment marks inside literals', () => {
    expect(splitSql('-- c\nSELECT \'a;b--c\' AS x; /* d; */ SELECT "e;f" FROM t;')).toEqual([
      "SELECT 'a;b--c' AS x",
      'SELECT "e;f" FROM t',
    ]);
  });

  it('the read-only guard: one SELECT, nothing that writes', () => {
    for (const ok of [
      'SELECT 1',
      "WITH x AS (SELECT 'DELETE FROM t; DROP' AS s) SELECT * FROM x",
      "SELECT replace(title, 'a', 'b') FROM reports;",
      'SELECT "update" FROM t',
    ])
      expect(() => assertReadOnlySelect(ok), ok).not.toThrow();
    for (const bad of [
      'DELETE FROM reports',
      'SELECT 1; DELETE FROM reports',
      'WITH x AS (SELECT 1) DELETE FROM reports',
      'WITH x AS (SELECT 1) REPLACE INTO t VALUES (1)',
      'PRAGMA user_version',
      'SELECT 1 -- ok\n; DROP TABLE reports',
    ]) {
      expect(() => assertReadOnlySelect(bad), bad).toThrow();
    }
  });

  it('binds a long filter list as one JSON array, within the D1 parameter limit', () => {
    const many = { org: Array.from({ length: 120 }, (_, i) => `org${i}`) };
    expect(reportFilterSql(many)).toEqual({
      where: 'r.org IN (SELECT value FROM json_each(?))',
      params: [JSON.stringify(many.org)],
    });
  });
});

describe('export:d1 of the sample corpus', () => {
  let dir: string;
  let db: DB;
  let e: D1Export;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-d1-'));
    (await sampleDb(dir)).close();
    db = openDatabase(join(dir, 'samples.db'), { readonly: true });
    e = await exportD1(db);
    // Ingest and jieba-wasm's first load take seconds more than the default on a busy machine.
  }, 120_000);
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('statements D1 takes: each under 100 KB, no bound parameters, no writable_schema, no sqlite-vec', () => {
    expect(e.statements.length).toBeGreaterThan(20);
    for (const s of e.statements) expect(bytes(s)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    const sql = e.statements.join('\n');
    expect(sql).not.toMatch(/writable_schema|vec0|\bvector\b|BEGIN TRANSACTION|fts5vocab/i);
    expect(sql).toContain('CREATE VIRTUAL TABLE chunks_fts USING fts5');
  });

  it('loads into SQLite with every row, and FTS5 matches the jieba-wasm words', () => {
    const d1 = new Database(':memory:');
    for (const s of splitSql(e.statements.join('\n'))) d1.exec(s);
    for (const t of ['reports', 'sections', 'cells', 'cell_totals', 'facts', 'validation', 'chunks']) {
      const n = (x: DB) => (x.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      expect(n(d1), t).toBe(n(db));
    }
    const texts = (x: DB) => x.prepare('SELECT id, text FROM reports ORDER BY id').raw().all();
    expect(texts(d1)).toEqual(texts(db));
    const cells = (x: DB) =>
      x
        .prepare(
          'SELECT report_id, key, value, raw, unit, status, start, end, year, org, template FROM cells ORDER BY report_id, key',
        )
        .raw()
        .all();
    expect(cells(d1)).toEqual(cells(db));
    // The segmenter the export used, as the Worker builds it, finds a chunk by its own words.
    const seg = wasmSegmenter(jiebaNode as JiebaWasm);
    const sample = e.segmented[3]!;
    const words = topicWords(seg, sample.text).slice(0, 3);
    const match = words.map((w) => `"${w}"`).join(' AND ');
    expect(
      (
        d1.prepare('SELECT COUNT(*) AS n FROM chunks_fts WHERE chunks_fts MATCH ?').get(`words : (${match})`) as {
          n: number;
        }
      ).n,
    ).toBeGreaterThan(0);
    const vocab = d1.prepare("SELECT doc FROM chunks_vocab WHERE term = '公开'").get() as { doc: number } | undefined;
    expect(vocab?.doc).toBeGreaterThan(10);
    const meta = new Map(
      (d1.prepare('SELECT key, value FROM index_meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    expect(Object.fromEntries(meta)).toMatchObject({
      provider: 'local-hashed',
      dims: '256',
      segmenter: 'jieba-wasm@2.4.0 hmm',
      vectors: 're-embedded',
    });
  });

  it('vectors as NDJSON for wrangler vectorize insert, the dimension in the file name and the manifest, the re-embed note plain', () => {
    const out = join(dir, 'out');
    const files = writeD1Export(out, e);
    expect(files.vectors).toMatch(/vectors\.local-hashed\.256d\.ndjson$/);
    const lines = readFileSync(files.vectors!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; values: number[]; metadata: Record<string, unknown> });
    const prose = (db.prepare("SELECT COUNT(*) AS n FROM chunks WHERE kind = 'prose'").get() as { n: number }).n;
    expect(lines.length).toBe(prose);
    for (const l of lines) {
      expect(l.values.length).toBe(256);
      expect(l.id).toMatch(/^\d+$/);
      expect(typeof l.metadata.org).toBe('string');
      expect(typeof l.metadata.year).toBe('number');
    }
    const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as {
      vectors: { dims: number };
      notes: string[];
      load: string[];
    };
    expect(manifest.vectors.dims).toBe(256);
    expect(manifest.notes.join(' ')).toMatch(/cannot call Workers AI/);
    expect(manifest.load.join('\n')).toMatch(/vectorize create govreport-qa --dimensions=256 --metric=cosine/);
    expect(manifest.load.join('\n')).toMatch(/--propertyName=year --type=number/);
  });

  it('vectors of an embedding endpoint are copied, and the export says whether the Worker can use them', async () => {
    const copy = join(dir, 'endpoint.db');
    copyFileSync(join(dir, 'samples.db'), copy);
    const w = new Database(copy);
    w.exec(
      "UPDATE index_meta SET value = 'openai-compatible' WHERE key = 'provider'; UPDATE index_meta SET value = 'text-embedding-3-small' WHERE key = 'model'",
    );
    w.close();
    const ro = openDatabase(copy, { readonly: true });
    try {
      const x = await exportD1(ro);
      expect(x.embedder).toMatchObject({ provider: 'openai-compatible', dims: 256, how: 'copied' });
      expect(x.vectors!.file).toBe('vectors.openai-compatible.256d.ndjson');
      expect(x.notes.join(' ')).toMatch(/re-embed the database with bge-m3/);
      // Copied exactly (to float32 precision): the first vector is the stored BLOB.
      const row = ro.prepare('SELECT id, vector FROM chunks WHERE vector IS NOT NULL ORDER BY id LIMIT 1').get() as {
        id: number;
        vector: Buffer;
      };
      const stored = Array.from(new Float32Array(row.vector.buffer, row.vector.byteOffset, 256));
      const first = JSON.parse(x.vectors!.lines[0]!) as { id: string; values: number[] };
      expect(first.id).toBe(String(row.id));
      for (const [i, v] of first.values.entries()) expect(Math.fround(v)).toBe(stored[i]);
    } finally {
      ro.close();
    }
  });
});
