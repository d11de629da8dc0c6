/**
 * The vector route of bench:query: `n` synthetic 1,024-dim unit vectors (seeded) as chunks of a
 * database of their own, searched through the Node vector store as a semantic embedder's are
 * (sign-code scan, then re-scoring with the stored floats), against the exact top 10.
 *
 * The vectors are clustered as text embeddings are, not uniform: a shared direction (embeddings
 * are anisotropic: two unrelated chunks sit at cosine ≈ 0.3), one of 200 topics (≈ 0.5 within
 * one), one of n/200 subtopics (--cluster) whose members lean on it by a weight of their own, and noise. A
 * query is a strong member of a subtopic: its ~200 members lie at cosine 0.65–0.95 to it, so
 * the top 10 are a graded few among many close ones — harder for the codes than far-off
 * neighbours planted among uniform noise (all found from the first bits), easier for a graph.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import usearch from 'usearch';
import { percentile } from '../../../../eval/metrics.ts';
import { AnnIndex, annPath, SURVIVORS } from '../ann-index.ts';
import { openDatabase, type DB } from '../db.ts';
import { bindEmbedder, SqliteVectorIndex } from '../vector-index.ts';
import { cpuMs } from './cpu.ts';

const DIMS = 1024;
const QUERIES = 100;
const K = 10;
const PER_REPORT = 22;
const TOPICS = 200;
/** Squared weights: shared direction, topic; the subtopic's is a member's own, the rest noise. */
const SHARED = 0.3;
const TOPIC = 0.2;
const SUB_MIN = 0.05;
const SUB_MAX = 0.45;
/** Rows a transaction writes and exact search takes at once. */
const BATCH = 50_000;
const info = { provider: 'synthetic', model: 'clustered-1', dims: DIMS };

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

/** Fills `out` with a random unit vector. */
function unitInto(r: () => number, out: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const x = r();
    out[i] = x;
    n += x * x;
  }
  n = Math.sqrt(n);
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}

/** The directions vectors are mixed from, and a writer of one vector. */
function mixer(n: number, cluster: number) {
  const r = random(7);
  const directions = (count: number) => {
    const all = new Float32Array(count * DIMS);
    for (let i = 0; i < count; i++) unitInto(r, all.subarray(i * DIMS, (i + 1) * DIMS));
    return all;
  };
  const shared = directions(1);
  const topics = directions(TOPICS);
  const subtopics = Math.max(1, Math.round(n / cluster));
  const subs = directions(subtopics);
  const noise = new Float32Array(DIMS);
  /** Writes into `out` a unit vector of subtopic `s` leaning on it by squared weight `w`. */
  const mix = (s: number, w: number, out: Float32Array) => {
    unitInto(r, noise);
    const t = (s % TOPICS) * DIMS;
    const [a, b, c, d] = [SHARED, TOPIC, w, 1 - SHARED - TOPIC - w].map(Math.sqrt) as [number, number, number, number];
    let len = 0;
    for (let i = 0; i < DIMS; i++) {
      const x = a * shared[i]! + b * topics[t + i]! + c * subs[s * DIMS + i]! + d * noise[i]!;
      out[i] = x;
      len += x * x;
    }
    len = Math.sqrt(len);
    for (let i = 0; i < DIMS; i++) out[i]! /= len;
  };
  return { r, subtopics, mix };
}

/** The queries: strong members of subtopics picked at random. */
function queries(n: number, cluster: number): Float32Array {
  const { subtopics, mix } = mixer(n, cluster);
  const pick = random(99);
  const qs = new Float32Array(QUERIES * DIMS);
  for (let q = 0; q < QUERIES; q++)
    mix(Math.floor((pick() + 0.5) * subtopics), SUB_MAX, qs.subarray(q * DIMS, (q + 1) * DIMS));
  return qs;
}

type Top = { id: number; d: number }[];

/** Merges a batch's exact nearest (usearch's SIMD exact search) into each query's top K. */
function mergeExact(tops: Top[], batch: Float32Array, ids: number[], qs: Float32Array): void {
  const m = usearch.exactSearch(batch, qs, DIMS, Math.min(K, ids.length), usearch.MetricKind.IP, 1);
  const per = m.keys.length / QUERIES;
  tops.forEach((top, q) => {
    for (let j = 0; j < per; j++) top.push({ id: ids[Number(m.keys[q * per + j])]!, d: m.distances[q * per + j]! });
    top.sort((a, b) => a.d - b.d || a.id - b.id);
    top.length = Math.min(top.length, K);
  });
}

/**
 * Writes n chunks (a report per PER_REPORT of them, years 2019–2025) in transactions of BATCH
 * rows, and returns each query's exact top K, found batch by batch as they are written.
 */
