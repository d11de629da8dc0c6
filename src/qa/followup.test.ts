import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import type { Turn } from '../domain/types.ts';
import { buildCorpusIndex } from './corpus.ts';
import { resolveConversation, resolveFollowUp } from './followup.ts';

/** The five sample reports: 花马池镇 2021, 葛寨镇 2020, 花庄镇 2024, 南郊镇 2021, 古城镇 2023. */
const corpus = buildCorpusIndex(sampleInfos());
const history = (...qs: string[]): Turn[] =>
  qs.flatMap((content) => [
    { role: 'user' as const, content },
    { role: 'assistant' as const, content: '（回答）' },
  ]);
const follow = (q: string, ...before: string[]) => resolveFollowUp(q, history(...before), corpus);

describe('resolveFollowUp', () => {
  it('swaps the org or the year of the previous question', () => {
    expect(follow('那花马池镇呢？', '南郊镇2021年行政处罚多少件？')).toBe('花马池镇2021年行政处罚多少件？');
    expect(follow('那2023年呢', '南郊镇2021年收到多少申请？')).toBe('2023年南郊镇收到多少申请？');
  });

  it('an org switched in without the year discussed is asked for its nearest year, and says so', () => {
    const r = resolveConversation('那古城镇呢？', history('花马池镇2021年行政处罚多少件？'), corpus);
    expect(r.question).toBe('2023年古城镇行政处罚多少件？');
    expect(r.notes).toEqual(['古城镇没有2021年的报告，以下为其2023年的数据']);
  });

  it('去年/上一年/前一年 count back from the year being discussed, not from today or the corpus', () => {
    expect(follow('去年的数据呢？', '2021年哪个镇行政处罚最多？')).toBe('2020年哪个镇行政处罚最多？');
    expect(follow('那上一年呢', '古城镇2023年收到申请了吗')).toBe('2022年古城镇收到申请了吗');
    expect(follow('前一年呢', '南郊镇2021年新收申请多少件？', '那花马池镇呢')).toBe('2020年花马池镇新收申请多少件？');
    // 上一年项目数量 is a column of 表二, not a year.
    expect(follow('它的行政处罚上一年项目数量呢', '葛寨镇2020年行政许可多少件？')).toContain('2020年');
  });

  it('an org the corpus lacks is swapped in too, so it is refused, not joined to the old one', () => {
    expect(follow('那北郊镇呢？', '花马池镇2021年行政处罚多少件？')).toBe('北郊镇2021年行政处罚多少件？');
    expect(follow('那不存在镇呢', '花马池镇2021年行政处罚多少件？')).toBe('不存在镇2021年行政处罚多少件？');
  });

  it('a new metric of the same org and year, asked as a number when the previous one was', () => {
    expect(follow('它的行政强制呢？', '花马池镇2021年行政处罚多少件？')).toBe('花马池镇2021年行政强制是多少');
    expect(follow('改进措施呢', '葛寨镇存在哪些问题')).toBe('葛寨镇改进措施');
  });

  it('comparisons, totals of the orgs just asked, and details of the last figure', () => {
    expect(follow('和南郊镇比呢？', '花马池镇行政处罚多少件？')).toBe('花马池镇行政处罚多少件，和南郊镇比');
    expect(follow('两个加起来多少？', '花马池镇行政处罚多少件？', '南郊镇行政处罚多少件？')).toBe(
      '花马池镇和南郊镇行政处罚两个加起来多少',
    );
    expect(follow('自然人有几件', '南郊镇2021年收到多少申请？')).toBe('南郊镇2021年收到多少申请，自然人有几件');
  });

  it('a complete question, a question about all orgs, or no history is left as asked', () => {
    expect(follow('哪个镇行政处罚最多？', '花马池镇行政处罚多少件？')).toBe('哪个镇行政处罚最多？');
    expect(follow('南郊镇2021年新收申请多少件？', '花马池镇行政处罚多少件？')).toBe('南郊镇2021年新收申请多少件？');
    expect(follow('那古城镇呢？')).toBe('那古城镇呢？');
  });
});
