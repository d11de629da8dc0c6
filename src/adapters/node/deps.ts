import type { ReportInfo } from '../../domain/ports.ts';
import type { AskDeps } from '../../qa/ask.ts';
import { buildCorpusIndex, type CorpusIndex } from '../../qa/corpus.ts';
import { warmUp } from '../../qa/warm-up.ts';
import { embedderFromEnv, type Env } from '../../llm/embeddings.ts';
import { llmEndpoint } from '../../llm/llm-env.ts';
import { statement, type DB } from './db.ts';
import { storedOrgNames } from './org-name-table.ts';
import { jiebaSegmenter } from './segmenter.ts';
import { SqliteStore } from './sqlite-store.ts';
import { AnnIndex } from './ann-index.ts';
import { indexInfo, SqliteVectorIndex } from './vector-index.ts';

/** The orgs and regions the reports name, read when the segmenter's dictionary is loaded. */
function* namesOf(reports: ReportInfo[]): Generator<string> {
  for (const r of reports) {
    if (r.org) yield r.org;
    if (r.region) yield r.region;
  }
}

export interface NodeDeps extends AskDeps {
  store: SqliteStore;
  /**
   * Builds the corpus index ahead of the first question, then answers WARM_UP_QUESTIONS of its
   * own (qa/warm-up.ts) one at a time, so that V8 compiles the answer code in idle time, until
   * `stop` says so; resolves with how many it answered. The segmenter's dictionary is left to the first question that
   * cuts words: loading it blocks the thread for a second, which a question answered from the
   * tables alone would wait for if it came meanwhile.
   */
  warm(stop?: () => boolean): Promise<number>;
  close(): void;
}

/** In a fresh process a table question's p95 falls to about its p50 after ~1,000 questions (README). */
export const WARM_UP_QUESTIONS = 1000;

/**
 * Everything `ask` needs on Node, over one SQLite file. The corpus index (orgs, years, aliases)
 * is rebuilt when the reports change, checked by a cheap fingerprint query per question.
 */
export async function createNodeDeps(db: DB, env: Env = process.env): Promise<NodeDeps> {
  const segmenter = jiebaSegmenter();
  const embedder = await embedderFromEnv(env, segmenter);
  const have = indexInfo(db);
  if (
    have &&
    (have.provider !== embedder.info.provider || have.model !== embedder.info.model || have.dims !== embedder.info.dims)
  ) {
    throw new Error(
      `the database was indexed with ${have.provider} ${have.model} (${have.dims} dims) but the service is configured for ${embedder.info.provider} ${embedder.info.model}: run \`npm run reindex\``,
    );
  }
  // A semantic embedder finds passages sharing no words with the question: its vectors are searched
  // by themselves (through the ANN index), where the hashed one only re-ranks lexical candidates.
  const semantic = embedder.info.provider !== 'local-hashed';
  const store = new SqliteStore(db);
  let cached: { key: string; corpus: CorpusIndex } | null = null;
  // data_version moves when another connection commits, total_changes when this one writes.
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  const changes = () => (statement(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
  const corpus = async () => {
    const version = dataVersion();
    if (cached?.key !== `${version}:${changes()}`) {
      const reports = await store.reports();
      segmenter.addWords(namesOf(reports));
      store.invalidate();
      const index = buildCorpusIndex(reports, { storedNames: (sources) => storedOrgNames(db, sources) });
      // Counted after the org names the build may have written, which change no report.
      cached = { key: `${version}:${changes()}`, corpus: index };
    }
    return cached.corpus;
  };
  // LangChain's OpenAI client is loaded only when an LLM is configured: it takes a second.
  const llm = llmEndpoint(env) ? (await import('../../llm/config.ts')).chatModelFromEnv(env) : null;
  const deps: NodeDeps = {
    ...(llm ? { llm } : {}),
    store,
    vectors: new SqliteVectorIndex(db, semantic ? new AnnIndex(db, embedder.info) : undefined),
    embeddings: embedder.embeddings,
    segmenter,
    vectorMode: semantic ? 'knn' : 'rescore',
    corpus,
    log: (line) => console.error(line),
    warm: async (stop) => {
      await corpus();
      return warmUp(deps, WARM_UP_QUESTIONS, stop);
    },
    close: () => store.close(),
  };
  return deps;
}
