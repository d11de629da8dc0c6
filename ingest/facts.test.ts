import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFacts } from './facts.ts';
import { normaliseText } from './normalise.ts';
import { findSections } from './sections.ts';
import { sampleRaw, type SampleFile } from './test-support/samples.ts';

const factsOf = (f: SampleFile) => {
  const text = normaliseText(sampleRaw(f));
  const sections = findSections(text);
  return { text, sections, facts: extractFacts(text, sections) };
};

describe('extractFacts on the samples', () => {
  it('南郊镇: the counts of its prose, with what they measure', () => {
    const { facts } = factsOf('003_795117ff85927c6d.txt');
    const by = (subject: string) => facts.filter((f) => f.subject === subject).map((f) => [f.value, f.unit, f.approx]);
    expect(by('共主动公开政府信息')).toEqual([[71, '条', false]]);
    expect(by('全文电子化率达')).toEqual([[100, '%', false]]);
    expect(by('幸福南郊微信公众号平台公开信息')).toEqual([[429, '条', false]]);
    expect(by('共接到依申请公开办件')).toEqual([[4, '件', false]]);
    expect(by('按要求答复')).toEqual([[3, '件', false]]);
  });

  it('花马池镇: 余 makes a figure approximate', () => {
    const { text, facts } = factsOf('000_02e80cf19b94c8cc.txt');
    const wechat = facts.find((f) => f.value === 460)!;
    expect(wechat).toMatchObject({ unit: '条', approx: true });
    expect(text.slice(wechat.sentenceStart, wechat.sentenceEnd)).toContain('微信公众号');
    expect(facts.find((f) => f.value === 30)).toMatchObject({ unit: '条', approx: true });
    expect(facts.find((f) => f.value === 1931)).toMatchObject({ unit: '件', approx: false });
  });

  it('every fact quotes its number and sits inside its sentence, outside the tables 二/三/四', () => {
    for (const f of ['000_02e80cf19b94c8cc.txt', '001_36591a17fc2832bc.txt', '003_795117ff85927c6d.txt'] as const) {
      const { text, sections, facts } = factsOf(f);
      expect(facts.length).toBeGreaterThan(0);
      const tables = sections.filter((s) => s.depth === 1 && ['二', '三', '四'].includes(s.num));
      for (const x of facts) {
        expect(text.slice(x.start, x.end).replace(/,/g, '')).toContain(String(x.value));
        expect(x.sentenceStart).toBeLessThanOrEqual(x.start);
        expect(x.sentenceEnd).toBeGreaterThanOrEqual(x.end);
        expect(tables.some((s) => x.start >= s.start && x.start < s.end)).toBe(false);
      }
    }
  });

  it('years and dates are not facts (no fact unit follows them)', () => {
    const { facts } = factsOf('003_795117ff85927c6d.txt');
    expect(facts.filter((f) => f.value >= 2000 && f.value <= 2030)).toEqual([]);
  });
});

describe('extractFacts on phrasings', () => {
  it('reads thousands separators, 约/逾 and 余 as approximate, and full-width ％', () => {
    const text =
      '一、总体情况\n全年共发布各类信息约 5,000 条，办理群众诉求逾12件，信息公开满意率达98.5％，公开460余条政务信息。';
    const facts = extractFacts(text, findSections(text));
    expect(facts.map((f) => [f.value, f.unit, f.approx])).toEqual([
      [5000, '条', true],
      [12, '件', true],
      [98.5, '%', false],
      [460, '条', true],
    ]);
    expect(facts[0]!.subject).toBe('全年共发布各类信息');
  });

  it('lines of a tab table and short lines are not prose', () => {
    const text =
      '一、总体情况\n信息内容\t本年处理决定数量\n行政处罚\t1319件\n共5条\n本年度共主动公开政府信息71条，较上年有所增加。';
    expect(extractFacts(text, findSections(text)).map((f) => f.value)).toEqual([71]);
  });
});

describe('extractFacts: items whose unit the text leaves out', () => {
  it('a count right after 信息 that ends its clause is a count of items (条)', () => {
    const text = '重点围绕脱贫攻坚等内容,在镇(场)工作专栏公布信息135。本年度信息2019年更新。';
    const facts = extractFacts(text, []);
    expect(facts.map((f) => [f.value, f.unit, f.subject])).toEqual([[135, '条', '场)工作专栏公布信息']]);
    expect(text.slice(facts[0]!.start, facts[0]!.end)).toBe('135');
  });
});

describe('extractFacts in the sections that hold tables', () => {
  it('takes the figures of a paragraph there, never a table row’s (汉阳 2022, its 表三 cut short)', () => {
    const raw = readFileSync(join(import.meta.dirname, 'fixtures/real-other/hanyang_bgs_2022_page.txt'), 'utf8');
    const text = normaliseText(raw);
    const sections = findSections(text);
    const facts = extractFacts(text, sections);
    const table = sections.find((s) => s.depth === 1 && s.num === '三')!;
    const inTable = facts.filter((f) => f.start >= table.start && f.start < table.end);
    expect(inTable.map((f) => [f.subject, f.value, f.unit])).toContainEqual(['本办不掌握相关政府信息', 2, '件']);
    for (const f of inTable) expect(text.slice(f.sentenceStart, f.sentenceEnd)).not.toContain('|');
  });
});
