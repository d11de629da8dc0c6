import type { ReportFilter, VectorIndex } from '../../domain/ports.ts';
import type { EmbedderInfo } from '../../retrieval/index-report.ts';
import { AnnIndex } from './ann-index.ts';
import { dataVersion, statement, type DB } from './db.ts';
import { reportFilterSql as filterSql } from '../../retrieval/lexical.ts';

export function indexInfo(db: DB): EmbedderInfo | null {
  const rows = statement(db, 'SELECT key, value FROM index_meta').all() as { key: string; value: string }[];
  const m = new Map(rows.map((r) => [r.key, r.value]));
  if (!m.has('provider')) return null;
  return { provider: m.get('provider')!, model: m.get('model')!, dims: Number(m.get('dims')) };
}

/**
 * Records the embedder on first use and makes the vec0 table for its dimension; afterwards
 * refuses any other embedder, whose vectors would not be comparable.
 */
export function bindEmbedder(db: DB, info: EmbedderInfo): void {
  if (!indexInfo(db)) {
    // Under the write lock, looked at again: two loads may bind a new database at once.
    db.transaction(() => {
      if (indexInfo(db)) return;
      const put = statement(db, 'INSERT INTO index_meta (key, value) VALUES (?, ?)');
      put.run('provider', info.provider);
      put.run('model', info.model);
      put.run('dims', String(info.dims));
      db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vectors USING vec0(
        chunk_id INTEGER PRIMARY KEY, embedding float[${info.dims}] distance_metric=cosine, org TEXT, year INTEGER)`);
    }).immediate();
  }
  const have = indexInfo(db)!;
  if (have.provider !== info.provider || have.model !== info.model || have.dims !== info.dims) {
    throw new Error(
      `the database's vectors were made by ${have.provider} ${have.model} (${have.dims} dims), not ${info.provider} ${info.model} (${info.dims} dims): run \`npm run reindex\` to re-embed`,
    );
  }
}

/** Drops every vector and the embedder record, for `npm run reindex` with another embedder. */
export function unbindEmbedder(db: DB): void {
  db.exec('DROP TABLE IF EXISTS chunk_vectors; DELETE FROM index_meta;');
  AnnIndex.drop(db);
}

export function hasVectors(db: DB): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'chunk_vectors'").get());
}

/** Filtered searches over at most this many chunks score them directly instead of a KNN scan. */
const DIRECT_LIMIT = 20_000;
/**
 * Candidates re-scored in full precision: at least RESCORE, or 4 per result wanted. The codes'
 * order is rough where many chunks lie about as near (bench:query --cluster 2000: 80 found 0.905
 * of the exact top 10, 200 all of them), and a filter (a year) drops some, so it widens while
 * too few are left.
 */
const RESCORE = 200;
const MAX_CANDIDATES = 16_384;

export class SqliteVectorIndex implements VectorIndex {
  /** The database's state at the ANN's last sync: it catches up on chunks written since, by any process. */
  private synced = '';

  /** With `ann` (semantic embedders), searches without an org go through it instead of sqlite-vec's scan. */
  constructor(
    private readonly db: DB,
    private readonly ann?: AnnIndex,
    private readonly rescore = RESCORE,
  ) {}

  async search(vector: number[], filter: ReportFilter, k: number): Promise<{ chunkId: number; distance: number }[]> {
    if (!hasVectors(this.db)) return [];
    if (filter.org?.length) return this.direct(vector, filter, k);
    if (this.ann) return this.approximate(this.ann, vector, filter, k);
    const where: string[] = ['embedding MATCH ?', 'k = ?'];
    const params: unknown[] = [new Float32Array(vector), k];
    if (filter.year?.length) {
      where.push(`year IN (${filter.year.map(() => '?').join(', ')})`);
      params.push(...filter.year);
    }
    const rows = statement(this.db, `SELECT chunk_id, distance FROM chunk_vectors WHERE ${where.join(' AND ')}`).all(
      ...params,
    ) as { chunk_id: number; distance: number }[];
    return rows.map((r) => ({ chunkId: r.chunk_id, distance: r.distance }));
  }

  /** The ANN's candidates that pass the filter, re-scored with their stored vectors. */
  private approximate(
    ann: AnnIndex,
    vector: number[],
    filter: ReportFilter,
    k: number,
  ): { chunkId: number; distance: number }[] {
    const key = dataVersion(this.db);
    if (key !== this.synced) {
      ann.sync();
      this.synced = key;
    }
    const { where, params } = filterSql(filter);
    const select = statement(
      this.db,
      `SELECT c.id, c.vector FROM chunks c JOIN reports r ON r.id = c.report_id
       WHERE c.vector IS NOT NULL AND c.id IN (SELECT value FROM json_each(?)) AND ${where}`,
    );
    for (let n = Math.max(this.rescore, 4 * k); ; n *= 4) {
      const ids = ann.candidates(vector, Math.min(n, MAX_CANDIDATES));
      const rows = select.all(JSON.stringify(ids), ...params) as { id: number; vector: Buffer }[];
      if (rows.length >= k || ids.length < n || n >= MAX_CANDIDATES) return cosineRank(vector, rows, k);
    }
  }

  async score(vector: number[], chunkIds: number[]): Promise<{ chunkId: number; distance: number }[]> {
    if (chunkIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT id, vector FROM chunks WHERE vector IS NOT NULL AND id IN (${chunkIds.map(() => '?').join(', ')})`,
      )
      .all(...chunkIds) as { id: number; vector: Buffer }[];
    return cosineRank(vector, rows, chunkIds.length);
  }

  /** Cosine distance to each prose chunk of the named orgs (a few dozen per report). */
  private direct(vector: number[], filter: ReportFilter, k: number): { chunkId: number; distance: number }[] {
    const { where, params } = filterSql(filter);
    const rows = this.db
      .prepare(
        `SELECT c.id, c.vector FROM chunks c JOIN reports r ON r.id = c.report_id WHERE c.vector IS NOT NULL AND ${where} LIMIT ${DIRECT_LIMIT}`,
      )
      .all(...params) as { id: number; vector: Buffer }[];
    return cosineRank(vector, rows, k);
  }
}

function cosineRank(
  vector: number[],
  rows: { id: number; vector: Buffer }[],
  k: number,
): { chunkId: number; distance: number }[] {
  const q = Float32Array.from(vector);
  const qn = Math.hypot(...q) || 1;
  const scored = rows.map((r) => {
    // Copied: a blob's bytes need not sit at a 4-byte-aligned offset.
    const v = new Float32Array(new Uint8Array(r.vector).buffer);
    let dot = 0;
    let vn = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i]! * q[i]!;
      vn += v[i]! * v[i]!;
    }
    return { chunkId: r.id, distance: 1 - dot / (qn * (Math.sqrt(vn) || 1)) };
  });
  return scored.sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId).slice(0, k);
}
