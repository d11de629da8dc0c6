import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Env } from './embeddings.ts';
import { llmEndpoint } from './llm-env.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_RETRIES = 2;
/** A 429 asking to wait longer than this is not retried (the answer falls back instead). */
const MAX_RETRY_AFTER_MS = 30_000;

function intFrom(value: string | undefined, fallback: number, min: number): number {
  const n = Number(value?.trim());
  return value?.trim() && Number.isInteger(n) && n >= min ? n : fallback;
}

/**
 * The chat model the environment configures, or null (no LLM: everything stays deterministic).
 * Any OpenAI-compatible /chat/completions endpoint: DeepSeek, DashScope compatible mode, Ollama,
 * vLLM, Workers AI /ai/v1.
 *
 * - LLM_BASE_URL, LLM_MODEL: required (e.g. https://api.deepseek.com/v1, deepseek-chat)
 * - LLM_API_KEY: optional for local servers
 * - LLM_TIMEOUT_MS: per request, default 20000
 * - LLM_MAX_RETRIES: default 2 (429 and 5xx, timeouts and connection errors are retried)
 * - LLM_TEMPERATURE: default 0; "default" leaves it to the server
 */
export function chatModelFromEnv(env: Env): BaseChatModel | null {
  const endpoint = llmEndpoint(env);
  if (!endpoint) return null;
  const { baseURL, model } = endpoint;
  const t = env.LLM_TEMPERATURE?.trim();
  const temperature = t === 'default' ? undefined : t && Number.isFinite(Number(t)) ? Number(t) : 0;
  const timeout = intFrom(env.LLM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1);
  return new ChatOpenAI({
    model,
    apiKey: env.LLM_API_KEY?.trim() || 'not-needed',
    // The client's timeout ends when the response headers arrive; the body (an SSE stream) is
    // guarded by idleTimeoutFetch, so a server that stalls mid-answer cannot hang the request.
    configuration: { baseURL, fetch: idleTimeoutFetch(timeout) },
    timeout,
    maxRetries: intFrom(env.LLM_MAX_RETRIES, DEFAULT_MAX_RETRIES, 0),
    onFailedAttempt: retryPolicy,
    // Compatible servers speak /chat/completions only; some reject stream_options.
    useResponsesApi: false,
    streamUsage: false,
    ...(temperature === undefined ? {} : { temperature }),
  });
}

/**
 * A fetch whose response body fails when no bytes arrive for `idleMs` (between SSE chunks, or
 * before the first one). Standard fetch and streams only: runs on Node and Workers alike.
 */
export function idleTimeoutFetch(idleMs: number, base?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const res = await (base ?? fetch)(input, init);
    if (!res.body) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const idle = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`LLM endpoint sent nothing for ${idleMs} ms`)), idleMs);
        });
        try {
          const r = await Promise.race([reader.read(), idle]);
          if (r.done) controller.close();
          else controller.enqueue(r.value);
        } catch (e) {
          reader.cancel(e).catch(() => {});
          controller.error(e);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

interface HttpishError {
  name?: string;
  message?: string;
  status?: number;
  code?: string;
  error?: { code?: string };
  response?: { status?: number };
  headers?: { get?(name: string): string | null } & Record<string, unknown>;
  retryAfterMs?: number;
}

function retryAfterMs(e: HttpishError): number | undefined {
  const raw =
    typeof e.headers?.get === 'function'
      ? e.headers.get('retry-after')
      : (e.headers?.['retry-after'] as string | undefined);
  if (raw == null || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Which failed attempts are retried (LangChain's AsyncCaller calls this; throwing stops). Unlike
 * LangChain's default, a 429 without Retry-After is retried too (DashScope, DeepSeek and vLLM
 * throttle without one), unless the quota is exhausted; other 4xx are not retried.
 */
export function retryPolicy(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const e = error as HttpishError;
  const message = e.message ?? '';
  if (e.name === 'AbortError' || message.startsWith('AbortError') || message.startsWith('Cancel')) throw error;
  if (e.name === 'ContextOverflowError') throw error;
  const status = e.status ?? e.response?.status;
  if (status === 429) {
    if (
      e.code === 'insufficient_quota' ||
      e.error?.code === 'insufficient_quota' ||
      /quota|billing|credit|余额|欠费/i.test(message)
    )
      throw error;
    const wait = retryAfterMs(e);
    if (wait !== undefined) {
      if (wait > MAX_RETRY_AFTER_MS) throw error;
      e.retryAfterMs = wait;
    }
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408) throw error;
}
