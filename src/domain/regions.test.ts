import { describe, expect, it } from 'vitest';
import { leadingUnits, levelOfUnit, PARENT_CHAIN, regionUnits, suffixPattern, UNIT_SUFFIXES } from './regions.ts';

describe('regionUnits', () => {
  it('splits a region into its units, outermost first', () => {
    expect(regionUnits('吴忠市利通区')).toEqual(['吴忠市', '利通区']);
    expect(regionUnits('甘肃省庆阳市环县')).toEqual(['甘肃省', '庆阳市', '环县']);
    expect(regionUnits('锡林郭勒盟正蓝旗')).toEqual(['锡林郭勒盟', '正蓝旗']);
    expect(regionUnits('')).toEqual([]);
  });

  it('leaves a province joined to the next unit when asked to', () => {
    expect(regionUnits('甘肃省庆阳市环县', { province: false })).toEqual(['甘肃省庆阳市', '环县']);
    expect(regionUnits('吴忠市盐池县', { province: false })).toEqual(['吴忠市', '盐池县']);
  });
});

describe('PARENT_CHAIN', () => {
  const chain = (text: string, org: string) => new RegExp(`(${PARENT_CHAIN})${org}`).exec(text)?.[1] ?? null;

  it('takes up to three two-character units before the org', () => {
    expect(chain('吴忠市利通区古城镇人民政府', '古城镇')).toBe('吴忠市利通区');
    expect(chain('固原地区某某镇', '某某镇')).toBe('固原地区');
    expect(chain('本报告由古城镇', '古城镇')).toBeNull();
  });
});

describe('levelOfUnit', () => {
  it.each([
    ['花马池镇', '乡镇/街道'],
    ['王乐井乡', '乡镇/街道'],
    ['东塔街道', '乡镇/街道'],
    ['盐池县', '县区'],
    ['利通区', '县区'],
    ['正蓝旗', '县区'],
    ['吴忠市', '市'],
    ['锡林郭勒盟', '市'],
    ['固原地区', '市'],
    ['教育局', null],
  ])('%s → %s', (unit, level) => {
    expect(levelOfUnit(unit)).toBe(level);
  });
});

describe('suffixPattern', () => {
  it('tries longer suffixes first', () => {
    expect(suffixPattern(UNIT_SUFFIXES.province)).toBe('(?:特别行政区|自治区|省)');
  });
});

describe('leadingUnits', () => {
  it('reads the units an org name opens with; a suffix before another is part of a longer unit', () => {
    expect(leadingUnits('福州市晋安区教育局')).toEqual(['福州市', '晋安区']);
    expect(leadingUnits('吴忠市利通区古城镇人民政府')).toEqual(['吴忠市', '利通区', '古城镇']);
    expect(leadingUnits('平潭综合实验区管委会')).toEqual(['平潭综合实验区']);
    expect(leadingUnits('县科技局')).toEqual([]);
  });

  it('a word that opens with a suffix (市场, 区域) names no unit: 金华市 of 金华市市场监管局 (split s12)', () => {
    expect(leadingUnits('金华市市场监管局')).toEqual(['金华市']);
    expect(leadingUnits('嘉兴市市场监督管理局')).toEqual(['嘉兴市']);
    // A suffix before another that opens no such word still makes the longer unit.
    expect(leadingUnits('阿拉善盟市政管理局')).toEqual(['阿拉善盟']);
    expect(leadingUnits('某某市区教育局')).toEqual(['某某市区']);
  });

  it('a department named with 城乡 or 和 is no township; a township named with 和 is', () => {
    expect(leadingUnits('杭州市城乡建设委员会')).toEqual(['杭州市']);
    expect(leadingUnits('淮安市住房和城乡建设局')).toEqual(['淮安市']);
    expect(leadingUnits('阳和市龙清县华东和街道')).toEqual(['阳和市', '龙清县', '华东和街道']);
    expect(leadingUnits('龙清县太和镇人民政府')).toEqual(['龙清县', '太和镇']);
  });
});
