import type { Segmenter } from '../domain/ports.ts';
import { HASHED_MODEL, HASHED_PROVIDER, HashedEmbeddings } from '../retrieval/hashed-embeddings.ts';
import type { Embedder } from '../retrieval/index-report.ts';

export type Env = Record<string, string | undefined>;

export const LOCAL_DIMS = 256;

/**
 * The embedder the environment asks for: any OpenAI-compatible /v1/embeddings endpoint (bge-m3
 * via Ollama, Xinference, vLLM, SiliconFlow, DashScope) when EMBEDDINGS_BASE_URL is set, else the
 * local hashed embedder. The endpoint's dimension is learnt from one probe request.
 */
export async function embedderFromEnv(env: Env, segmenter: Segmenter): Promise<Embedder> {
  const baseURL = env.EMBEDDINGS_BASE_URL;
  if (!baseURL) {
    return {
      embeddings: new HashedEmbeddings({ segmenter, dims: LOCAL_DIMS }),
      info: { provider: HASHED_PROVIDER, model: HASHED_MODEL, dims: LOCAL_DIMS },
    };
  }
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const model = env.EMBEDDINGS_MODEL ?? 'bge-m3';
  const embeddings = new OpenAIEmbeddings({
    model,
    apiKey: env.EMBEDDINGS_API_KEY ?? 'not-needed',
    configuration: { baseURL },
    batchSize: Number(env.EMBEDDINGS_BATCH ?? 32),
    maxRetries: 5,
    // The client asks for base64 by default, which several compatible servers do not speak.
    encodingFormat: 'float',
  });
  const dims = (await embeddings.embedQuery('政府信息公开')).length;
  return { embeddings, info: { provider: 'openai-compatible', model, dims } };
}
