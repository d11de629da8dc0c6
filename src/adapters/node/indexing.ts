import { embedderFromEnv, type Env } from '../../llm/embeddings.ts';
import type { Embedder } from '../../retrieval/index-report.ts';
import { jiebaSegmenter, type JiebaSegmenter } from './segmenter.ts';

/** What ingest needs to index reports for retrieval on Node. */
export interface Indexing {
  segmenter: JiebaSegmenter;
  embedder: Embedder;
}

/** The segmenter and the embedder the environment configures (local hashed vectors by default). */
export async function indexingFromEnv(env: Env = process.env): Promise<Indexing> {
  const segmenter = jiebaSegmenter();
  return { segmenter, embedder: await embedderFromEnv(env, segmenter) };
}
