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
    for (const q of [
      '花马池镇2022年行政处罚多少件',
      '花马池镇2022年计划公开多少条信息',
      '花马池镇2022年计划生育信息公开情况',
    ]) {
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
    expect((await ask(deps, '花马池镇表三的数据对得上吗')).plan).toMatchObject({
      intent: 'quality',
      orgs: ['花马池镇'],
    });
    expect((await ask(deps, '花马池镇和南郊镇2021年新收申请数量是否一致')).plan).toMatchObject({
      intent: 'compare',
      metric: 't3.new',
    });
  });
});

describe('an org the corpus does not have is refused, naming the nearest it has', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'unknown-org-')));
  const deps = await createNodeDeps(db, {});

  it('refuses instead of answering with other towns’ figures', async () => {
    const a = await ask(deps, '不存在镇2021年行政处罚多少件？');
    expect(a).toMatchObject({ refused: true, route: 'none', citations: [] });
    expect(a.answer).toMatch(/^语料中没有「不存在镇」的报告；最接近的有：/);
    expect(a.answer).not.toContain('1319');
    // With the region named, that region's town comes first.
    expect((await ask(deps, '盐池县不存在镇2021年行政处罚多少件')).answer).toContain('最接近的有：花马池镇（2021年）');
    expect((await ask(deps, '花马镇2021年行政处罚多少件')).answer).toContain(
      '「花马镇」的报告；最接近的有：花马池镇（2021年）',
    );
    expect((await ask(deps, '南郊乡2021年新收申请多少件')).answer).toBe(
      '语料中没有「南郊乡」的报告；最接近的有：南郊镇（2021年）。',
    );
  });

  it('still answers real orgs named in other words, and regions', async () => {
    for (const q of [
      '盐池县花马池镇人民政府2021年行政处罚多少件？',
      '花马池2021年行政处罚多少件',
      '盐池县2021年行政处罚多少件？',
    ]) {
      const a = await ask(deps, q);
      expect({ q, refused: a.refused ?? false }).toEqual({ q, refused: false });
      expect(a.answer).toContain('1319');
    }
  });
});
