import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

describe('plans for a year are read from the report of the year before', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'plans-')));
  const deps = await createNodeDeps(db, {});

  it('answers 2022 plans from the 2021 report, saying so', async () => {
    const a = await ask(deps, '花马池镇2022年政务公开有什么计划');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('2022年的计划写在2021年度的报告中');
    expect(a.citations.every((c) => c.org === '花马池镇' && c.year === 2021)).toBe(true);
    expect(a.citations.some((c) => c.quote.includes('2022年全镇政务公开工作计划'))).toBe(true);
  });

  it('still refuses figures of a year the org has no report for', async () => {
    for (const q of ['花马池镇2022年行政处罚多少件', '花马池镇2022年计划公开多少条信息', '花马池镇2022年计划生育信息公开情况']) {
      const a = await ask(deps, q);
      expect(a.refused).toBe(true);
      expect(a.answer).toContain('现有年份：2021');
    }
  });
});

describe('consistency words', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'consistent-')));
  const deps = await createNodeDeps(db, {});

  it('ask the checks of a table, but compare two figures', async () => {
    expect((await ask(deps, '花马池镇表三的数据对得上吗')).plan).toMatchObject({ intent: 'quality', orgs: ['花马池镇'] });
    expect((await ask(deps, '花马池镇和南郊镇2021年新收申请数量是否一致')).plan).toMatchObject({ intent: 'compare', metric: 't3.new' });
  });
});
