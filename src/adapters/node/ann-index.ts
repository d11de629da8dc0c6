import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import usearch, { type Index } from 'usearch';
import type { EmbedderInfo } from '../../retrieval/index-report.ts';
import type { DB } from './db.ts';

/** Where a database's index is kept; none for an in-memory database. */
export const annPath = (db: DB): string | null => (db.memory ? null : `${db.name}.ann`);

/** Graph degree and search breadth of the HNSW graph: usearch's defaults, measured in bench:query. */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 256;
/** Chunks read and added per step when catching up, so memory stays flat on a large file. */
const BATCH = 20_000;

interface Saved {
  provider: string;
  model: string;
  dims: number;
  /** The highest chunk id the index holds (chunk ids are never reused). */
  upTo: number;
}

/**
 * An approximate nearest-neighbour index over the chunks' vectors, for semantic embedders, whose
 * KNN in sqlite-vec scans every float (9 GB at 100,000 reports). HNSW (usearch) over one bit per
 * dimension, the sign: 1,024 dims take 128 bytes a chunk, and a search visits a few thousand of
 * them instead of all; the caller re-scores the candidates in full precision from chunks.vector.
 *
 * The index is a cache of the database, kept in a file beside it ("<db>.ann", with "<db>.ann.json"
 * saying which embedder and which chunks it holds). `sync` adds the chunks written since, by id
 * (AUTOINCREMENT: never reused). Chunks of replaced reports stay in the graph; their ids no longer
 * exist, so re-scoring drops them.
 */
export class AnnIndex {
  private index: Index;
  private saved: Saved;
  private loaded = false;

  constructor(
    private readonly db: DB,
    private readonly info: EmbedderInfo,
    private readonly path: string | null = annPath(db),
  ) {
    this.index = AnnIndex.empty(info.dims);
    this.saved = { ...info, upTo: 0 };
  }

  /** Reads the saved index on first use (not at start: a province's takes a second). */
  private load(): void {
    this.loaded = true;
    const { path, info } = this;
    const meta =
      path && existsSync(`${path}.json`) ? (JSON.parse(readFileSync(`${path}.json`, 'utf8')) as Saved) : null;
    if (!path || !meta || meta.provider !== info.provider || meta.model !== info.model || meta.dims !== info.dims)
      return;
    try {
      this.index.load(path);
      this.saved = meta;
    } catch {
      // A damaged or partly written file: rebuilt from the database by this sync.
      this.index = AnnIndex.empty(info.dims);
    }
  }

  private static empty(dims: number): Index {
    return new usearch.Index({
      dimensions: dims,
      metric: usearch.MetricKind.Hamming,
      quantization: usearch.ScalarKind.B1,
      connectivity: CONNECTIVITY,
      expansion_add: EXPANSION_ADD,
      expansion_search: EXPANSION_SEARCH,
      multi: false,
    });
  }

  get size(): number {
    return this.index.size();
  }

  /** Adds the chunks written since the last sync; saves the file when it added any. */
  sync(): number {
    if (!this.loaded) this.load();
    const next = this.db.prepare(
      'SELECT id, vector FROM chunks WHERE id > ? AND vector IS NOT NULL ORDER BY id LIMIT ?',
    );
    let added = 0;
    for (;;) {
      const rows = next.all(this.saved.upTo, BATCH) as { id: number; vector: Buffer }[];
      if (rows.length === 0) break;
      const vectors = new Float32Array(rows.length * this.info.dims);
      rows.forEach((r, j) => {
        // Copied: a blob's bytes need not sit at a 4-byte-aligned offset.
        vectors.set(new Float32Array(new Uint8Array(r.vector).buffer), j * this.info.dims);
      });
      this.index.add(
        BigUint64Array.from(rows, (r) => BigInt(r.id)),
        vectors,
        1,
      );
      this.saved = { ...this.saved, upTo: rows.at(-1)!.id };
      added += rows.length;
    }
    if (added && this.path) this.save(this.path);
    return added;
  }

  /** The ids of about n chunks nearest the vector, nearest first by the bits' Hamming distance. */
  candidates(vector: number[], n: number): number[] {
    if (this.index.size() === 0) return [];
    const m = this.index.search(Float32Array.from(vector), Math.min(n, this.index.size()), 1);
    return Array.from(m.keys, Number);
  }

  /** Written beside and renamed into place, so a reader never loads half a file. */
  private save(path: string): void {
    this.index.save(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
    writeFileSync(`${path}.json.tmp`, JSON.stringify(this.saved));
    renameSync(`${path}.json.tmp`, `${path}.json`);
  }

  /** Forgets a database's index file (its vectors are about to be replaced). */
  static drop(db: DB): void {
    const path = annPath(db);
    if (!path) return;
    rmSync(path, { force: true });
    rmSync(`${path}.json`, { force: true });
  }
}
