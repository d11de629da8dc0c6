import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { buildCorpusIndex } from './corpus.ts';
import { findEntities, plansOf } from './entities.ts';

/** The five sample reports: 花马池镇 2021 (盐池县), 葛寨镇 2020, 花庄镇 2024, 南郊镇 2021, 古城镇 2023. */
const corpus = buildCorpusIndex(sampleInfos());
const e = (q: string) => findEntities(q, corpus);

describe('orgs the corpus has', () => {
  it('are found by name, full regional name, 人民政府 form and stem, in the order named', () => {
    expect(e('花马池镇2021年行政处罚多少件？')).toMatchObject({ orgs: ['花马池镇'], unknownOrgs: [], years: [2021] });
    expect(e('盐池县花马池镇人民政府2021年行政处罚多少件？')).toMatchObject({ orgs: ['花马池镇'], unknownOrgs: [] });
    expect(e('花马池2021年行政强制几件').orgs).toEqual(['花马池镇']);
    expect(e('南郊镇政府新收了几件申请').orgs).toEqual(['南郊镇']);
    expect(e('古城镇和花马池镇谁的行政处罚多').orgs).toEqual(['古城镇', '花马池镇']);
  });

  it('a region alone is a region, not an unknown org', () => {
    expect(e('盐池县2021年行政处罚多少件？')).toMatchObject({ orgs: [], regions: ['盐池县'], unknownOrgs: [] });
  });
});

describe('orgs the corpus does not have', () => {
  it('are named wherever the question presents them as a place', () => {
    expect(e('大水坑镇2021年行政处罚多少件？')).toMatchObject({ orgs: [], unknownOrgs: ['大水坑镇'] });
    expect(e('王家庄乡2022年收到多少申请').unknownOrgs).toEqual(['王家庄乡']);
    // A township's stem before another unit's suffix (花马池市, 南郊县) names that other unit, not the township.
    expect(e('花马池市2021年行政处罚多少件').orgs).toEqual([]);
    expect(e('南郊旗2021年行政处罚多少件').orgs).toEqual([]);
    // Followed by its 政府信息公开, a place is still named.
    expect(e('大水坑镇政府信息公开是哪个部门管的').unknownOrgs).toEqual(['大水坑镇']);
    expect(e('北京市2021年政府信息公开申请数量是多少？').unknownOrgs).toEqual(['北京市']);
    expect(e('盐池县高沙窝镇的年报里存在哪些问题')).toMatchObject({ regions: ['盐池县'], unknownOrgs: ['高沙窝镇'] });
  });

  it('as the subject even when the name holds a word that is rarely a name (有, 在, 和)', () => {
    expect(e('不存在镇2021年行政处罚多少件？')).toMatchObject({ orgs: [], unknownOrgs: ['不存在镇'] });
    expect(e('请问不存在镇2021年行政处罚多少件').unknownOrgs).toEqual(['不存在镇']);
    expect(e('2021年不存在镇行政处罚多少件').unknownOrgs).toEqual(['不存在镇']);
    expect(e('盐池县不存在镇2021年行政处罚多少件')).toMatchObject({ regions: ['盐池县'], unknownOrgs: ['不存在镇'] });
    expect(e('和平镇2021年行政处罚多少件？').unknownOrgs).toEqual(['和平镇']);
    // Not as the subject, the same word is not taken for a name.
    expect(e('花马池镇的数据在乡镇里排第几').unknownOrgs).toEqual([]);
    // Nor a phrase about the library that ends in a unit word.
    expect(e('在库里的五份乡镇年报中，哪个镇的行政处罚最多').unknownOrgs).toEqual([]);
  });

  it('a department named as the subject, with the region written before it', () => {
    expect(e('盐池县教育局2021年收到多少申请')).toMatchObject({
      orgs: [],
      regions: ['盐池县'],
      unknownOrgs: ['盐池县教育局'],
    });
    expect(e('盐池县人民政府办公室2021年新收申请几件').unknownOrgs).toEqual(['盐池县人民政府办公室']);
    expect(e('卫生健康委员会2022年收到几件申请').unknownOrgs).toEqual(['卫生健康委员会']);
    expect(e('请问公安局去年行政复议几件').unknownOrgs).toEqual(['公安局']);
    // Words ending in 办/局/委 are not departments: 承办, 办件, 依申请公开办理.
    for (const q of ['2021年承办了几件区政协提案', '2021年主动公开办件多少', '依申请公开办理情况', '办结了几件？'])
      expect({ q, unknown: e(q).unknownOrgs }).toEqual({ q, unknown: [] });
  });

  it('a known stem with another unit suffix is another unit (南郊乡 is not 南郊镇)', () => {
    expect(e('南郊乡2021年新收申请多少件')).toMatchObject({ orgs: [], unknownOrgs: ['南郊乡'] });
    expect(e('葛寨街道2020年收到几件申请')).toMatchObject({ orgs: [], unknownOrgs: ['葛寨街道'] });
  });

  it('groups, questions and pointers are not names', () => {
    for (const q of [
      '各镇2021年新收申请多少件',
      '哪个镇行政处罚最多？',
      '五个镇行政处罚加起来是多少？',
      '有没有乡镇2021年行政处罚超过1000件？',
      '在乡镇一级政务公开做得怎样',
      '本辖区2021年收到多少申请',
      '所有乡镇的报告有几份',
      '全县2021年行政处罚合计',
    ]) {
      expect({ q, unknown: e(q).unknownOrgs }).toEqual({ q, unknown: [] });
    }
  });
});

describe('years', () => {
  it('reads plain, open and relative years against the corpus (latest 2024)', () => {
    expect(e('花马池镇2021年行政处罚多少件').years).toEqual([2021]);
    expect(e('2021年以来各镇行政处罚').yearRange).toEqual({ from: 2021, to: 2024 });
    expect(e('2021年以来各镇行政处罚').years).toEqual([2021, 2022, 2023, 2024]);
    expect(e('2022年之后各镇行政处罚').yearRange).toEqual({ from: 2023, to: 2024 });
    expect(e('近三年行政处罚').years).toEqual([2022, 2023, 2024]);
    expect(e('去年各镇收到多少申请')).toMatchObject({
      years: [2023],
      notes: [expect.stringContaining('去年 = 2023年')],
    });
    // Relative years count from the one org's latest report: 南郊镇's is 2021.
    expect(e('南郊镇去年收到多少申请').years).toEqual([2020]);
  });

  it('a template version or the year applications are carried to is not a report year', () => {
    expect(e('用2019版模板的报告有哪些').years).toEqual([]);
    expect(e('南郊镇2021年结转到2022年的申请几件').years).toEqual([2021]);
  });
});

describe('plansOf', () => {
  it('reads the plans of a year from the report of the year before when only that one exists', () => {
    const q = '花马池镇2022年政务公开有什么计划';
    expect(plansOf(q, e(q), corpus).years).toEqual([2021]);
    // Not a question about plans: the year stays.
    const f = '花马池镇2022年行政处罚多少件';
    expect(plansOf(f, e(f), corpus).years).toEqual([2022]);
  });
});
