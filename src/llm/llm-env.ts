import type { Env } from './embeddings.ts';

/**
 * The chat endpoint the environment configures (LLM_BASE_URL and LLM_MODEL, both required), or
 * null: no LLM, everything stays deterministic. Apart from the client (config.ts), so that a
 * process can tell without loading LangChain's OpenAI client, which takes a second.
 */
export function llmEndpoint(env: Env): { baseURL: string; model: string } | null {
  const baseURL = env.LLM_BASE_URL?.trim();
  const model = env.LLM_MODEL?.trim();
  return baseURL && model ? { baseURL, model } : null;
}
