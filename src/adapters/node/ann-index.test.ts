import { appendFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsedSample, SAMPLE_FILES } from '../../../ingest/test-support/samples.ts';
import type { IndexedChunk } from '../../retrieval/index-report.ts';
import { AnnIndex, annPath } from './ann-index.ts';
import { openDatabase, type DB } from './db.ts';
import { writeReport } from './report-writer.ts';
import { bindEmbedder, SqliteVectorIndex, unbindEmbedder } from './vector-index.ts';

const info = { provider: 'test', model: 'seeded', dims: 256 };
const PER_REPORT = 300;

/** Seeded unit vectors (xorshift), so every run sees the same data. */
function vectors(seed: number, n: number): number[][] {
  let s = seed;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 - 0.5;
  };
  return Array.from({ length: n }, () => unit(Array.from({ length: info.dims }, next)));
}
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const cos = (a: number[], b: number[]) => a.reduce((d, x, i) => d + x * b[i]!, 0);

function chunksOf(vs: number[][]): IndexedChunk[] {
  return vs.map((vector, i) => ({
    kind: 'prose',
    section: '一',
    start: i,
    end: i + 1,
    words: '',
    bigrams: '',
    vector,
  }));
}

/** Ten vectors at cosine 0.5–0.9 to q: the passages a semantic search is for. */
function near(q: number[], seed: number): number[][] {
  return vectors(seed, 10).map((noise, i) => {
    const c = 0.5 + 0.04 * i;
    return unit(q.map((x, j) => c * x + Math.sqrt(1 - c * c) * noise[j]!));
  });
}

/**
 * The five samples, each with PER_REPORT random chunks, the first with the `planted` ones among
 * them; returns each chunk's vector and report year by id.
 */
function load(db: DB, seed: number, planted: number[][] = []): Map<number, { vector: number[]; year: number | null }> {
  bindEmbedder(db, info);
  SAMPLE_FILES.forEach((f, i) => {
    const vs = vectors(seed + i, PER_REPORT);
    if (i === 0) vs.splice(0, planted.length, ...planted);
    writeReport(db, f, parsedSample(f), chunksOf(vs));
  });
  return byId(db);
}

function byId(db: DB): Map<number, { vector: number[]; year: number | null }> {
  const rows = db.prepare('SELECT c.id, c.vector, r.year FROM chunks c JOIN reports r ON r.id = c.report_id').all() as {
    id: number;
    vector: Buffer;
    year: number | null;
  }[];
  return new Map(
    rows.map((r) => [r.id, { vector: [...new Float32Array(new Uint8Array(r.vector).buffer)], year: r.year }]),
  );
}

const exact = (all: Map<number, { vector: number[] }>, q: number[], k: number) =>
  [...all]
    .map(([id, c]) => [id, cos(q, c.vector)] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => id)
    .slice(0, k);

