import { describe, expect, it } from 'vitest';
import type { Cell } from '../src/domain/types.ts';
import { parsedSample } from './test-support/samples.ts';
import { crossYear, validateReport } from './validate.ts';

/** 南郊镇 2021: 新收 4 = 办理总计 3 + 结转 1, "按要求答复3件" in its prose. */
const nanjiao = parsedSample('003_795117ff85927c6d.txt');
const check = (cells: Cell[], over: Partial<typeof nanjiao> = {}) => {
  const r = { ...nanjiao, ...over };
  return validateReport(r, r.text, r.sections, cells, []);
};
const withValue = (key: string, value: number | null) =>
  nanjiao.cells.map((c) => (c.key === key ? { ...c, value } : c));
const rule = (results: ReturnType<typeof check>, name: string) => results.filter((r) => r.rule === name);

describe('validateReport on the 南郊镇 sample', () => {
  it('every rule passes, the prose count included', () => {
    const results = check(nanjiao.cells);
    expect(results.filter((r) => r.status !== 'PASS')).toEqual([]);
    expect(rule(results, 'T3.R1')[0]!.message).toBe('表三 新收+上年结转 = 办理总计+结转下年：7处均相符');
    expect(rule(results, 'X.R2')[0]).toMatchObject({
      status: 'PASS',
      cells: ['t3.total_processed.total'],
      message: '正文所述办结数 与 表三（七）总计：3 = 3',
    });
    expect(rule(results, 'G.R4')[0]!.message).toBe('标题年份与统计期限一致（2021年）');
  });

  it('a wrong total fails the sums it enters, naming the cells', () => {
    const results = check(withValue('t3.new.total', 5));
    const r1 = rule(results, 'T3.R1')[0]!;
    expect(r1.status).toBe('FAIL');
    expect(r1.cells).toEqual([
      't3.new.total',
      't3.carried_over.total',
      't3.total_processed.total',
      't3.carry_forward.total',
    ]);
    expect(r1.message).toBe('「总计」列 新收+上年结转 与 办理总计+结转下年：5 ≠ 4');
    expect(rule(results, 'T3.R3')[0]!.message).toBe(
      '「一、本年新收政府信息公开申请数量」行 总计 与 各类申请人之和：5 ≠ 4',
    );
    expect(rule(results, 'T3.R2')[0]!.status).toBe('PASS');
  });

  it('a blank cell leaves its part unchecked, not failed', () => {
    const r1 = rule(check(withValue('t3.new.research', null)), 'T3.R1')[0]!;
    expect(r1).toMatchObject({
      status: 'PASS',
      message: '表三 新收+上年结转 = 办理总计+结转下年：6处均相符（1处因空白未校验）',
    });
  });

  it('the prose count disagreeing with the table is a FAIL of X.R2', () => {
    const x = rule(check(withValue('t3.total_processed.total', 2)), 'X.R2')[0]!;
    expect(x).toMatchObject({ status: 'FAIL', message: '正文所述办结数 与 表三（七）总计：3 ≠ 2' });
  });

  it('G.R1: counts must be non-negative integers', () => {
    const g = rule(check(withValue('t3.granted.natural', -1)), 'G.R1')[0]!;
    expect(g).toMatchObject({ status: 'FAIL', cells: ['t3.granted.natural'] });
  });

  it('G.R2 and G.R4: the template and the statistics period must fit the title year', () => {
    expect(rule(check(nanjiao.cells, { year: 2020 }), 'G.R2')[0]).toMatchObject({
      status: 'FAIL',
      message: '2020年报告应使用2019版模板，实际为2021版',
    });
    expect(rule(check(nanjiao.cells, { year: 2018 }), 'G.R2')[0]!.status).toBe('FAIL');
    expect(rule(check(nanjiao.cells, { year: 2022 }), 'G.R4')[0]).toMatchObject({
      status: 'FAIL',
      message: '标题年份2022与统计期限2021年不一致',
    });
  });

  it('G.R3: a missing section and a table with no cells read are named', () => {
    const sections = nanjiao.sections.filter((s) => s.num !== '五');
    const cells = nanjiao.cells.map((c) => (c.table === 't4' ? { ...c, value: null, status: 'missing' as const } : c));
    const g = rule(validateReport(nanjiao, nanjiao.text, sections, cells, []), 'G.R3')[0]!;
    expect(g).toMatchObject({ status: 'FAIL', message: '缺少部分：五、存在的主要问题及改进情况。缺少表格：t4' });
  });

  it('a table problem becomes an unparsed FAIL over that row’s cells', () => {
    const results = validateReport(nanjiao, nanjiao.text, nanjiao.sections, nanjiao.cells, [
      { table: 't3', row: 'new', message: 'x' },
    ]);
    const u = rule(results, 'unparsed')[0]!;
    expect(u.status).toBe('FAIL');
    expect(u.cells).toHaveLength(7);
    expect(u.cells.every((k) => k.startsWith('t3.new.'))).toBe(true);
  });
});

describe('crossYear', () => {
  it('上年结转 must equal the year before’s 结转下年度, column by column', () => {
    const prev = new Map(nanjiao.cells.map((c) => [c.key, c.value]));
    const next = new Map<string, number | null>([
      ...['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total'].map((c): [string, number] => [
        `t3.carried_over.${c}`,
        c === 'natural' || c === 'total' ? 1 : 0,
      ]),
    ]);
    expect(crossYear(2021, prev, next)).toMatchObject({ rule: 'Y.R1', status: 'PASS' });
    next.set('t3.carried_over.total', 0);
    expect(crossYear(2021, prev, next)).toMatchObject({
      status: 'FAIL',
      cells: ['t3.carried_over.total'],
      message: '「总计」列 上年结转 与 2021年结转下年度：0 ≠ 1',
    });
  });
});
