import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Segmenter } from '../domain/ports.ts';
import type { Cell, Section } from '../domain/types.ts';
import { proseChunks, tableRowChunks, type ChunkSpan } from './chunk.ts';
import { charBigrams, topicWords } from './features.ts';

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

/** Chunks a report and computes what its lexical and vector indexes store. */
export async function indexReport(text: string, sections: Section[], cells: Cell[], seg: Segmenter, embedder: Embedder): Promise<IndexedChunk[]> {
  const spans = [...proseChunks(text, sections), ...tableRowChunks(cells)];
  // A prose chunk is indexed with its section path, so "平台建设方面" finds the subsection's text.
  const texts = spans.map((s) => s.indexText ?? `${s.section} ${text.slice(s.start, s.end)}`);
  const prose = spans.flatMap((s, i) => (s.kind === 'prose' ? [i] : []));
  const vectors = await embedder.embeddings.embedDocuments(prose.map((i) => texts[i]!));
  const vectorOf = new Map(prose.map((i, k) => [i, vectors[k]!]));
  return spans.map((s, i) => ({
    ...s,
    words: topicWords(seg, texts[i]!).join(' '),
    bigrams: charBigrams(texts[i]!).join(' '),
    vector: vectorOf.get(i) ?? null,
  }));
}