describe('AnnIndex with re-scoring (SqliteVectorIndex for semantic embedders)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ann-'));

  it('finds the exact top 10 of 1,500 vectors for queries with near passages, and only in the years asked', async () => {
    const db = openDatabase(join(dir, 'a.db'));
    const queries = vectors(99, 20);
    const all = load(
      db,
      11,
      queries.flatMap((q, i) => near(q, 200 + i)),
    );
    const index = new SqliteVectorIndex(db, new AnnIndex(db, info));
    let hits = 0;
    for (const q of queries) {
      const found = (await index.search(q, {}, 10)).map((h) => h.chunkId);
      hits += found.filter((id) => exact(all, q, 10).includes(id)).length;
    }
    expect(hits / 200).toBeGreaterThanOrEqual(0.95);
    // The first sample holds the planted passages: asked for its year, they are all found.
    const year = parsedSample(SAMPLE_FILES[0]).year;
    const inYear = new Map([...all].filter(([, c]) => c.year === year));
    expect(inYear.size).toBeLessThan(all.size);
    const found = await index.search(queries[0]!, { year: [year!] }, 10);
    expect(found.map((h) => h.chunkId)).toEqual(exact(inYear, queries[0]!, 10));
    db.close();
  });

  it('is kept beside the database, adds only chunks written since, and drops replaced ones', async () => {
    const db = openDatabase(join(dir, 'b.db'));
    load(db, 21);
    const first = new AnnIndex(db, info);
    expect(first.sync()).toBe(5 * PER_REPORT);
    expect(existsSync(annPath(db)!)).toBe(true);
    const again = new AnnIndex(db, info);
    expect(again.sync()).toBe(0);
    expect(again.size).toBe(5 * PER_REPORT);
    // The same report re-ingested with other vectors: its new chunks join, its old ones never return.
    const replaced = vectors(31, PER_REPORT);
    writeReport(db, SAMPLE_FILES[0], { ...parsedSample(SAMPLE_FILES[0]), contentHash: 'changed' }, chunksOf(replaced));
    expect(again.sync()).toBe(PER_REPORT);
    const live = byId(db);
    const index = new SqliteVectorIndex(db, again);
    const found = await index.search(replaced[0]!, {}, 10);
    expect(found[0]!.chunkId).toBe(exact(live, replaced[0]!, 1)[0]);
    expect(found.every((h) => live.has(h.chunkId))).toBe(true);
    unbindEmbedder(db);
    expect(existsSync(annPath(db)!)).toBe(false);
    db.close();
  });

  it('finds the exact top 10 among clusters of close passages, as text embeddings lie', async () => {
    const db = openDatabase(join(dir, 'd.db'));
    // Anisotropic like embeddings: a shared direction, 15 subtopics of 100 chunks whose members
    // lean on theirs by weights of their own (cosine 0.55–0.9 to a strong member), noise.
    const [shared, ...subs] = vectors(51, 16);
    const noise = vectors(52, 1500 + 10);
    const mix = (s: number, w: number, e: number[]) =>
      unit(shared!.map((x, j) => Math.sqrt(0.3) * x + Math.sqrt(w) * subs[s]![j]! + Math.sqrt(0.7 - w) * e[j]!));
    const chunks = noise.slice(0, 1500).map((e, i) => mix(i % 15, 0.1 + (0.4 * ((i * 7919) % 100)) / 100, e));
    bindEmbedder(db, info);
    SAMPLE_FILES.forEach((f, i) => {
      writeReport(db, f, parsedSample(f), chunksOf(chunks.slice(i * PER_REPORT, (i + 1) * PER_REPORT)));
    });
    const all = byId(db);
    const index = new SqliteVectorIndex(db, new AnnIndex(db, info));
    for (const [qi, e] of noise.slice(1500).entries()) {
      const q = mix(qi, 0.5, e);
      expect((await index.search(q, {}, 10)).map((h) => h.chunkId)).toEqual(exact(all, q, 10));
    }
    db.close();
  });

  it('orders the candidates by their float distance, not by their codes', async () => {
    const db = openDatabase(join(dir, 'e.db'));
    const q = unit(Array.from({ length: info.dims }, () => 1));
    // Nearer by signs (6 bits differ, not 56) but far in angle: its positives are tiny.
    const signNear = unit(Array.from({ length: info.dims }, (_, i) => (i < 6 ? -1 : 0.001)));
    const angleNear = unit(Array.from({ length: info.dims }, (_, i) => (i < 56 ? -0.01 : 1)));
    const all = load(db, 61, [signNear, angleNear]);
    const ids = [...all.keys()];
    const index = new SqliteVectorIndex(db, new AnnIndex(db, info));
    const found = await index.search(q, {}, 10);
    expect(found.map((h) => h.chunkId)).toEqual(exact(all, q, 10));
    expect(found[0]!.chunkId).toBe(ids[1]);
    expect(found.map((h) => h.chunkId)).not.toContain(ids[0]);
    for (const h of found) expect(h.distance).toBeCloseTo(1 - cos(q, all.get(h.chunkId)!.vector), 5);
    expect(found.map((h) => h.distance)).toEqual([...found.map((h) => h.distance)].sort((a, b) => a - b));
    db.close();
  });

  it('a file cut short while appending is read up to its last whole block, the rest added again', () => {
    const db = openDatabase(join(dir, 'f.db'));
    load(db, 71);
    new AnnIndex(db, info).sync();
    const whole = statSync(annPath(db)!).size;
    appendFileSync(annPath(db)!, Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    const again = new AnnIndex(db, info);
    expect(again.sync()).toBe(0);
    expect(again.size).toBe(5 * PER_REPORT);
    expect(statSync(annPath(db)!).size).toBe(whole);
    db.close();
  });

  it('an index made by another embedder is not read: it is rebuilt', () => {
    const db = openDatabase(join(dir, 'c.db'));
    load(db, 41);
    new AnnIndex(db, info).sync();
    expect(new AnnIndex(db, { ...info, model: 'other' }).sync()).toBe(5 * PER_REPORT);
    db.close();
  });
});
