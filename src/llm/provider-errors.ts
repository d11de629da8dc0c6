import { errorMessage } from './text.ts';

/**
 * What callers are told when a model provider fails. Never the provider's own text: it reaches
 * the page and WeCom, and a provider may echo the request, key included. The error goes to the log.
 */
export const LLM_UNAVAILABLE = '语言模型暂时不可用，已给出不经模型的答案';
export const EMBEDDINGS_UNAVAILABLE = '向量检索暂时不可用，本回答只用全文检索';

/** The log line of a provider failure: one line, the provider's message cut short. */
export function providerFailure(what: string, e: unknown): string {
  return `${what} failed: ${errorMessage(e)}`;
}
