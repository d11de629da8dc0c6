import { describe, expect, it } from 'vitest';
import { T3_ROWS } from '../../src/domain/catalogue.ts';
import { gridCells } from './grid.ts';
import { labelScore } from './match.ts';

const cells = (text: string) =>
  gridCells(text, 0, text.length).map((c) => (c.kind === 'empty' ? '_' : c.kind === 'value' ? `=${c.text}` : c.text));

describe('gridCells reads a table region in any layout, cells keeping their offsets', () => {
  it('tabs keep blank fields; pipes, runs of spaces and single-spaced values split alike', () => {
    expect(cells('规章\t1\t\t11')).toEqual(['规章', '=1', '_', '=11']);
    expect(cells('| 规章 | 1 | 0 | 11 |')).toEqual(['规章', '=1', '=0', '=11']);
    expect(cells('规章          1          0        11')).toEqual(['规章', '=1', '=0', '=11']);
    expect(cells('1. 属于国家秘密 2 0 0 | 0 0 0 2')).toEqual([
      '1. 属于国家秘密',
      '=2',
      '=0',
      '=0',
      '=0',
      '=0',
      '=0',
      '=2',
    ]);
  });

  it('a digit opening a label is its row numbering that lost its mark, not a value of the row before', () => {
    // OCR of 表三 (lzq_jd_2019 scan, fixtures/real-scan): the "." after 1 dropped.
    expect(cells('3补正后申请内容仍不明确\t/\t/\n1信访举报投诉类申请\t/')).toEqual([
      '3补正后申请内容仍不明确',
      '=/',
      '=/',
      '1信访举报投诉类申请',
      '=/',
    ]);
    // Two digits, digits ending a label, or a digit after the line's other cells stay values.
    expect(cells('不予公开5\t12属于')).toEqual(['不予公开', '=5', '=12', '属于']);
    expect(cells('危及 0    5度办')).toEqual(['危及', '=0', '=5', '度办']);
  });

  it('a change in words is a value (减3 of a 2019 本年增/减 column); a lost character before a value is no cell', () => {
    // xzsp_2021_trad_page.txt and pjmajestic_2021_trad_page.txt (fixtures/real-other, split s7).
    expect(cells('行政许可 |\n37 |\n减3 |\n1125 |')).toEqual(['行政许可', '=37', '=减3', '=1125']);
    expect(cells('规章 |\n0 |\n? 0 |\n0 |')).toEqual(['规章', '=0', '=0', '=0']);
    // Alone, or before words, it stays text: nothing is read in its place.
    expect(cells('规章 | ? | 0')).toEqual(['规章', '?', '=0']);
  });

  it('marks the cells of a line that ends a sentence as prose (华容分局 2024: 办理行政许可21件。)', () => {
    const text = '二是管理公开。本年度，印发0个规范性文件。办理行政许可21件。\n行政许可 | 5 |';
    const prose = gridCells(text, 0, text.length).map((c) => `${c.text}${c.prose ? '*' : ''}`);
    expect(prose).toEqual([
      '二是管理公开。本年度，印发*',
      '0个*',
      '规范性文件。办理行政许可*',
      '21件*',
      '。*',
      '行政许可',
      '5',
    ]);
  });

  it('drops page footers and markdown rules, keeps 数据1… headers as labels', () => {
    expect(cells('| a | 1 |\n|---|---|\n— 5 —\n- 4 -\n项目  数据1  数据2')).toEqual([
      'a',
      '=1',
      '项目',
      '数据1',
      '数据2',
    ]);
  });

  it('a dump with glued digits: values split from labels, and a digit numbering the next row kept with it', () => {
    expect(cells('（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000')).toEqual([
      '（三）不予公开',
      '1.属于国家秘密',
      '=0000000',
      '2.其他法律行政法规禁止公开',
      '=0000000',
    ]);
  });

  it('every cell quotes the text at its offsets', () => {
    const text = '  一、本年新收  3001   53\n| 规章 | 1 |';
    for (const c of gridCells(text, 0, text.length)) expect(text.slice(c.start, c.end)).toBe(c.text);
  });
});

describe('labelScore: rows by numbering and wording, tolerant of typos and splits', () => {
  const rows = T3_ROWS['2021'];
  const best = (label: string) =>
    rows
      .map((r) => ({ key: r.key, s: labelScore(label, r) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 2);

  it.each([
    ['2.其他法律行政止公开', 'deny_law_forbidden'],
    ['2.其他法律行政法规茜止公开', 'deny_law_forbidden'],
    ['1、申请人无正当理由逾期不补正、行政机关不再处理其政府信', 'other_no_correction'],
    ['（二）部分公开（区分处理的，只计这一情', 'partial'],
    ['4 保护第三方合法权益', 'deny_third_party'],
    ['法律服务机构其他一、本年新收政府信息公开申请数量', 'new'],
  ])('%s → %s, clearly ahead of the next row', (label, key) => {
    const [top, second] = best(label);
    expect(top!.key).toBe(key);
    expect(top!.s).toBeGreaterThanOrEqual(0.7);
    expect(top!.s - second!.s).toBeGreaterThan(0.2);
  });

  it('a numbering that contradicts the row, or a header word alone, is no match', () => {
    const row = (k: string) => rows.find((r) => r.key === k)!;
    expect(labelScore('3.属于国家秘密', row('deny_state_secret'))).toBeLessThan(0.7);
    expect(labelScore('其他', row('other_other'))).toBeLessThan(0.7);
    expect(labelScore('三、本年度办理结果', row('new'))).toBeLessThan(0.7);
  });
});
