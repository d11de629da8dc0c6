import { AIMessageChunk } from '@langchain/core/messages';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../domain/metrics.ts';
import { answerWithLlm, generateAnswer, type AnswerPassage } from './answer.ts';
import { chatModelFromEnv } from './config.ts';
import { cleanRewrite, rewriteFollowUp } from './followup.ts';
import { llmPlan, parsePlanReply, type PlanContext } from './planner.ts';
import { LLM_UNAVAILABLE } from './provider-errors.ts';
import { extractJsonObject, ThinkFilter } from './text.ts';

const CONTEXT: PlanContext = {
  orgs: ['花马池镇', '古城镇'],
  years: [2021, 2022],
  metrics: METRICS.map((m) => ({ id: m.id, name: m.name })),
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
const chunks = (parts: string[]) => parts.map((content) => new AIMessageChunk({ content }));

describe('chatModelFromEnv', () => {
  it('is null without LLM_BASE_URL or LLM_MODEL', () => {
    expect(chatModelFromEnv({})).toBeNull();
    expect(chatModelFromEnv({ LLM_BASE_URL: 'http://127.0.0.1:1/v1' })).toBeNull();
    expect(chatModelFromEnv({ LLM_MODEL: 'deepseek-chat' })).toBeNull();
    expect(chatModelFromEnv({ LLM_BASE_URL: ' ', LLM_MODEL: 'x' })).toBeNull();
  });

  it('builds a ChatOpenAI with timeout and retries from env (defaults 20000 / 2)', () => {
    const m = chatModelFromEnv({ LLM_BASE_URL: 'http://127.0.0.1:1/v1', LLM_MODEL: 'qwen-plus' }) as unknown as {
      model: string;
      timeout: number;
      caller: { maxRetries: number };
      temperature: number;
    };
    expect(m.model).toBe('qwen-plus');
    expect(m.timeout).toBe(20000);
    expect(m.caller.maxRetries).toBe(2);
    expect(m.temperature).toBe(0);
    const n = chatModelFromEnv({
      LLM_BASE_URL: 'http://127.0.0.1:1/v1',
      LLM_MODEL: 'm',
      LLM_TIMEOUT_MS: '500',
      LLM_MAX_RETRIES: '0',
    }) as unknown as { timeout: number; caller: { maxRetries: number } };
    expect(n.timeout).toBe(500);
    expect(n.caller.maxRetries).toBe(0);
    const bad = chatModelFromEnv({
      LLM_BASE_URL: 'http://127.0.0.1:1/v1',
      LLM_MODEL: 'm',
      LLM_TIMEOUT_MS: 'soon',
      LLM_MAX_RETRIES: '-1',
    }) as unknown as { timeout: number; caller: { maxRetries: number } };
    expect(bad.timeout).toBe(20000);
    expect(bad.caller.maxRetries).toBe(2);
  });
});

describe('generateAnswer', () => {
  it('streams tokens in order and returns the full text', async () => {
    const parts = ['本年度', '作出', '行政处罚', '决定', '37', '件', '[1]', '。'];
    const model = new FakeStreamingChatModel({ sleep: 0, chunks: chunks(parts) });
    const tokens: string[] = [];
    const text = await generateAnswer(model, '行政处罚多少件？', PASSAGES, undefined, (t) => tokens.push(t));
    expect(tokens).toEqual(parts);
    expect(text).toBe(parts.join(''));
  });

  it('streams a FakeListChatModel character by character, in order', async () => {
    const answer = '全年共受理政府信息公开申请12件[2]。';
    const tokens: string[] = [];
    const text = await generateAnswer(new FakeListChatModel({ responses: [answer] }), 'q', PASSAGES, undefined, (t) =>
      tokens.push(t),
    );
    expect(tokens.join('')).toBe(answer);
    expect(tokens.length).toBe([...answer].length);
    expect(text).toBe(answer);
  });

  it('holds back <think> blocks of reasoning models', async () => {
    const parts = ['<thi', 'nk>先想一想：9999', '件？</thi', 'nk>\n\n', '受理申请', '12件[2]。'];
    const tokens: string[] = [];
    const text = await generateAnswer(
      new FakeStreamingChatModel({ sleep: 0, chunks: chunks(parts) }),
      'q',
      PASSAGES,
      undefined,
      (t) => tokens.push(t),
    );
    expect(tokens.join('')).toBe('受理申请12件[2]。');
    expect(text).toBe('受理申请12件[2]。');
  });

  it('ThinkFilter passes a lone "<" through at the end', () => {
    const f = new ThinkFilter();
    expect(f.push('a <')).toBe('a ');
    expect(f.push(' b')).toBe('< b');
    expect(f.end()).toBe('');
  });
});

describe('answerWithLlm', () => {
  it('returns a verified answer, citations made canonical', async () => {
    const model = new FakeListChatModel({ responses: ['本年度作出行政处罚决定37件【1】，受理申请12件【2】。'] });
    expect(await answerWithLlm(model, '行政处罚多少件？', PASSAGES, undefined, FALLBACK)).toEqual({
      text: '本年度作出行政处罚决定37件[1]，受理申请12件[2]。',
      warnings: [],
    });
  });

  it('falls back when the answer fabricates a number', async () => {
    const model = new FakeListChatModel({ responses: ['本年度作出行政处罚决定38件[1]。'] });
    const out = await answerWithLlm(model, 'q', PASSAGES, undefined, FALLBACK);
    expect(out.text).toBe(FALLBACK);
    expect(out.warnings).toEqual(['LLM 回答未通过引用校验：数字 38 未出现在任何段落或查询结果中']);
  });

  it('falls back when an answer to given passages cites nothing', async () => {
    const model = new FakeListChatModel({ responses: ['所给报告中没有找到相关内容。'] });
    const out = await answerWithLlm(model, 'q', PASSAGES, undefined, FALLBACK);
    expect(out).toEqual({ text: FALLBACK, warnings: ['LLM 回答未通过引用校验：回答没有引用任何段落'] });
  });

  it('accepts an answer from SQL rows alone', async () => {
    const rows = [{ org: '花马池镇', year: 2021, value: 37 }];
    const model = new FakeListChatModel({ responses: ['花马池镇2021年行政处罚决定37件。'] });
    expect(await answerWithLlm(model, 'q', [], rows, 'fallback')).toEqual({
      text: '花马池镇2021年行政处罚决定37件。',
      warnings: [],
    });
  });

  it("falls back with a generic warning when generation fails, and logs the provider's error", async () => {
    const model = new FakeStreamingChatModel({
      sleep: 0,
      thrownErrorString: '429 Too Many Requests for key sk-abc123',
    });
    const logs: string[] = [];
    const out = await answerWithLlm(model, 'q', PASSAGES, undefined, FALLBACK, undefined, (l) => logs.push(l));
    expect(out).toEqual({ text: FALLBACK, warnings: [LLM_UNAVAILABLE] });
    expect(logs).toEqual([expect.stringMatching(/^llm: answer failed: .*429.*sk-abc123/)]);
  });
});

describe('llmPlan', () => {
  const plan = {
    intent: 'lookup',
    metric: 't2.penalty.decisions',
    orgs: ['花马池镇'],
    years: [2021],
    confidence: 0.9,
    notes: [],
  };

  it('returns the validated plan', async () => {
    const model = new FakeListChatModel({ responses: [JSON.stringify(plan)] });
    expect(await llmPlan(model, '花马池镇2021年行政处罚多少件？', CONTEXT)).toEqual(plan);
  });

  it('reads JSON in a code fence, after a think block, with chatter and nulls', async () => {
    const reply = `<think>{"intent":"x"}</think>好的，计划如下：\n\`\`\`json\n${JSON.stringify({ ...plan, applicant: null, notes: undefined })}\n\`\`\`\n以上。`;
    expect(await llmPlan(new FakeListChatModel({ responses: [reply] }), 'q', CONTEXT)).toEqual(plan);
  });

  it.each([
    ['not JSON', '花马池镇2021年行政处罚37件。'],
    ['truncated JSON', '{"intent": "lookup", "orgs": ['],
    ['a JSON array', '[{"intent": "lookup"}]'],
    ['unknown intent', JSON.stringify({ ...plan, intent: 'guess' })],
    ['unknown metric', JSON.stringify({ ...plan, metric: 't9.made.up' })],
    ['year out of range', JSON.stringify({ ...plan, years: [1800] })],
    ['year as string', JSON.stringify({ ...plan, years: ['2021'] })],
    ['confidence > 1', JSON.stringify({ ...plan, confidence: 3 })],
    ['no confidence', JSON.stringify({ ...plan, confidence: undefined })],
    ['org not in the corpus', JSON.stringify({ ...plan, orgs: ['不存在镇'] })],
    ['year not in the corpus', JSON.stringify({ ...plan, years: [2019] })],
    ['bad filter op', JSON.stringify({ ...plan, intent: 'filter', filter: { op: 'LIKE', value: 0 } })],
    ['empty reply', ''],
  ])('is null for malformed output: %s', async (_, reply) => {
    expect(await llmPlan(new FakeListChatModel({ responses: [reply] }), 'q', CONTEXT)).toBeNull();
  });

  it('is null when the model throws', async () => {
    expect(
      await llmPlan(new FakeStreamingChatModel({ sleep: 0, thrownErrorString: 'timeout' }), 'q', CONTEXT),
    ).toBeNull();
  });

  it('parsePlanReply takes missing arrays as empty', () => {
    expect(parsePlanReply('{"intent":"quality","confidence":0.8}', CONTEXT)).toEqual({
      intent: 'quality',
      orgs: [],
      years: [],
      notes: [],
      confidence: 0.8,
    });
  });

  it('extractJsonObject finds the first balanced object', () => {
    expect(extractJsonObject('x {"a": "}{", "b": {"c": 1}} y {"d": 2}')).toEqual({ a: '}{', b: { c: 1 } });
    expect(extractJsonObject('none')).toBeUndefined();
  });
});

describe('rewriteFollowUp', () => {
  const history = [
    { role: 'user' as const, content: '花马池镇2021年行政处罚多少件？' },
    { role: 'assistant' as const, content: '花马池镇2021年作出行政处罚决定37件 [1]。' },
  ];

  it('returns the standalone question, label and quotes removed', async () => {
    const model = new FakeListChatModel({
      responses: ['改写后的问题：“古城镇2021年行政处罚多少件？”\n（补全了年份和指标）'],
    });
    expect(await rewriteFollowUp(model, '那古城镇呢？', history)).toBe('古城镇2021年行政处罚多少件？');
  });

  it('returns the question unchanged without a user turn, without calling the model', async () => {
    const model = new FakeStreamingChatModel({ sleep: 0, thrownErrorString: 'must not be called' });
    expect(await rewriteFollowUp(model, '花马池镇2021年行政处罚多少件？', [])).toBe('花马池镇2021年行政处罚多少件？');
  });

  it('is null on a failure, an empty reply or an invented number', async () => {
    expect(
      await rewriteFollowUp(
        new FakeStreamingChatModel({ sleep: 0, thrownErrorString: '500' }),
        '那古城镇呢？',
        history,
      ),
    ).toBeNull();
    expect(await rewriteFollowUp(new FakeListChatModel({ responses: ['  \n '] }), '那古城镇呢？', history)).toBeNull();
    expect(
      await rewriteFollowUp(
        new FakeListChatModel({ responses: ['古城镇2019年行政处罚多少件？'] }),
        '那古城镇呢？',
        history,
      ),
    ).toBeNull();
    expect(cleanRewrite('古城镇行政处罚37件[1]', '那古城镇呢？', history)).toBeNull();
    expect(cleanRewrite('x'.repeat(501), '那古城镇呢？', history)).toBeNull();
  });
});
