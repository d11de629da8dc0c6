import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { buildCorpusIndex } from './corpus.ts';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import { findMetric, findMetrics, latestUnlessYears, parsePlan } from './plan.ts';

/** The five sample reports: 花马池镇 2021, 葛寨镇 2020, 花庄镇 2024, 南郊镇 2021, 古城镇 2023. */
const corpus = buildCorpusIndex(sampleInfos());
const plan = (q: string) => parsePlan(q, corpus);

describe('parsePlan: one figure', () => {
  it('an org, a year and a table row', () => {
    expect(plan('花马池镇2021年行政处罚多少件？')).toEqual({
      intent: 'lookup',
      metric: 't2.penalty.decisions',
      orgs: ['花马池镇'],
      years: [2021],
      confidence: 0.9,
      notes: [],
    });
  });

  it('an applicant column, a rate, a row and column named apart', () => {
    expect(plan('南郊镇自然人申请有几件')).toMatchObject({
      intent: 'lookup',
      metric: 't3.new',
      applicant: 'natural',
      orgs: ['南郊镇'],
    });
    expect(plan('南郊镇的办结率是多少')).toMatchObject({ intent: 'lookup', metric: 'd.completion_rate' });
    expect(plan('花马池镇制发了几件规章')).toMatchObject({ intent: 'lookup', metric: 't2.reg.made' });
  });
});

describe('parsePlan: checks and the figures they name', () => {
  it('figures asked for a check are those figures; a check alone asks the checks', () => {
    expect(plan('核对勾稽关系：南郊镇2021年办理结果总计和结转下年度继续办理各是多少')?.intent).toBe('lookup');
    expect(plan('南郊镇2021年的数据勾稽关系对不上吗')?.intent).toBe('quality');
  });
});

describe('parsePlan: many orgs or years', () => {
  it('max, rank with k, avg, compare', () => {
    expect(plan('哪个镇行政处罚最多？')).toMatchObject({ intent: 'max', metric: 't2.penalty.decisions', orgs: [] });
    expect(plan('各镇新收申请从高到低排名前3')).toMatchObject({
      intent: 'rank',
      metric: 't3.new',
      k: 3,
      order: 'desc',
    });
    expect(plan('各镇平均行政处罚多少')).toMatchObject({ intent: 'avg', metric: 't2.penalty.decisions' });
    expect(plan('花马池镇和南郊镇2021年新收申请对比')).toMatchObject({
      intent: 'compare',
      metric: 't3.new',
      orgs: ['花马池镇', '南郊镇'],
      years: [2021],
    });
  });

  it('filters: none received, more than a number', () => {
    expect(plan('哪些镇没有收到申请')).toMatchObject({
      intent: 'filter',
      metric: 't3.new',
      filter: { op: '=', value: 0 },
    });
    expect(plan('行政处罚超过1000件的镇有哪些')).toMatchObject({ intent: 'filter', filter: { op: '>', value: 1000 } });
  });

  it('a total over an open range of years, which the plan notes', () => {
    expect(plan('2021年以来行政处罚合计')).toMatchObject({
      intent: 'sum',
      years: [2021, 2022, 2023, 2024],
      notes: ['2021—2024年'],
    });
  });
});