function build(db: DB, n: number, cluster: number, qs: Float32Array): number[][] {
  bindEmbedder(db, info);
  const { r, subtopics, mix } = mixer(n, cluster);
  const report = db.prepare(
    `INSERT INTO reports (id, path, file, format, content_hash, title, org, year, text, ingested_at)
     VALUES (?, ?, 'x.txt', 'txt', ?, 't', ?, ?, '', '2025-01-01')`,
  );
  const chunk = db.prepare(
    `INSERT INTO chunks (report_id, ord, kind, section, start, end, vector) VALUES (?, ?, 'prose', '', 0, 0, ?) RETURNING id`,
  );
  const tops: Top[] = Array.from({ length: QUERIES }, () => []);
  const batch = new Float32Array(BATCH * DIMS);
  for (let from = 0; from < n; from += BATCH) {
    const count = Math.min(n, from + BATCH) - from;
    const ids = db.transaction(() =>
      Array.from({ length: count }, (_, j) => {
        const i = from + j;
        const rid = Math.floor(i / PER_REPORT) + 1;
        if (i % PER_REPORT === 0) report.run(rid, `r${rid}`, `h${rid}`, `单位${rid % 5000}`, 2019 + (rid % 7));
        const v = batch.subarray(j * DIMS, (j + 1) * DIMS);
        mix(Math.floor((r() + 0.5) * subtopics), SUB_MIN + (r() + 0.5) * (SUB_MAX - SUB_MIN), v);
        return (chunk.get(rid, i % PER_REPORT, Buffer.from(v.buffer, v.byteOffset, v.byteLength)) as { id: number }).id;
      }),
    )();
    mergeExact(tops, batch.subarray(0, count * DIMS), ids, qs);
  }
  return tops.map((t) => t.map((x) => x.id));
}

/** Latency of the store's search for the top k, and its recall of the exact top K. */
async function measure(index: SqliteVectorIndex, qs: Float32Array, truth: number[][], k = K) {
  const ms: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (let q = 0; q < QUERIES; q++) {
    const v = [...qs.subarray(q * DIMS, (q + 1) * DIMS)];
    const t = performance.now();
    const c = process.cpuUsage();
    const found = await index.search(v, {}, k);
    cpu.push(cpuMs(c));
    ms.push(performance.now() - t);
    hits += found.filter((h) => truth[q]!.includes(h.chunkId)).length;
  }
  return { ms, cpu, recall: hits / (QUERIES * K) };
}

/**
 * `cluster`: members of a subtopic. At 200 the codes rank the top 10 well; at 2,000 many more
 * chunks lie about as near, so more must be re-scored (README's vector section).
 */
export async function vectorBench(path: string, n: number, cluster = 200): Promise<void> {
  const qs = queries(n, cluster);
  const truthPath = `${path}.truth.json`;
  if (!existsSync(path) || !existsSync(truthPath)) {
    // A run cut short left a database without its answers: written again.
    for (const f of ['', '-wal', '-shm', '.ann', '.ann.json']) rmSync(`${path}${f}`, { force: true });
    const db = openDatabase(path);
    const t = performance.now();
    const c = process.cpuUsage();
    writeFileSync(truthPath, JSON.stringify(build(db, n, cluster, qs)));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    console.log(
      `vectors: wrote ${n} synthetic ${DIMS}-dim chunks (subtopics of ${cluster}) (and found the exact top ${K}) in ${((performance.now() - t) / 1000).toFixed(0)} s (CPU ${(cpuMs(c) / 1000).toFixed(0)} s)`,
    );
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as number[][];
  const db = openDatabase(path);
  const rss0 = process.memoryUsage().rss;
  // Built if the file is not there yet (then timed), else loaded (then that is timed).
  const ann = new AnnIndex(db, info);
  const t = performance.now();
  const c = process.cpuUsage();
  const added = ann.sync();
  const took = `${((performance.now() - t) / 1000).toFixed(1)} s (CPU ${(cpuMs(c) / 1000).toFixed(1)} s)`;
  const annBytes = statSync(annPath(db)!).size;
  const dbBytes = statSync(path).size;
  console.log(
    `vector index (${ann.size} chunks, ${DIMS} dims; sign codes scanned in WebAssembly SIMD, ${SURVIVORS} kept by 256 bits, ordered by 1,024): ${added ? 'built' : 'loaded'} in ${took}; ${(annBytes / ann.size).toFixed(0)} bytes/chunk on disk (floats: ${(dbBytes / ann.size).toFixed(0)} bytes/chunk of database)`,
  );
  for (const rescore of [80, 200, 400, 1000]) {
    const { ms, cpu, recall } = await measure(new SqliteVectorIndex(db, ann, rescore), qs, truth);
    console.log(
      `  top ${rescore} re-scored in float: p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms (CPU p50 ${percentile(cpu, 50)}, p95 ${percentile(cpu, 95)} ms), recall@${K} ${recall.toFixed(3)} vs exact`,
    );
  }
  // As hybrid search asks: its 50 candidates, so 4 × 50 re-scored.
  const { ms, cpu } = await measure(new SqliteVectorIndex(db, ann), qs, truth, 50);
  console.log(
    `  top 50 as search asks (200 re-scored): p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms (CPU p50 ${percentile(cpu, 50)}, p95 ${percentile(cpu, 95)} ms)`,
  );
  console.log(
    `  RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (${((process.memoryUsage().rss - rss0) / 1048576).toFixed(0)} MB more than before the index)`,
  );
  db.close();
}
