/**
 * In-memory stand-ins for the remote-only bindings, with their real interfaces (tests only):
 * Vectorize (describe/query/insert/upsert over an array, cosine, metadata filters, Vectorize's
 * topK and dimension checks) and Workers AI (`run('@cf/baai/bge-m3', { text })` returning
 * deterministic vectors: hashed bags of jieba-wasm words and bigrams, 1024 dims — lexical, so
 * that retrieval through them can be tested, not a model).
 */
import { HashedEmbeddings } from '../../retrieval/hashed-embeddings.ts';
import type { Segmenter } from '../../domain/ports.ts';
import type {
  Ai,
  Vectorize,
  VectorizeFilter,
  VectorizeMatch,
  VectorizeQueryOptions,
  VectorizeVector,
} from './bindings.ts';
import { BGE_M3, MODEL_DIMS } from './workers-ai-embeddings.ts';

type Scalar = string | number | boolean | null;

function matches(meta: Record<string, unknown> | undefined, filter: VectorizeFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([field, cond]) => {
    const v = (meta?.[field] ?? null) as Scalar;
    if (cond === null || typeof cond !== 'object') return v === cond;
    const c = cond as { $eq?: Scalar; $ne?: Scalar; $in?: Scalar[]; $nin?: Scalar[] };
    if ('$eq' in c && v !== c.$eq) return false;
    if ('$ne' in c && v === c.$ne) return false;
    if (c.$in && !c.$in.includes(v)) return false;
    if (c.$nin?.includes(v)) return false;
    return true;
  });
}

export class MemoryVectorize implements Vectorize {
  readonly rows = new Map<string, VectorizeVector>();
  queries = 0;

  constructor(readonly dimensions: number) {}

  async describe() {
    return {
      vectorCount: this.rows.size,
      dimensions: this.dimensions,
      processedUpToDatetime: 0,
      processedUpToMutation: 0,
    };
  }

  private check(vs: VectorizeVector[]): void {
    for (const v of vs) {
      if (v.values.length !== this.dimensions)
        throw new Error(
          `VECTOR_INSERT_ERROR (code = 40012): vector ${v.id} has ${v.values.length} dimensions, the index ${this.dimensions}`,
        );
      if (new TextEncoder().encode(v.id).length > 64) throw new Error(`vector id ${v.id} is over 64 bytes`);
    }
  }

  async getByIds(ids: string[]) {
    if (ids.length > 20) throw new Error('VECTOR_GET_ERROR: at most 20 ids per call');
    return ids.flatMap((id) => {
      const v = this.rows.get(id);
      return v ? [v] : [];
    });
  }

  async insert(vs: VectorizeVector[]) {
    this.check(vs);
    for (const v of vs) if (!this.rows.has(v.id)) this.rows.set(v.id, v);
    return { mutationId: crypto.randomUUID() };
  }

  async upsert(vs: VectorizeVector[]) {
    this.check(vs);
    for (const v of vs) this.rows.set(v.id, v);
    return { mutationId: crypto.randomUUID() };
  }

  async query(vector: number[] | Float32Array | Float64Array, options: VectorizeQueryOptions = {}) {
    this.queries++;
    const topK = options.topK ?? 5;
    const heavy = options.returnValues || options.returnMetadata === true || options.returnMetadata === 'all';
    if (topK < 1 || topK > (heavy ? 20 : 100))
      throw new Error(`VECTOR_QUERY_ERROR (code = 40025): topK ${topK} out of range`);
    if (vector.length !== this.dimensions)
      throw new Error(
        `VECTOR_QUERY_ERROR (code = 40006): query vector has ${vector.length} dimensions, the index ${this.dimensions}`,
      );
    const q = Float32Array.from(vector);
    const qn = Math.hypot(...q) || 1;
    const scored: VectorizeMatch[] = [];
    for (const v of this.rows.values()) {
      if (!matches(v.metadata, options.filter)) continue;
      let dot = 0;
      let n = 0;
      for (let i = 0; i < q.length; i++) {
        const x = Number(v.values[i]);
        dot += x * q[i]!;
        n += x * x;
      }
      scored.push({
        id: v.id,
        score: dot / (qn * (Math.sqrt(n) || 1)),
        ...(options.returnValues ? { values: v.values } : {}),
        ...(options.returnMetadata && options.returnMetadata !== 'none' && v.metadata ? { metadata: v.metadata } : {}),
      });
    }
    scored.sort((a, b) => b.score - a.score);
    const top = scored.slice(0, topK);
    return { matches: top, count: top.length };
  }
}

/** Workers AI with bge-m3's interface and output shape, and deterministic vectors. */
export function fakeAi(segmenter: Segmenter): Ai & { calls: number } {
  const dims = MODEL_DIMS[BGE_M3]!;
  const hashed = new HashedEmbeddings({ segmenter, dims });
  const ai = {
    calls: 0,
    async run(model: string, inputs: { text: string | string[] }) {
      ai.calls++;
      if (model !== BGE_M3) throw new Error(`AiError: 5007: No such model ${model}`);
      const texts = Array.isArray(inputs.text) ? inputs.text : [inputs.text];
      if (texts.length > 100) throw new Error('AiError: batch over 100 texts');
      return { shape: [texts.length, dims], data: texts.map((t) => hashed.vector(t)), pooling: 'cls' };
    },
  };
  return ai;
}

/** NDJSON of `export:d1` (the `wrangler vectorize insert` format) as vectors. */
export function parseNdjson(ndjson: string): VectorizeVector[] {
  return ndjson
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as VectorizeVector);
}