describe('parsePlan: what an aggregate is over', () => {
  it('a level asked for restricts to reports of that level', () => {
    expect(plan('行政处罚最多的是哪个镇')).toMatchObject({ intent: 'max', level: '乡镇/街道' });
    expect(plan('平均每个镇行政处罚多少件')).toMatchObject({ intent: 'avg', level: '乡镇/街道' });
    expect(plan('各街道新收申请排名')).toMatchObject({ intent: 'rank', level: '乡镇/街道' });
    expect(plan('哪个县区行政处罚最多')).toMatchObject({ intent: 'max', level: '县区' });
    expect(plan('各部门行政处罚合计')).toMatchObject({ intent: 'sum', level: '部门' });
    expect(plan('花马池镇2021年行政处罚多少件')?.level).toBeUndefined();
  });

  it('several orgs and no year named: each org’s latest report; a year named: that year', () => {
    expect(plan('各镇平均行政处罚多少')).toMatchObject({ intent: 'avg', latest: true });
    expect(plan('行政处罚排名前三的镇')).toMatchObject({ intent: 'rank', latest: true });
    expect(plan('2021年哪个镇行政处罚最多')?.latest).toBeUndefined();
    expect(plan('2021年以来行政处罚合计')?.latest).toBeUndefined();
    expect(plan('花马池镇行政处罚多少件')?.latest).toBeUndefined();
  });

  it('the same rule for a plan from elsewhere (the LLM planner)', () => {
    const p: QueryPlan = { intent: 'max', metric: 't3.new', orgs: [], years: [], confidence: 0.8, notes: [] };
    expect(latestUnlessYears(p).latest).toBe(true);
    expect(latestUnlessYears({ ...p, years: [2021] }).latest).toBeUndefined();
    expect(latestUnlessYears({ ...p, intent: 'lookup' }).latest).toBeUndefined();
  });
});

describe('parsePlan: 有没有', () => {
  it('of one org is a yes/no lookup, not the reports where it is 0', () => {
    expect(plan('南郊镇2021年有没有结转到下一年？')).toMatchObject({
      intent: 'lookup',
      metric: 't3.carry_forward',
      orgs: ['南郊镇'],
      years: [2021],
      yesNo: true,
    });
    expect(plan('南郊镇2021年有没有结转到下一年？')?.filter).toBeUndefined();
  });

  it('over several orgs lists those that have some', () => {
    expect(plan('有没有镇结转了下年度继续办理的申请')).toMatchObject({
      intent: 'filter',
      filter: { op: '>', value: 0 },
    });
  });
});

describe('parsePlan: no single figure', () => {
  it('breakdowns, data checks, report counts by template', () => {
    expect(plan('南郊镇办理结果分布')).toMatchObject({
      intent: 'breakdown',
      breakdown: 'results',
      orgs: ['南郊镇'],
      confidence: 0.7,
    });
    expect(plan('花马池镇表三的数据对得上吗')).toMatchObject({ intent: 'quality', orgs: ['花马池镇'] });
    const count = plan('用2019版模板的报告有几份')!;
    expect(count).toMatchObject({ intent: 'count', template: '2019' });
    expect(count.metric).toBeUndefined();
  });

  it('no plan for a question with no figure in it', () => {
    expect(plan('今天天气怎么样')).toBeNull();
  });
});

describe('findMetric / findMetrics', () => {
  it('the longest synonym, or a 表二 row and column named apart', () => {
    expect(findMetric('行政处罚多少件')?.metric.id).toBe('t2.penalty.decisions');
    expect(findMetric('制发了几件规章')).toMatchObject({ word: '规章…制发' });
    expect(findMetric('天气')).toBeNull();
  });

  it('several metrics in the order named', () => {
    expect(findMetrics('花马池镇行政处罚加行政强制一共多少', corpus).map((m) => m.id)).toEqual([
      't2.penalty.decisions',
      't2.coercion.decisions',
    ]);
  });
});

describe('QueryPlanSchema', () => {
  it('rejects what no plan may hold', () => {
    const ok = { intent: 'lookup', metric: 't3.new', orgs: [], years: [2021], confidence: 1, notes: [] };
    expect(QueryPlanSchema.safeParse(ok).success).toBe(true);
    expect(QueryPlanSchema.safeParse({ ...ok, metric: 't9.nothing' }).success).toBe(false);
    expect(QueryPlanSchema.safeParse({ ...ok, years: [1999] }).success).toBe(false);
    expect(QueryPlanSchema.safeParse({ ...ok, intent: 'drop' }).success).toBe(false);
  });
});
