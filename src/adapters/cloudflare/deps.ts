import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { VectorIndex } from '../../domain/ports.ts';
import type { Answer, Turn } from '../../domain/types.ts';
import { chatModelFromEnv } from '../../llm/config.ts';
import { EMBEDDINGS_UNAVAILABLE, providerFailure } from '../../llm/provider-errors.ts';
import { ask, type AskDeps } from '../../qa/ask.ts';
import { RetrievalUnavailable } from '../../qa/search.ts';
import { buildCorpusIndex, type CorpusIndex } from '../../qa/corpus.ts';
import { HASHED_MODEL, HASHED_PROVIDER, HashedEmbeddings } from '../../retrieval/hashed-embeddings.ts';
import type { EmbedderInfo } from '../../retrieval/index-report.ts';
import type { WorkerEnv } from './bindings.ts';
import { storeFromEnv, vectorsFromEnv, type WorkerStore } from './sharded-d1.ts';
import { corpusWords, wasmSegmenter, WASM_SEGMENTER, type JiebaWasm, type WasmJiebaSegmenter } from './segmenter.ts';
import { BGE_M3, MODEL_DIMS, WORKERS_AI_PROVIDER, WorkersAIEmbeddings } from './workers-ai-embeddings.ts';

export type EmbeddingsMode = 'workers-ai' | 'local-hashed' | 'off';

