/**
 * The real ChatOpenAI client from chatModelFromEnv against a small OpenAI-compatible stub on
 * 127.0.0.1: non-streaming JSON and `stream: true` SSE, delays, 429/500 then 200.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { METRICS } from '../domain/metrics.ts';
import { answerWithLlm, type AnswerPassage } from './answer.ts';
import { chatModelFromEnv } from './config.ts';
import { rewriteFollowUp } from './followup.ts';
import { llmPlan, type PlanContext } from './planner.ts';
import { LLM_UNAVAILABLE } from './provider-errors.ts';

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** The assistant's content: one string (JSON reply, or one SSE chunk) or SSE chunks. */
  content?: string | string[];
  /** A raw body instead (for errors). */
  body?: string;
  /** Stop sending (but keep the connection open) after this many SSE chunks. */
  stallAfter?: number;
}

interface Seen {
  auth: string | undefined;
  body: { model: string; stream?: boolean; messages: { role: string; content: string }[]; temperature?: number };
}

let server: Server;
let baseURL = '';
let script: Reply[] = [];
let seen: Seen[] = [];

function completion(content: string) {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1700000000,
    model: 'stub-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'stub-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = '';
  for await (const part of req) raw += String(part);
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(raw) as Seen['body'];
  seen.push({ auth: req.headers.authorization, body });
  const reply = script.shift() ?? { status: 500, body: '{"error":{"message":"script exhausted"}}' };
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (res.destroyed) return;
  const status = reply.status ?? 200;
  if (status !== 200 || reply.body !== undefined) {
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body ?? '{}');
    return;
  }
  const parts = Array.isArray(reply.content) ? reply.content : [reply.content ?? ''];
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(parts.join(''))));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}\n\n`);
  for (const [i, p] of parts.entries()) {
    if (i === reply.stallAfter) return;
    res.write(`data: ${JSON.stringify(chunk({ content: p }))}\n\n`);
    await new Promise((r) => setTimeout(r, 2));
  }
  res.write(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
  res.end('data: [DONE]\n\n');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  script = [];
  seen = [];
});

const env = (extra: Record<string, string> = {}) => ({
  LLM_BASE_URL: baseURL,
  LLM_MODEL: 'stub-model',
  LLM_API_KEY: 'sk-test',
  ...extra,
});
const model = (extra: Record<string, string> = {}) => chatModelFromEnv(env(extra))!;

const CONTEXT: PlanContext = {
  orgs: ['花马池镇', '古城镇'],
  years: [2021, 2022],
  metrics: METRICS.map((m) => ({ id: m.id, name: m.name })),
};
const PLAN = {
  intent: 'lookup',
  metric: 't2.penalty.decisions',
  orgs: ['花马池镇'],
  years: [2021],
  confidence: 0.9,
  notes: [],
};
const PASSAGES: AnswerPassage[] = [
  {
    n: 1,
    title: '花马池镇2021年政府信息公开工作年度报告',
    section: '二、主动公开政府信息情况',
    quote: '本年度作出行政处罚决定37件，行政许可决定120件。',
  },
  {
    n: 2,
    title: '花马池镇2021年政府信息公开工作年度报告',
    section: '三、收到和处理政府信息公开申请情况',
    quote: '全年共受理政府信息公开申请12件，全部按期答复。',
  },
];
const FALLBACK = '- 本年度作出行政处罚决定37件，行政许可决定120件。 [1]';
const STREAM = ['本年度', '作出行政处罚', '决定37件[1]', '，受理申请', '12件[2]', '。'];

describe('OpenAI-compatible endpoint (stub)', () => {
  it('non-streaming: llmPlan sends the prompt and returns the validated plan', async () => {
    script = [{ content: JSON.stringify(PLAN) }];
    expect(await llmPlan(model(), '花马池镇2021年行政处罚多少件？', CONTEXT)).toEqual(PLAN);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.auth).toBe('Bearer sk-test');
    expect(seen[0]!.body.model).toBe('stub-model');
    expect(seen[0]!.body.stream).toBeFalsy();
    expect(seen[0]!.body.temperature).toBe(0);
    expect(seen[0]!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(seen[0]!.body.messages[1]!.content).toContain('<question>\n花马池镇2021年行政处罚多少件？\n</question>');
  });

  it('streaming: tokens arrive in order, the verified answer is returned', async () => {
    script = [{ content: STREAM }];
    const tokens: string[] = [];
    const out = await answerWithLlm(model(), '行政处罚多少件？', PASSAGES, undefined, FALLBACK, (t) => tokens.push(t));
    expect(tokens).toEqual(STREAM);
    expect(out).toEqual({ text: STREAM.join(''), warnings: [] });
    expect(seen[0]!.body.stream).toBe(true);
  });

  it('streaming: a fabricated number in the streamed answer → fallback', async () => {
    script = [{ content: ['本年度作出行政处罚决定', '9999件[1]。'] }];
    const out = await answerWithLlm(model(), '行政处罚多少件？', PASSAGES, undefined, FALLBACK);
    expect(out.text).toBe(FALLBACK);
    expect(out.warnings[0]).toContain('9999');
  });

  it('timeout: a reply slower than LLM_TIMEOUT_MS → fallback with a warning; llmPlan → null', async () => {
    script = [{ delayMs: 3000, content: STREAM }];
    const t0 = Date.now();
    const logs: string[] = [];
    const out = await answerWithLlm(
      model({ LLM_TIMEOUT_MS: '200', LLM_MAX_RETRIES: '0' }),
      'q',
      PASSAGES,
      undefined,
      FALLBACK,
      undefined,
      (l) => logs.push(l),
    );
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(out).toEqual({ text: FALLBACK, warnings: [LLM_UNAVAILABLE] });
    expect(logs[0]).toMatch(/^llm: answer failed: .*time/i);

    script = [{ delayMs: 3000, content: JSON.stringify(PLAN) }];
    expect(
      await llmPlan(model({ LLM_TIMEOUT_MS: '200', LLM_MAX_RETRIES: '0' }), 'q', CONTEXT, (l) => logs.push(l)),
    ).toBeNull();
    expect(logs[1]).toMatch(/^llm: planner failed: .*time/i);
  });

  it('timeout mid-stream: a stream that stalls → fallback with a warning', async () => {
    script = [{ content: STREAM, stallAfter: 2 }];
    const tokens: string[] = [];
    const t0 = Date.now();
    const logs: string[] = [];
    const out = await answerWithLlm(
      model({ LLM_TIMEOUT_MS: '300', LLM_MAX_RETRIES: '0' }),
      'q',
      PASSAGES,
      undefined,
      FALLBACK,
      (t) => tokens.push(t),
      (l) => logs.push(l),
    );
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(tokens).toEqual(STREAM.slice(0, 2));
    expect(out).toEqual({ text: FALLBACK, warnings: [LLM_UNAVAILABLE] });
    expect(logs[0]).toMatch(/300 ms/);
  });

  it('timeout is retried: a slow first reply, then a fast one', async () => {
    script = [{ delayMs: 3000, content: 'slow' }, { content: JSON.stringify(PLAN) }];
    expect(await llmPlan(model({ LLM_TIMEOUT_MS: '300', LLM_MAX_RETRIES: '1' }), 'q', CONTEXT)).toEqual(PLAN);
    expect(seen).toHaveLength(2);
  });

  it('429 (no Retry-After) then 200 → retried and succeeds (streaming)', async () => {
    script = [
      { status: 429, body: '{"error":{"message":"Rate limit reached, please slow down","type":"rate_limit_error"}}' },
      { content: STREAM },
    ];
    const tokens: string[] = [];
    const out = await answerWithLlm(model(), 'q', PASSAGES, undefined, FALLBACK, (t) => tokens.push(t));
    expect(out).toEqual({ text: STREAM.join(''), warnings: [] });
    expect(tokens).toEqual(STREAM);
    expect(seen).toHaveLength(2);
  });

  it('429 with Retry-After: 0 then 200 → retried and succeeds (non-streaming)', async () => {
    script = [
      { status: 429, headers: { 'retry-after': '0' }, body: '{"error":{"message":"busy"}}' },
      { content: JSON.stringify(PLAN) },
    ];
    expect(await llmPlan(model(), 'q', CONTEXT)).toEqual(PLAN);
    expect(seen).toHaveLength(2);
  });

  it('500 then 200 → retried and succeeds (non-streaming and streaming)', async () => {
    script = [{ status: 500, body: '{"error":{"message":"internal error"}}' }, { content: JSON.stringify(PLAN) }];
    expect(await llmPlan(model(), 'q', CONTEXT)).toEqual(PLAN);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [{ status: 500, body: '{"error":{"message":"internal error"}}' }, { content: STREAM }];
    expect(await answerWithLlm(model(), 'q', PASSAGES, undefined, FALLBACK)).toEqual({
      text: STREAM.join(''),
      warnings: [],
    });
    expect(seen).toHaveLength(2);
  });

  it('500 until retries run out → fallback; 400 and quota 429 are not retried', async () => {
    script = [
      { status: 500, body: '{}' },
      { status: 502, body: '{}' },
    ];
    const out = await answerWithLlm(model({ LLM_MAX_RETRIES: '1' }), 'q', PASSAGES, undefined, FALLBACK);
    expect(out).toEqual({ text: FALLBACK, warnings: [LLM_UNAVAILABLE] });
    expect(seen).toHaveLength(2);

    seen = [];
    script = [{ status: 400, body: '{"error":{"message":"bad request"}}' }, { content: JSON.stringify(PLAN) }];
    expect(await llmPlan(model(), 'q', CONTEXT)).toBeNull();
    expect(seen).toHaveLength(1);

    seen = [];
    script = [
      { status: 429, body: '{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}' },
      { content: JSON.stringify(PLAN) },
    ];
    expect(await llmPlan(model(), 'q', CONTEXT)).toBeNull();
    expect(seen).toHaveLength(1);
  });

  it('malformed structured output → llmPlan returns null', async () => {
    script = [
      { content: '好的，这是一个关于行政处罚的问题。' },
      { content: JSON.stringify({ ...PLAN, intent: 'guess' }) },
      { content: '{"intent": "lookup", "orgs": ["花马池' },
    ];
    expect(await llmPlan(model(), 'q', CONTEXT)).toBeNull();
    expect(await llmPlan(model(), 'q', CONTEXT)).toBeNull();
    expect(await llmPlan(model(), 'q', CONTEXT)).toBeNull();
    expect(seen).toHaveLength(3);
  });

  it('rewriteFollowUp through the endpoint', async () => {
    script = [{ content: '古城镇2021年行政处罚多少件？' }];
    const history = [
      { role: 'user' as const, content: '花马池镇2021年行政处罚多少件？' },
      { role: 'assistant' as const, content: '37件 [1]' },
    ];
    expect(await rewriteFollowUp(model(), '那古城镇呢？', history)).toBe('古城镇2021年行政处罚多少件？');
    expect(seen[0]!.body.messages[1]!.content).toContain(
      '<history>\n用户：花马池镇2021年行政处罚多少件？\n助手：37件 [1]\n</history>',
    );
  });
});
