import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Segmenter } from '../domain/ports.ts';
import { charBigrams, topicWords } from './features.ts';

export const HASHED_PROVIDER = 'local-hashed';
export const HASHED_MODEL = 'jieba-words+han-bigrams/fnv1a';

/**
 * The default embedder, needing no model download or key: a bag of jieba topic words and Han
 * bigrams, each hashed (FNV-1a) to one of `dims` signed buckets, weighted 1 + ln(tf) (bigrams at
 * half weight), L2-normalised. It is lexical, not semantic: synonyms that share no characters do
 * not meet. An OpenAI-compatible embedding endpoint replaces it for semantic matching.
 */
export class HashedEmbeddings extends Embeddings {
  readonly dims: number;
  private readonly seg: Segmenter;

  constructor(opts: { segmenter: Segmenter; dims?: number } & EmbeddingsParams) {
    super(opts);
    this.seg = opts.segmenter;
    this.dims = opts.dims ?? 256;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  vector(text: string): number[] {
    const tf = new Map<string, number>();
    for (const w of topicWords(this.seg, text)) tf.set(`w:${w}`, (tf.get(`w:${w}`) ?? 0) + 1);
    for (const b of charBigrams(text)) tf.set(`b:${b}`, (tf.get(`b:${b}`) ?? 0) + 1);
    const v = new Array<number>(this.dims).fill(0);
    for (const [feature, n] of tf) {
      const h = fnv1a(feature);
      const weight = (1 + Math.log(n)) * (feature.startsWith('b:') ? 0.5 : 1);
      v[h % this.dims]! += h & 0x80000000 ? -weight : weight;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
