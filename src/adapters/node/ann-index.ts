import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import type { EmbedderInfo } from '../../retrieval/index-report.ts';
import type { DB } from './db.ts';
import { SignCodes } from './sign-codes.ts';

/** Where a database's index is kept; none for an in-memory database. */
export const annPath = (db: DB): string | null => (db.memory ? null : `${db.name}.ann`);

/** Chunks read and added per step when catching up, so memory stays flat on a large file. */
const BATCH = 20_000;
/**
 * Codes kept by the first stage (their first 256 bits) for the second (all bits) to order: at
 * 4,000, recall@10 after re-scoring is ≥ 0.95 on bench:query's clustered vectors (README).
 */
export const SURVIVORS = 4_000;
/** The file's layout; a file of another (an HNSW graph before) is rebuilt. */
const FORMAT = 'sign-codes-1';

interface Saved {
  format: string;
  provider: string;
  model: string;
  dims: number;
}

/**
 * Candidates for a semantic embedder's nearest chunks without scanning their floats (9 GB at
 * 100,000 reports): each chunk's sign code (one bit per dimension, 128 bytes at 1,024 dims), all
 * scanned per query in WebAssembly SIMD (sign-codes.ts), nearest first by Hamming distance; the
 * caller re-scores the few hundred best in full precision from chunks.vector. No graph to build:
 * adding a chunk is computing its code; a query's time is a function of the count alone.
 *
 * The codes are a cache of the database, in a file beside it ("<db>.ann", with "<db>.ann.json"
 * naming the embedder): blocks of [count, keys, codes] appended by `sync` for the chunks written
 * since, by id (AUTOINCREMENT: never reused, so the last key says how far it got). Chunks of
 * replaced reports keep their codes; their ids no longer exist, so re-scoring drops them.
 */
export class AnnIndex {
  private codes: SignCodes;
  private upTo = 0;
  private loaded = false;

  constructor(
    private readonly db: DB,
    private readonly info: EmbedderInfo,
    private readonly path: string | null = annPath(db),
    private readonly survivors = SURVIVORS,
  ) {
    this.codes = new SignCodes(info.dims);
  }

  private meta(): Saved {
    return { format: FORMAT, ...this.info };
  }

  /** Reads the saved codes on first use (not at start: 2 million take a second). */
  private load(): void {
    this.loaded = true;
    const { path } = this;
    if (!path) return;
    const want = JSON.stringify(this.meta());
    const meta = existsSync(`${path}.json`) ? readFileSync(`${path}.json`, 'utf8') : null;
    if (meta !== want || !existsSync(path)) {
      // Another embedder's, another format's, or none: started afresh.
      writeFileSync(path, '');
      writeFileSync(`${path}.json.tmp`, want);
      renameSync(`${path}.json.tmp`, `${path}.json`);
      return;
    }
    const file = readFileSync(path);
    let at = 0;
    for (;;) {
      const count = at + 4 <= file.length ? file.readUInt32LE(at) : 0;
      const size = 4 + count * (4 + this.codes.bytes);
      // A block cut short (a crash while appending) ends the file: the rest is read again.
      if (count === 0 || at + size > file.length) break;
      const keys = new Uint32Array(count);
      for (let i = 0; i < count; i++) keys[i] = file.readUInt32LE(at + 4 + 4 * i);
      const start = at + 4 + 4 * count;
      this.codes.addCodes(keys, file.subarray(start, start + count * this.codes.bytes));
      this.upTo = keys[count - 1]!;
      at += size;
    }
    if (at < file.length) truncateSync(path, at);
  }

  get size(): number {
    return this.codes.size;
  }

  /** Adds the chunks written since the last sync, appending their codes to the file. */
  sync(): number {
    if (!this.loaded) this.load();
    const next = this.db.prepare(
      'SELECT id, vector FROM chunks WHERE id > ? AND vector IS NOT NULL ORDER BY id LIMIT ?',
    );
    const v = new Float32Array(this.info.dims);
    const bytes = new Uint8Array(v.buffer);
    let added = 0;
    for (;;) {
      const rows = next.all(this.upTo, BATCH) as { id: number; vector: Buffer }[];
      if (rows.length === 0) break;
      const from = this.codes.size;
      for (const r of rows) {
        if (r.vector.length !== bytes.length)
          throw new Error(`chunk ${r.id} has ${r.vector.length / 4} dims, not the embedder's ${this.info.dims}`);
        // Copied: a blob's bytes need not sit at a 4-byte-aligned offset.
        bytes.set(r.vector);
        this.codes.add(r.id, v);
      }
      this.upTo = rows.at(-1)!.id;
      added += rows.length;
      if (this.path) this.append(this.path, from);
    }
    return added;
  }

  /** One block for the codes from index `from` on. */
  private append(path: string, from: number): void {
    const { keys, codes } = this.codes.saved(from);
    const head = Buffer.alloc(4 + 4 * keys.length);
    head.writeUInt32LE(keys.length, 0);
    for (let i = 0; i < keys.length; i++) head.writeUInt32LE(keys[i]!, 4 + 4 * i);
    appendFileSync(path, Buffer.concat([head, codes]));
  }

  /** The ids of the n chunks nearest the vector by their codes, nearest first. */
  candidates(vector: number[], n: number): number[] {
    if (!this.loaded) this.load();
    return this.codes.nearest(vector, n, Math.max(this.survivors, 4 * n));
  }

  /** Forgets a database's index file (its vectors are about to be replaced). */
  static drop(db: DB): void {
    const path = annPath(db);
    if (!path) return;
    rmSync(path, { force: true });
    rmSync(`${path}.json`, { force: true });
  }
}
