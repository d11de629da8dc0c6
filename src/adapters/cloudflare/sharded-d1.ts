import type { VectorIndex } from '../../domain/ports.ts';
import { ShardedStore, ShardedVectorIndex } from '../../retrieval/shards.ts';
import type { D1Database, Vectorize, WorkerEnv } from './bindings.ts';
import { D1Store } from './d1-store.ts';
import { VectorizeIndex } from './vectorize-index.ts';

/**
 * The Worker's data, from one D1 database (`DB`, `VECTORIZE`) or from shards: `SHARDS = "N"` and
 * bindings DB_0 … DB_{N-1} with VECTORIZE_0 …, and DB_SEARCH, the search database (what
 * `npm run export:d1 -- --shard-by …` writes and its manifest lists). Either way the core sees
 * one Store and one VectorIndex.
 */

/** What the Worker needs of its store beyond the port: reload detection and the export's record. */
export type WorkerStore = D1Store | ShardedD1Store;

export class ShardedD1Store extends ShardedStore<D1Store> {
  constructor(
    shards: D1Store[],
    private readonly searchDb?: D1Store,
  ) {
    super(shards, searchDb);
  }

  private all(): D1Store[] {
    return this.searchDb ? [...this.shards, this.searchDb] : this.shards;
  }

  /** Every shard's (and the search database's) record of the export; they must agree. */
  async indexMeta(): Promise<Map<string, string>> {
    const metas = await Promise.all(this.all().map((s) => s.indexMeta()));
    const text = (m: Map<string, string>) => JSON.stringify([...m].sort());
    const odd = metas.findIndex((m) => text(m) !== text(metas[0]!));
    if (odd > 0)
      throw new Error(
        `shard ${odd} was loaded from another export than shard 0 (index_meta ${text(metas[odd]!)} ≠ ${text(metas[0]!)}): load every shard of one npm run export:d1 -- --shard-by …`,
      );
    return metas[0]!;
  }

  /** Changes when any shard is reloaded. */
  async fingerprint(): Promise<string> {
    return (await Promise.all(this.all().map((s) => s.fingerprint()))).join('|');
  }
}

/** N from `SHARDS`, or null for one database. */
export function shardCount(env: WorkerEnv): number | null {
  const v = typeof env.SHARDS === 'string' ? env.SHARDS.trim() : '';
  if (v === '') return null;
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`SHARDS must be the number of D1 shards (DB_0 … DB_{N-1}), not "${v}"`);
  return Number(v);
}

function binding<T>(env: WorkerEnv, name: string, what: string): T {
  const b = env[name];
  if (!b) throw new Error(`SHARDS is set but the ${what} binding ${name} is missing (wrangler.toml)`);
  return b as T;
}

/** The D1 bindings: DB, or DB_0 … DB_{N-1}. */
export function d1Bindings(env: WorkerEnv): D1Database[] {
  const n = shardCount(env);
  if (n === null) {
    if (!env.DB) throw new Error('the D1 binding DB is missing (wrangler.toml), and SHARDS is not set');
    return [env.DB];
  }
  return Array.from({ length: n }, (_, i) => binding<D1Database>(env, `DB_${i}`, 'D1'));
}

export function storeFromEnv(env: WorkerEnv): WorkerStore {
  const dbs = d1Bindings(env);
  if (shardCount(env) === null) return new D1Store(dbs[0]!);
  // Without the search database a match over every org is ranked by each shard's own statistics.
  const search = env.DB_SEARCH as D1Database | undefined;
  return new ShardedD1Store(
    dbs.map((db) => new D1Store(db)),
    search ? new D1Store(search) : undefined,
  );
}

/** The vector index and what its indexes say of themselves (dimensions, vectors), or null when unbound. */
export interface WorkerVectors extends VectorIndex {
  score(vector: number[], chunkIds: number[]): Promise<{ chunkId: number; distance: number }[]>;
  describe(): Promise<{ dimensions: number; vectorCount: number }>;
}

export function vectorsFromEnv(env: WorkerEnv): WorkerVectors | null {
  const n = shardCount(env);
  const indexes: Vectorize[] =
    n === null
      ? env.VECTORIZE
        ? [env.VECTORIZE]
        : []
      : Array.from({ length: n }, (_, i) => env[`VECTORIZE_${i}`] as Vectorize | undefined).filter(
          (v): v is Vectorize => v !== undefined,
        );
  if (indexes.length === 0) return null;
  if (n !== null && indexes.length !== n)
    throw new Error(`SHARDS = "${n}" but only ${indexes.length} of VECTORIZE_0 … VECTORIZE_${n - 1} are bound`);
  const each = indexes.map((v) => new VectorizeIndex(v));
  const index = each.length === 1 ? each[0]! : new ShardedVectorIndex(each);
  return {
    search: (vector, filter, k) => index.search(vector, filter, k),
    score: async (vector, chunkIds) => (await index.score?.(vector, chunkIds)) ?? [],
    async describe() {
      const ds = await Promise.all(indexes.map((v) => v.describe()));
      const dims = new Set(ds.map((d) => d.dimensions));
      if (dims.size > 1)
        throw new Error(`the shards' Vectorize indexes differ in dimensions (${[...dims].join(', ')})`);
      return { dimensions: ds[0]!.dimensions, vectorCount: ds.reduce((n, d) => n + d.vectorCount, 0) };
    },
  };
}
