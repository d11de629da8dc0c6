import { describe, expect, it } from 'vitest';
import { arabicYears, CHINESE_NUMERAL_CHARS, halfWidthDigits, chineseNumeral, parseCount } from './numerals.ts';

describe('chineseNumeral', () => {
  it.each([
    ['十', 10],
    ['十二', 12],
    ['三十', 30],
    ['两', 2],
    ['一百零五', 105],
    ['三千零二十', 3020],
    ['九千九百九十九', 9999],
    ['十万', 100000],
    ['三十万', 300000],
    ['十二万三千', 123000],
    ['一亿二千万', 120000000],
    ['二〇二一', 2021],
    ['零', 0],
  ])('%s → %d', (s, n) => {
    expect(chineseNumeral(s)).toBe(n);
  });

  it('is null for what is not a numeral', () => {
    for (const s of ['', '万', '亿', '三审', '一是', 'x十']) expect(chineseNumeral(s)).toBeNull();
  });

  it('reads every character of its class', () => {
    expect(CHINESE_NUMERAL_CHARS).toBe('零〇一二两三四五六七八九十百千万亿');
  });
});

describe('parseCount', () => {
  it('reads Arabic and Chinese counts alike', () => {
    expect(parseCount('15')).toBe(15);
    expect(parseCount('十五')).toBe(15);
    expect(parseCount('两')).toBe(2);
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('名')).toBeNull();
  });
});

describe('arabicYears', () => {
  it('puts years written digit by digit in Chinese in Arabic digits', () => {
    expect(arabicYears('花马池镇二零一九年行政处罚多少件')).toBe('花马池镇2019年行政处罚多少件');
    expect(arabicYears('二〇二一年度报告')).toBe('2021年度报告');
    expect(arabicYears('南郊镇二一年收到几件申请')).toBe('南郊镇21年收到几件申请');
  });

  it('leaves counts of years and other numbers alone', () => {
    for (const s of ['近三年', '近二三年', '十一年', '二十一年', '两年', '一二三四', '第二一年'])
      expect(arabicYears(s)).toBe(s);
  });
});

describe('halfWidthDigits', () => {
  it('puts full-width digits and letters in half width, punctuation left', () => {
    expect(halfWidthDigits('迎宾路街道２０２１年受理了几件？ＰＤＦ')).toBe('迎宾路街道2021年受理了几件？PDF');
  });
});
