import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Segmenter } from '../domain/ports.ts';
import type { Cell, Section } from '../domain/types.ts';
import { proseChunks, tableRowChunks, type ChunkSpan } from './chunk.ts';
import { charBigrams, topicWords } from './features.ts';
import type { FeatureEmbeddings } from './hashed-embeddings.ts';

/** Which embedder made a database's vectors; a database never mixes two. */
export interface EmbedderInfo {
  provider: string;
  model: string;
  dims: number;
}

export interface Embedder {
  embeddings: EmbeddingsInterface;
  info: EmbedderInfo;
}

export interface IndexedChunk extends ChunkSpan {
  /** Space-separated jieba topic words and Han bigrams, for FTS5. */
  words: string;
  bigrams: string;
  /** Prose only: table rows are found lexically, and their numbers answered from cells. */
  vector: number[] | null;
}

/** The text a chunk is indexed with: a table group's labels, or its section path and prose. */
export function indexTextOf(span: ChunkSpan, reportText: string): string {
  // The section path goes with the prose, so "平台建设方面" finds the subsection's text.
  return span.indexText ?? `${span.section} ${reportText.slice(span.start, span.end)}`;
}

/** Han bigrams a chunk is indexed with: prose only, since every report's table labels read the same. */
export function indexBigrams(span: Pick<ChunkSpan, 'kind'>, indexText: string): string[] {
  return span.kind === 'prose' ? charBigrams(indexText) : [];
}

/** Chunks a report and computes what its lexical and vector indexes store. */
export async function indexReport(
  text: string,
  sections: Section[],
  cells: Cell[],
  seg: Segmenter,
  embedder: Embedder,
): Promise<IndexedChunk[]> {
  const spans = [...proseChunks(text, sections, cells.length > 0), ...tableRowChunks(cells)];
  const texts = spans.map((s) => indexTextOf(s, text));
  const words = texts.map((t) => topicWords(seg, t));
  const bigrams = spans.map((s, i) => indexBigrams(s, texts[i]!));
  const prose = spans.flatMap((s, i) => (s.kind === 'prose' ? [i] : []));
  // The local embedder hashes the same words and bigrams the lexical index gets: computed once.
  const features =
    'embedFeatures' in embedder.embeddings ? (embedder.embeddings as EmbeddingsInterface & FeatureEmbeddings) : null;
  const vectors = features
    ? prose.map((i) => features.embedFeatures(words[i]!, bigrams[i]!))
    : await embedder.embeddings.embedDocuments(prose.map((i) => texts[i]!));
  const vectorOf = new Map(prose.map((i, k) => [i, vectors[k]!]));
  return spans.map((s, i) => ({
    ...s,
    words: words[i]!.join(' '),
    bigrams: bigrams[i]!.join(' '),
    vector: vectorOf.get(i) ?? null,
  }));
}