/** The string vars of env (wrangler [vars] and secrets), for the WeCom and LLM config. */
export function stringVars(env: WorkerEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function embeddingsMode(env: WorkerEnv): EmbeddingsMode {
  const m = (env.EMBEDDINGS ?? 'workers-ai').trim();
  if (m === 'workers-ai' || m === 'local-hashed' || m === 'off') return m;
  throw new Error(`EMBEDDINGS must be "workers-ai", "local-hashed" or "off", not "${m}"`);
}

const modelName = (m: string) =>
  m
    .toLowerCase()
    .replace(/^@cf\/[^/]+\//, '')
    .replace(/^baai\//, '');

/**
 * Why the loaded vectors cannot serve this Worker's query embedder, or null when they can.
 * `have` is what the export recorded in index_meta; `vectorizeDims` what the Vectorize index says.
 */
export function embedderMismatch(
  mode: EmbeddingsMode,
  want: EmbedderInfo,
  have: Map<string, string>,
  vectorizeDims: number | null,
): string | null {
  if (mode === 'off') return null;
  const provider = have.get('provider');
  const dims = Number(have.get('dims'));
  const fix =
    mode === 'workers-ai'
      ? `请先用 bge-m3 重新嵌入（Node 端 EMBEDDINGS_BASE_URL=… EMBEDDINGS_MODEL=bge-m3 npm run reindex），再 npm run export:d1 并把新的向量文件载入 Vectorize；或在 wrangler.toml 设 EMBEDDINGS = "local-hashed" 使用导出的本地向量`
      : '请用 npm run export:d1 从本地（local-hashed）嵌入的数据库重新导出并载入，或改设 EMBEDDINGS = "workers-ai" 并载入 bge-m3 向量';
  const mismatch = (what: string) =>
    `检索类问题暂不能回答：${what}，与本 Worker 的查询向量（${want.provider} ${want.model}，${want.dims} 维）不一致，无法比较。${fix}。数字类问题（表格数据）不受影响。`;
  if (!provider) return mismatch('导入的数据没有记录嵌入模型（index_meta 为空）');
  const haveModel = have.get('model') ?? '';
  if (dims !== want.dims) return mismatch(`导入的向量由 ${provider} ${haveModel} 生成，${dims} 维`);
  if (vectorizeDims !== null && vectorizeDims !== want.dims) return mismatch(`Vectorize 索引是 ${vectorizeDims} 维`);
  if (
    mode === 'local-hashed' &&
    (provider !== HASHED_PROVIDER || haveModel !== HASHED_MODEL || have.get('segmenter') !== WASM_SEGMENTER)
  ) {
    return mismatch(`导入的向量由 ${provider} ${haveModel}（分词：${have.get('segmenter') ?? '未记录'}）生成`);
  }
  if (mode === 'workers-ai' && modelName(haveModel) !== modelName(want.model))
    return mismatch(`导入的向量由 ${provider} ${haveModel} 生成`);
  return null;
}

interface Ready {
  key: string;
  corpus: CorpusIndex;
  /** Set when the vectors cannot be used: retrieval questions are refused with it. */
  mismatch: string | null;
  /** Set when vector search is switched off or the index is empty: answers say so. */
  note: string | null;
}

export interface WorkerDeps {
  store: WorkerStore;
  segmenter: WasmJiebaSegmenter;
  info: EmbedderInfo | null;
  answer(question: string, history: Turn[], onToken?: (text: string) => void): Promise<Answer>;
  /** The AskDeps of one question; notes about degraded vector search are pushed to `notes`. */
  askDeps(notes: string[]): Promise<AskDeps & { ready: Ready }>;
}

/**
 * Everything `ask` needs on Workers: D1 for the Store (one database, or shards merged into one
 * Store: sharded-d1.ts), Vectorize for the VectorIndex (one index per shard), Workers AI
 * bge-m3 (or the local hashed embedder, or none) for query vectors, jieba-wasm for segmentation,
 * the optional LLM from the same env vars as on Node. The corpus index is rebuilt when a new
 * export was loaded (a cheap fingerprint query per question).
 */
export function createWorkerDeps(env: WorkerEnv, jieba: JiebaWasm): WorkerDeps {
  const store = storeFromEnv(env);
  const segmenter = wasmSegmenter(jieba);
  const mode = embeddingsMode(env);
  const vars = stringVars(env);
  const llm = chatModelFromEnv(vars);
  let embeddings: EmbeddingsInterface | null = null;
  let info: EmbedderInfo | null = null;
  let hashedDims = 0;
  if (mode === 'workers-ai') {
    const model = env.EMBEDDINGS_MODEL?.trim() || BGE_M3;
    const dims = MODEL_DIMS[model];
    if (!dims)
      throw new Error(
        `EMBEDDINGS_MODEL ${model} is not a Workers AI embedding model this adapter knows (${Object.keys(MODEL_DIMS).join(', ')})`,
      );
    info = { provider: WORKERS_AI_PROVIDER, model, dims };
    if (env.AI) embeddings = new WorkersAIEmbeddings({ ai: env.AI, model });
  }
  const vectors = vectorsFromEnv(env);

  let ready: Ready | null = null;
  let pending: Promise<Ready> | null = null;
  const load = async (key: string): Promise<Ready> => {
    // Caches first: the sharded store's directory comes with the fresh report list.
    store.invalidate();
    const reports = await store.reports();
    segmenter.addWords(corpusWords(reports));
    const meta = await store.indexMeta();
    if (mode === 'local-hashed') {
      // The dimension of the exported local vectors (256 unless the Node side chose otherwise).
      hashedDims = Number(meta.get('dims')) || 256;
      info = { provider: HASHED_PROVIDER, model: HASHED_MODEL, dims: hashedDims };
      embeddings = new HashedEmbeddings({ segmenter, dims: hashedDims });
    }
    let note: string | null = null;
    let vectorizeDims: number | null = null;
    if (mode === 'off') note = '向量检索已关闭（EMBEDDINGS = "off"），本回答只用全文检索（FTS5）。';
    else if (!vectors) note = '未绑定 Vectorize 索引，本回答只用全文检索（FTS5）。';
    else if (!embeddings) note = '未绑定 Workers AI，无法生成查询向量，本回答只用全文检索（FTS5）。';
    else {
      try {
        const d = await vectors.describe();
        vectorizeDims = d.dimensions;
        if (d.vectorCount === 0)
          note =
            'Vectorize 索引中还没有向量（请 wrangler vectorize insert 导出的 NDJSON），本回答只用全文检索（FTS5）。';
      } catch {
        // Unreachable now (e.g. wrangler dev --local): each search will try, and say so if it fails.
      }
    }
    const mismatch = info ? embedderMismatch(mode, info, meta, vectorizeDims) : null;
    return { key, corpus: buildCorpusIndex(reports), mismatch, note };
  };
  const current = async (): Promise<Ready> => {
    const key = await store.fingerprint();
    if (ready?.key === key) return ready;
    pending ??= load(key).finally(() => (pending = null));
    ready = await pending;
    return ready;
  };

  const askDeps = async (notes: string[]): Promise<AskDeps & { ready: Ready }> => {
    const r = await current();
    const note = (text: string) => {
      if (!notes.includes(text)) notes.push(text);
    };
    const guardedEmbeddings: EmbeddingsInterface = {
      embedDocuments: async (texts) => Promise.all(texts.map((t) => guardedEmbeddings.embedQuery(t))),
      embedQuery: async (text) => {
        if (r.mismatch) throw new RetrievalUnavailable(r.mismatch);
        if (r.note || !embeddings || !vectors) {
          if (r.note) note(r.note);
          return [];
        }
        try {
          return await embeddings.embedQuery(text);
        } catch (e) {
          console.error(providerFailure('embeddings (Workers AI)', e));
          note(`${EMBEDDINGS_UNAVAILABLE}（FTS5）。`);
          return [];
        }
      },
    };
    const guard = async <T>(vector: number[], run: () => Promise<T[]>): Promise<T[]> => {
      if (vector.length === 0 || !vectors) return [];
      if (info && vector.length !== info.dims)
        throw new RetrievalUnavailable(
          `检索类问题暂不能回答：查询向量是 ${vector.length} 维，而索引是 ${info.dims} 维，无法比较。`,
        );
      try {
        return await run();
      } catch (e) {
        console.error(providerFailure('vector search (Vectorize)', e));
        note(`${EMBEDDINGS_UNAVAILABLE}（FTS5）。`);
        return [];
      }
    };
    const guardedVectors: VectorIndex = {
      search: (vector, filter, k) => guard(vector, () => vectors!.search(vector, filter, k)),
      score: (vector, chunkIds) => guard(vector, () => vectors!.score(vector, chunkIds)),
    };
    return {
      ready: r,
      store,
      segmenter,
      embeddings: guardedEmbeddings,
      vectors: guardedVectors,
      // As on Node: a lexical embedder re-scores the lexical candidates instead of a KNN scan.
      vectorMode: mode === 'local-hashed' ? 'rescore' : 'knn',
      corpus: async () => r.corpus,
      ...(llm ? { llm } : {}),
      log: (line: string) => console.error(line),
    };
  };

  return {
    store,
    segmenter,
    get info() {
      return info;
    },
    askDeps,
    async answer(question, history, onToken) {
      const notes: string[] = [];
      const deps = await askDeps(notes);
      try {
        const a = await ask(deps, question, history, onToken);
        return notes.length && (a.route === 'retrieval' || a.route === 'hybrid')
          ? { ...a, warnings: [...(a.warnings ?? []), ...notes] }
          : a;
      } catch (e) {
        if (!(e instanceof RetrievalUnavailable)) throw e;
        return {
          answer: e.message,
          route: 'none',
          refused: true,
          citations: [],
          warnings: [e.message],
          timings: { totalMs: 0 },
        };
      }
    },
  };
}
