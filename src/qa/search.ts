import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Passage, ReportFilter, Segmenter, Store, VectorIndex } from '../domain/ports.ts';
import { QUERY_SYNONYMS } from '../domain/terms.ts';
import { EMBEDDINGS_UNAVAILABLE, providerFailure } from '../llm/provider-errors.ts';
import { charBigrams, topicWords } from '../retrieval/features.ts';

export interface SearchDeps {
  store: Store;
  vectors: VectorIndex;
  embeddings: EmbeddingsInterface;
  segmenter: Segmenter;
  /**
   * 'rescore': the vector leg ranks the lexical candidates only, instead of a KNN scan over every
   * vector — for lexical embedders (the local hashed one), where a scan adds little at high cost.
   */
  vectorMode?: 'knn' | 'rescore';
}

/** Thrown inside `ask` when the vectors cannot be compared with the question's: the answer is a refusal. */
export class RetrievalUnavailable extends Error {}

/**
 * Embeddings whose failure leaves the query without a vector (the search goes on lexically): the
 * failure is logged and the generic warning noted once. RetrievalUnavailable is not a failure
 * of the provider but a refusal, and goes through.
 */
export function guardedEmbeddings(
  embeddings: EmbeddingsInterface,
  notes: string[],
  log?: (line: string) => void,
): EmbeddingsInterface {
  const failed = (e: unknown) => {
    if (e instanceof RetrievalUnavailable) throw e;
    log?.(providerFailure('embeddings', e));
    if (!notes.includes(EMBEDDINGS_UNAVAILABLE)) notes.push(EMBEDDINGS_UNAVAILABLE);
  };
  return {
    embedQuery: (text) =>
      embeddings.embedQuery(text).catch((e: unknown) => {
        failed(e);
        return [];
      }),
    embedDocuments: (texts) =>
      embeddings.embedDocuments(texts).catch((e: unknown) => {
        failed(e);
        return texts.map(() => []);
      }),
  };
}

export interface RankedPassage extends Passage {
  score: number;
  /** Share of the query's topic words that occur in the passage (0–1). */
  coverage: number;
  lexicalRank: number | null;
  vectorRank: number | null;
}

export interface QueryTerms {
  words: string[];
  bigrams: string[];
}

const HAN_PAIR = /^[\u4e00-\u9fff]{2}$/;
const FRAME_TAIL = /(?<=[\u4e00-\u9fff]{2})(?:工作|情况|方面)$/;

/** RRF's constant: ranks below ~60 count little, as in the original paper. */
const RRF_K = 60;
const CANDIDATES = 50;

/** Topic words and their Han bigrams (bigrams of question words such as 做了什么 are noise). */
export function queryTerms(seg: Segmenter, text: string): QueryTerms {
  // A word jieba glued to a frame word (政务公开工作, 公开情况) asks what precedes it.
  const words = [...new Set(topicWords(seg, text).map((w) => w.replace(FRAME_TAIL, '')))];
  return { words, bigrams: [...new Set(words.flatMap((w) => charBigrams(w)))] };
}

/** The lexical query: the question's words plus the words reports use for them. */
function expanded(terms: QueryTerms): QueryTerms {
  return { words: [...new Set(terms.words.flatMap((w) => QUERY_SYNONYMS[w] ?? [w]))], bigrams: terms.bigrams };
}

/**
 * Share of the query's words found in a text: a word counts when it, a synonym, or — for a word
 * jieba glued together (人员培训 for 人员的业务培训) — most of its bigrams occur. Failing words,
 * the share of bigrams.
 */
export function coverage(terms: QueryTerms, text: string): number {
  const t = text.replace(/\s+/g, '');
  const met = (w: string) => {
    if ((QUERY_SYNONYMS[w] ?? [w]).some((s) => t.includes(s))) return true;
    // A two-character abbreviation of the report's words: 编印 for 编制印发, 发改 for 发展和改革.
    if (w.length === 2 && HAN_PAIR.test(w) && new RegExp(`${w[0]}[\u4e00-\u9fff]{1,4}${w[1]}`).test(t)) return true;
    const parts = w.length >= 4 ? charBigrams(w).filter((_, i) => i % 2 === 0) : [];
    return parts.length >= 2 && parts.every((b) => t.includes(b));
  };
  if (terms.words.length) return terms.words.filter(met).length / terms.words.length;
  if (terms.bigrams.length) return terms.bigrams.filter((b) => t.includes(b)).length / terms.bigrams.length;
  return 0;
}

/**
 * Hybrid search: BM25 over jieba words and Han bigrams (FTS5) and vector KNN (sqlite-vec or
 * Vectorize), fused by reciprocal rank, filtered by report metadata. `text` should already be
 * stripped of the org and year words the filter carries.
 */
export async function search(
  deps: SearchDeps,
  text: string,
  filter: ReportFilter,
  k: number,
): Promise<RankedPassage[]> {
  const terms = queryTerms(deps.segmenter, text);
  const lexical = await deps.store.searchText(expanded(terms), filter, CANDIDATES);
  const rescore = deps.vectorMode === 'rescore' && deps.vectors.score && !filter.org?.length;
  // No query vector (an empty text, or an embedder that failed): the lexical leg alone.
  const query = text.trim() ? await deps.embeddings.embedQuery(text) : [];
  const vector =
    query.length === 0
      ? []
      : rescore
        ? await deps.vectors.score!(
            query,
            lexical.map((h) => h.chunkId),
          )
        : await deps.vectors.search(query, filter, CANDIDATES);
  const fused = new Map<number, { score: number; lexicalRank: number | null; vectorRank: number | null }>();
  for (const [i, h] of lexical.entries())
    fused.set(h.chunkId, { score: 1 / (RRF_K + i + 1), lexicalRank: i + 1, vectorRank: null });
  vector.forEach((h, i) => {
    const e = fused.get(h.chunkId) ?? { score: 0, lexicalRank: null, vectorRank: null };
    e.score += 1 / (RRF_K + i + 1);
    e.vectorRank = i + 1;
    fused.set(h.chunkId, e);
  });
  const top = [...fused].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, k);
  const passages = await deps.store.passages(top.map(([id]) => id));
  const meta = new Map(top);
  return passages.map((p) => ({ ...p, ...meta.get(p.chunkId)!, coverage: coverage(terms, `${p.section}${p.text}`) }));
}
