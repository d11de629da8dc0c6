/**
 * The vector route of bench:query: `n` synthetic 1,024-dim unit vectors (seeded) as chunks of a
 * database of their own, with 10 planted near neighbours (cosine 0.5–0.9) for each query among
 * them, searched through the Node vector store as a semantic embedder's are (ANN, then re-scoring
 * with the stored floats). Recall@10 is measured against an exact scan of every vector.
 */
import { existsSync, statSync } from 'node:fs';
import { percentile } from '../../../../eval/metrics.ts';
import { AnnIndex, annPath } from '../ann-index.ts';
import { openDatabase, type DB } from '../db.ts';
import { bindEmbedder, SqliteVectorIndex } from '../vector-index.ts';
import { cpuMs } from './cpu.ts';

const DIMS = 1024;
const QUERIES = 50;
const PLANTED = 10;
const PER_REPORT = 22;
const info = { provider: 'synthetic', model: 'seed-7', dims: DIMS };

/** xorshift32: the same vectors on every run. */
function random(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 - 0.5;
  };
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += a[i]! * b[i]!;
  return d;
};

/** The queries, and for each the ids of the chunks planted near it. */
function queries(): Float32Array[] {
  const r = random(99);
  return Array.from({ length: QUERIES }, () => unit(Float32Array.from({ length: DIMS }, r)));
}

/** Writes n chunks (and a report per PER_REPORT of them, years 2019–2025), planting neighbours. */
function build(db: DB, n: number, qs: Float32Array[]): void {
  bindEmbedder(db, info);
  const r = random(7);
  const planted = new Map<number, Float32Array>();
  const pick = random(13);
  qs.forEach((q, qi) => {
    for (let p = 0; p < PLANTED; p++) {
      const c = 0.5 + (0.4 * p) / (PLANTED - 1);
      const noise = unit(Float32Array.from({ length: DIMS }, r));
      const v = unit(q.map((x, i) => c * x + Math.sqrt(1 - c * c) * noise[i]!));
      planted.set(Math.floor((pick() + 0.5) * n) || qi * PLANTED + p, v);
    }
  });
  const report = db.prepare(
    `INSERT INTO reports (id, path, file, format, content_hash, title, org, year, text, ingested_at)
     VALUES (?, ?, 'x.txt', 'txt', ?, 't', ?, ?, '', '2025-01-01')`,
  );
  const chunk = db.prepare(
    `INSERT INTO chunks (report_id, ord, kind, section, start, end, vector) VALUES (?, ?, 'prose', '', 0, 0, ?)`,
  );
  for (let from = 0; from < n; from += 10_000) {
    db.transaction(() => {
      for (let i = from; i < Math.min(n, from + 10_000); i++) {
        const rid = Math.floor(i / PER_REPORT) + 1;
        if (i % PER_REPORT === 0) report.run(rid, `r${rid}`, `h${rid}`, `单位${rid % 5000}`, 2019 + (rid % 7));
        const v = planted.get(i) ?? unit(Float32Array.from({ length: DIMS }, r));
        chunk.run(rid, i % PER_REPORT, Buffer.from(v.buffer));
      }
    })();
  }
}

/** Exact top 10 of each query by a scan of every stored vector. */
function exact(db: DB, qs: Float32Array[]): number[][] {
  const top = qs.map(() => [] as { id: number; s: number }[]);
  for (const row of db.prepare('SELECT id, vector FROM chunks').iterate() as IterableIterator<{
    id: number;
    vector: Buffer;
  }>) {
    const v = new Float32Array(new Uint8Array(row.vector).buffer);
    qs.forEach((q, qi) => {
      const s = dot(q, v);
      const t = top[qi]!;
      if (t.length < 10 || s > t.at(-1)!.s) {
        t.push({ id: row.id, s });
        t.sort((a, b) => b.s - a.s);
        if (t.length > 10) t.pop();
      }
    });
  }
  return top.map((t) => t.map((x) => x.id));
}

export async function vectorBench(path: string, n: number): Promise<void> {
  const fresh = !existsSync(path);
  const db = openDatabase(path);
  const qs = queries();
  if (fresh) {
    const t = performance.now();
    build(db, n, qs);
    console.log(`vectors: wrote ${n} synthetic ${DIMS}-dim chunks in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  let t = performance.now();
  const truth = exact(db, qs);
  const scanMs = (performance.now() - t) / qs.length;
  const ann = new AnnIndex(db, info);
  t = performance.now();
  const added = ann.sync();
  const buildS = (performance.now() - t) / 1000;
  const index = new SqliteVectorIndex(db, ann);
  const ms: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (const [i, q] of qs.entries()) {
    t = performance.now();
    const c = process.cpuUsage();
    const found = await index.search([...q], {}, 10);
    cpu.push(cpuMs(c));
    ms.push(performance.now() - t);
    hits += found.filter((h) => truth[i]!.includes(h.chunkId)).length;
  }
  const annBytes = statSync(annPath(db)!).size;
  console.log(
    `vector search (${ann.size} chunks, ${DIMS} dims; usearch HNSW over sign bits, top ${10 * 8} re-scored in float): p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms (CPU p50 ${percentile(cpu, 50)}, p95 ${percentile(cpu, 95)} ms), recall@10 ${(hits / (qs.length * 10)).toFixed(3)} vs exact (exact JS scan ${scanMs.toFixed(0)} ms/query); index ${added ? `built in ${buildS.toFixed(0)} s, ` : ''}${(annBytes / ann.size).toFixed(0)} bytes/chunk in memory`,
  );
  db.close();
}
