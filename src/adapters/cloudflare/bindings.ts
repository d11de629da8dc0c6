/**
 * The parts of the Workers bindings this adapter uses, typed structurally so that the project's
 * one tsconfig (Node + DOM types) checks this folder too, and so that tests can pass in-memory
 * stand-ins with the same interfaces. They match @cloudflare/workers-types' D1Database,
 * Vectorize (V2) and Ai for the calls made here.
 */

export type D1Value = string | number | null | ArrayBuffer;

export interface D1Result<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: { changes?: number; changed_db?: boolean; duration?: number; rows_read?: number; [k: string]: unknown };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
}

export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

export type VectorizeMetadataValue = string | number | boolean | string[];

export interface VectorizeVector {
  id: string;
  values: number[] | Float32Array | Float64Array;
  namespace?: string;
  metadata?: Record<string, VectorizeMetadataValue>;
}

export interface VectorizeMatch {
  id: string;
  score: number;
  values?: number[] | Float32Array | Float64Array;
  metadata?: Record<string, VectorizeMetadataValue>;
}

export type VectorizeFilter = Record<
  string,
  | string
  | number
  | boolean
  | null
  | {
      $eq?: string | number | boolean | null;
      $ne?: string | number | boolean | null;
      $in?: (string | number | boolean)[];
      $nin?: (string | number | boolean)[];
    }
>;

export interface VectorizeQueryOptions {
  topK?: number;
  returnValues?: boolean;
  returnMetadata?: boolean | 'all' | 'indexed' | 'none';
  filter?: VectorizeFilter;
}

/** Vectorize V2 (the binding of a `[[vectorize]]` index). */
export interface Vectorize {
  describe(): Promise<{
    vectorCount: number;
    dimensions: number;
    processedUpToDatetime?: number;
    processedUpToMutation?: number;
  }>;
  query(
    vector: number[] | Float32Array | Float64Array,
    options?: VectorizeQueryOptions,
  ): Promise<{ matches: VectorizeMatch[]; count: number }>;
  getByIds(ids: string[]): Promise<VectorizeVector[]>;
  insert(vectors: VectorizeVector[]): Promise<{ mutationId: string }>;
  upsert(vectors: VectorizeVector[]): Promise<{ mutationId: string }>;
}

/** Workers AI, for the one model used here: `run('@cf/baai/bge-m3', { text })`. */
export interface Ai {
  run(
    model: string,
    inputs: { text: string | string[]; truncate_inputs?: boolean },
  ): Promise<{ shape?: number[]; data?: number[][] } | unknown>;
}

/** A static-assets binding (`[assets] binding = "ASSETS"`). */
export interface AssetsFetcher {
  fetch(request: Request): Promise<Response>;
}

/** What the Worker reads from `env`: bindings plus string vars (wrangler.toml [vars] and secrets). */
export interface WorkerEnv {
  /** The one database; with SHARDS = "N", the shards DB_0 … DB_{N-1} instead (sharded-d1.ts). */
  DB?: D1Database;
  VECTORIZE?: Vectorize;
  /** How many D1 shards (DB_i, VECTORIZE_i) the corpus is in; unset for one database. */
  SHARDS?: string;
  /** With SHARDS: the search database (every chunk's full-text row) of the same export. */
  DB_SEARCH?: D1Database;
  AI?: Ai;
  ASSETS?: AssetsFetcher;
  /** Query embedder: "workers-ai" (default, @cf/baai/bge-m3), "local-hashed" or "off". */
  EMBEDDINGS?: string;
  EMBEDDINGS_MODEL?: string;
  RATE_LIMIT_PER_MIN?: string;
  [key: string]: unknown;
}

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}
