import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Ai } from './bindings.ts';

export const BGE_M3 = '@cf/baai/bge-m3';
export const WORKERS_AI_PROVIDER = 'workers-ai';
/** Dimensions of the Workers AI embedding models this adapter knows. */
export const MODEL_DIMS: Record<string, number> = {
  '@cf/baai/bge-m3': 1024,
  '@cf/baai/bge-base-en-v1.5': 768,
  '@cf/baai/bge-small-en-v1.5': 384,
  '@cf/baai/bge-large-en-v1.5': 1024,
};

/**
 * LangChain Embeddings over Workers AI (`env.AI.run('@cf/baai/bge-m3', { text })`), batched,
 * retried by LangChain's caller. The model answers `{ shape: [n, dims], data: number[][] }`.
 */
export class WorkersAIEmbeddings extends Embeddings {
  readonly model: string;
  readonly batchSize: number;
  private readonly ai: Ai;

  constructor(opts: { ai: Ai; model?: string; batchSize?: number } & EmbeddingsParams) {
    super({ maxRetries: 3, ...opts });
    this.ai = opts.ai;
    this.model = opts.model ?? BGE_M3;
    this.batchSize = opts.batchSize ?? 50;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize)
      out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedBatch([text]))[0]!;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const res = (await this.caller.call(() => this.ai.run(this.model, { text: texts, truncate_inputs: true }))) as {
      data?: unknown;
      shape?: number[];
    };
    const data = res?.data;
    if (!Array.isArray(data) || data.length !== texts.length || !data.every((v) => Array.isArray(v))) {
      throw new Error(`Workers AI ${this.model} returned no embeddings for ${texts.length} text(s)`);
    }
    return data as number[][];
  }
}
