import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sampleDb } from '../../eval/corpora.ts';
import { numbersIn } from '../../eval/score.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import type { Turn } from '../domain/types.ts';
import { ask } from './ask.ts';

/**
 * Two towns of one name in two counties (eval/holdout/counties/corpus, from sample 000 with other
 * figures): 盐池县新集镇 2021 and 2022, 同心县新集镇 2021. Every figure differs between them, so an
 * answer holding the other town's figure took the wrong org.
 */
const TOWNS = {
  盐池县: { 2021: { 行政处罚: 212, 行政强制: 3, 新收申请: 5 }, 2022: { 行政处罚: 230, 行政强制: 4, 新收申请: 6 } },
  同心县: { 2021: { 行政处罚: 57, 行政强制: 9, 新收申请: 11 } },
} as const;
type County = keyof typeof TOWNS;
type Figure = '行政处罚' | '行政强制' | '新收申请';
const other = (c: County): County => (c === '盐池县' ? '同心县' : '盐池县');

describe('two orgs of one name in two counties', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'org-identity-')), [
    join(ROOT, 'eval', 'holdout', 'counties', 'corpus'),
  ]);
  const deps = await createNodeDeps(db, {});
  const turns = (...qs: string[]): Turn[] =>
    qs.flatMap((content) => [
      { role: 'user' as const, content },
      { role: 'assistant' as const, content: '（回答）' },
    ]);
  /** Asks, and checks the answer holds the county's figure and none of the other county's. */
  const expectFigure = async (q: string, county: County, figure: Figure, history: Turn[] = []) => {
    const a = await ask(deps, q, history);
    const want = TOWNS[county][2021][figure];
    const nums = numbersIn(a.answer);
    expect(a.refused, a.answer).toBeFalsy();
    expect(nums, a.answer).toContain(want);
    const theirs = TOWNS[other(county)][2021][figure];
    if (theirs !== want) expect(nums, a.answer).not.toContain(theirs);
    expect(a.citations.every((c) => c.org === `${county}新集镇`)).toBe(true);
  };

  it('stores them as two orgs, each with its own reports', () => {
    const rows = db.prepare("SELECT org, region, year FROM reports WHERE org LIKE '%新集镇' ORDER BY org, year").all();
    expect(rows).toEqual([
      { org: '同心县新集镇', region: '同心县', year: 2021 },
      { org: '盐池县新集镇', region: '盐池县', year: 2021 },
      { org: '盐池县新集镇', region: '盐池县', year: 2022 },
    ]);
  });

  it.each([
    ['同心县新集镇2021年行政处罚多少件', '同心县', '行政处罚'],
    ['盐池县新集镇2021年行政处罚多少件', '盐池县', '行政处罚'],
    ['宁夏同心县新集镇2021年新收申请多少', '同心县', '新收申请'],
    ['盐池县的新集镇2021年行政强制几件', '盐池县', '行政强制'],
    ['同心县的新集镇2021年行政强制几件', '同心县', '行政强制'],
    ['新集镇（同心县）2021年作出了多少行政处罚', '同心县', '行政处罚'],
    ['新集镇(盐池县)2021年收到几件申请', '盐池县', '新收申请'],
    ['盐池新集镇2021年行政处罚决定数', '盐池县', '行政处罚'],
    ['同心县新集镇人民政府2021年行政强制多少件', '同心县', '行政强制'],
  ] as const)('%s: that county’s town only', async (q, county, figure) => {
    await expectFigure(q, county, figure);
  });

  it.each(['新集镇2021年行政处罚多少件', '新集镇行政强制多少件', '新集镇人民政府2021年收到几件申请'])(
    '%s: names both and answers neither',
    async (q) => {
      const a = await ask(deps, q);
      expect(a.refused).toBe(true);
      expect(a.answer).toContain('同心县新集镇');
      expect(a.answer).toContain('盐池县新集镇');
      expect(numbersIn(a.answer).filter((n) => n !== 2 && n < 2000)).toEqual([]);
    },
  );

  it.each(['利通区新集镇2021年行政处罚多少件', '新集镇（利通区）行政处罚多少', '花马池镇（同心县）行政处罚多少件'])(
    '%s: a region neither town is in is said so',
    async (q) => {
      const a = await ask(deps, q);
      expect(a.refused).toBe(true);
      expect(a.answer).toContain('语料中没有');
    },
  );

  it('a follow-up keeps the town it was about', async () => {
    await expectFigure('行政强制呢？', '同心县', '行政强制', turns('同心县新集镇2021年行政处罚多少件？'));
    await expectFigure('那新收申请呢？', '盐池县', '新收申请', turns('盐池县新集镇2021年行政处罚多少件？'));
    const next = await ask(deps, '那2022年呢？', turns('盐池县新集镇2021年行政处罚多少件？'));
    expect(numbersIn(next.answer)).toContain(TOWNS.盐池县[2022].行政处罚);
    expect(next.citations.every((c) => c.org === '盐池县新集镇' && c.year === 2022)).toBe(true);
    // 同心县's town has no 2022 report: said so, never 盐池县's figure in its place.
    const none = await ask(deps, '那2022年呢？', turns('同心县新集镇2021年行政处罚多少件？'));
    expect(none.refused).toBe(true);
    expect(numbersIn(none.answer)).not.toContain(TOWNS.盐池县[2022].行政处罚);
  });

  it('counts them as two towns, and ranks and adds them apart', async () => {
    const towns = await ask(deps, '库里有几个乡镇的年报');
    expect(towns.answer).toContain('**7**');
    const top = await ask(deps, '2021年行政强制最多的是哪个镇');
    expect(top.answer).toContain('同心县新集镇');
    expect(numbersIn(top.answer)).toContain(9);
    const sum = await ask(deps, '2021年各镇行政处罚合计多少');
    expect(numbersIn(sum.answer)).toContain(1319 + 212 + 57);
  });
});
