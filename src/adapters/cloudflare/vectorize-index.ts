import type { ReportFilter, VectorIndex } from '../../domain/ports.ts';
import type { Vectorize, VectorizeFilter } from './bindings.ts';

/** Vectorize returns at most 100 matches when neither values nor metadata are asked for. */
export const VECTORIZE_MAX_TOP_K = 100;
/** Ids per getByIds call. */
const GET_BATCH = 20;

/** The Vectorize filter for a report filter: org and year are metadata indexes of the index. */
export function vectorizeFilter(filter: ReportFilter): VectorizeFilter | undefined {
  const f: VectorizeFilter = {};
  if (filter.org?.length) f.org = filter.org.length === 1 ? { $eq: filter.org[0]! } : { $in: filter.org };
  if (filter.year?.length) f.year = filter.year.length === 1 ? { $eq: filter.year[0]! } : { $in: filter.year };
  return Object.keys(f).length ? f : undefined;
}

/**
 * The VectorIndex over a Vectorize index (metric cosine, metadata indexes `org` string and
 * `year` number; vector ids are chunk ids). Like the Node index it filters by org and year only.
 * Distances are 1 − cosine similarity, nearest first, ties by chunk id.
 */
export class VectorizeIndex implements VectorIndex {
  constructor(private readonly index: Vectorize) {}

  async search(vector: number[], filter: ReportFilter, k: number): Promise<{ chunkId: number; distance: number }[]> {
    const f = vectorizeFilter(filter);
    const res = await this.index.query(vector, {
      topK: Math.min(k, VECTORIZE_MAX_TOP_K),
      returnValues: false,
      returnMetadata: 'none',
      ...(f ? { filter: f } : {}),
    });
    return res.matches
      .map((m) => ({ chunkId: Number(m.id), distance: 1 - m.score }))
      .filter((m) => Number.isInteger(m.chunkId))
      .sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId);
  }

  /** Distances to the given chunks only (the lexical candidates), from their stored vectors. */
  async score(vector: number[], chunkIds: number[]): Promise<{ chunkId: number; distance: number }[]> {
    if (chunkIds.length === 0) return [];
    const ids = [...new Set(chunkIds)].map(String);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += GET_BATCH) batches.push(ids.slice(i, i + GET_BATCH));
    const found = (await Promise.all(batches.map((b) => this.index.getByIds(b)))).flat();
    const q = Float32Array.from(vector);
    const qn = Math.hypot(...q) || 1;
    return found
      .map((v) => {
        let dot = 0;
        let vn = 0;
        for (let i = 0; i < v.values.length; i++) {
          const x = Math.fround(Number(v.values[i]));
          dot += x * q[i]!;
          vn += x * x;
        }
        return { chunkId: Number(v.id), distance: 1 - dot / (qn * (Math.sqrt(vn) || 1)) };
      })
      .filter((m) => Number.isInteger(m.chunkId))
      .sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId)
      .slice(0, chunkIds.length);
  }
}
