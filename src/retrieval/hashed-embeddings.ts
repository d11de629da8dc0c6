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
    return this.embedFeatures(topicWords(this.seg, text), charBigrams(text));
  }

  /** The vector of a text's topic words and bigrams, when the indexer has them already. */
  embedFeatures(words: string[], bigrams: string[]): number[] {
    const dims = this.dims;
    const v = new Float64Array(dims);
    // Features are counted by their hash: "w:word" and "b:bigram" hashed on from the prefix's
    // state, with no strings built. Two features of one chunk sharing a 32-bit hash would count
    // as one; rare, and harmless, since questions are embedded the same way.
    const add = (features: string[], prefixState: number, scale: number) => {
      const tf = new Map<number, number>();
      for (const f of features) {
        const h = fnv1a(f, prefixState);
        tf.set(h, (tf.get(h) ?? 0) + 1);
      }
      for (const [h, n] of tf) {
        const weight = (1 + Math.log(n)) * scale;
        v[h % dims]! += h & 0x80000000 ? -weight : weight;
      }
    };
    add(words, WORD_PREFIX, 1);
    add(bigrams, BIGRAM_PREFIX, 0.5);
    let squares = 0;
    for (let i = 0; i < dims; i++) squares += v[i]! * v[i]!;
    const norm = Math.sqrt(squares) || 1;
    const out = new Array<number>(dims);
    for (let i = 0; i < dims; i++) out[i] = v[i]! / norm;
    return out;
  }
}

/** Embeddings that can take the words and bigrams an indexer already computed. */
export interface FeatureEmbeddings {
  embedFeatures(words: string[], bigrams: string[]): number[];
}

function fnv1a(s: string, from = 0x811c9dc5): number {
  let h = from;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const WORD_PREFIX = fnv1a('w:');
const BIGRAM_PREFIX = fnv1a('b:');
