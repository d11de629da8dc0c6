import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../../ingest/test-support/samples.ts';
import { buildCorpusIndex } from '../corpus.ts';
import { fillFromLlm } from './llm-fill.ts';
import { understand } from './understand.ts';

/** The five sample reports, in memory. */
const corpus = buildCorpusIndex(sampleInfos());
const read = (q: string) => understand(q, [], corpus, { calendarYear: 2026 });

describe('the optional LLM', () => {
  const reply = (plan: object) => new FakeListChatModel({ responses: [JSON.stringify(plan)], sleep: 0 });

  it('fills the plan of an interpretation the rules were unsure of, checked by the same schema', async () => {
    const unsure = read('花马池镇那个数是多少');
    expect(unsure.confidence).toBeLessThan(0.6);
    const filled = await fillFromLlm(
      reply({ intent: 'lookup', metric: 't2.penalty.decisions', orgs: ['花马池镇'], years: [], confidence: 0.8 }),
      unsure,
      corpus,
    );
    expect(filled.plan).toMatchObject({ metric: 't2.penalty.decisions', orgs: ['花马池镇'] });
    expect(filled.plan?.notes).toContain('查询计划由大模型生成，已按同一模式校验');
    expect(filled.answerKind).toBe('number');
  });

  it('an invalid plan (a metric or org the corpus lacks, not JSON) leaves the rules’ interpretation', async () => {
    const unsure = read('花马池镇那个数是多少');
    for (const m of [
      reply({ intent: 'lookup', metric: 'no.such', orgs: ['花马池镇'], years: [], confidence: 0.9 }),
      reply({ intent: 'lookup', metric: 't2.penalty.decisions', orgs: ['北京市'], years: [], confidence: 0.9 }),
      new FakeListChatModel({ responses: ['不是 JSON'], sleep: 0 }),
    ])
      expect(await fillFromLlm(m, unsure, corpus)).toBe(unsure);
  });
});
