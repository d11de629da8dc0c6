import { describe, expect, it } from 'vitest';
import { groupTotals, printedGroup, T3_RESULT_CATEGORIES, unnumbered } from './catalogue.ts';

describe('unnumbered', () => {
  it.each([
    ['一、本年新收政府信息公开申请数量', '本年新收政府信息公开申请数量'],
    ['（三）不予公开', '不予公开'],
    ['1.属于国家秘密', '属于国家秘密'],
    ['规章', '规章'],
  ])('%s → %s', (label, bare) => {
    expect(unnumbered(label)).toBe(bare);
  });
});

describe('groupTotals', () => {
  it('takes a group’s rows by key prefix, per template or across both', () => {
    expect(groupTotals('unable', '2021')).toEqual([
      't3.unable_no_info.total',
      't3.unable_need_create.total',
      't3.unable_unclear.total',
    ]);
    expect(groupTotals('other', '2019')).toEqual(['t3.other_processing.total']);
    expect(groupTotals('other')).toHaveLength(4);
  });

  it('prints 2019’s （六）其他处理 as a row of its own, under no header', () => {
    expect(printedGroup('deny_state_secret')).toBe('deny');
    expect(printedGroup('other_no_fee')).toBe('other');
    expect(printedGroup('other_processing')).toBeNull();
    expect(printedGroup('granted')).toBeNull();
  });
});

describe('T3_RESULT_CATEGORIES', () => {
  it('lists 表三’s results in printed order with short labels', () => {
    expect(T3_RESULT_CATEGORIES.map((c) => c.label)).toEqual([
      '予以公开',
      '部分公开',
      '不予公开',
      '无法提供',
      '不予处理',
      '其他处理',
    ]);
    expect(T3_RESULT_CATEGORIES[2]!.keys).toHaveLength(8);
  });
});
