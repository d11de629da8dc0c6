import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { buildCorpusIndex } from './corpus.ts';
import { correctSoundAlikes, findEntities } from './entities.ts';
import {
  closestOrgs,
  editDistance,
  homophoneOrg,
  homophones,
  nameSimilarity,
  orgMentionProblem,
  splitOrgName,
} from './org-match.ts';

/** The bundled samples' metadata, read by the pure pipeline: 花马池镇 (盐池县), 葛寨镇, 花庄镇, 南郊镇, 古城镇. */
const corpus = buildCorpusIndex(sampleInfos());

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions of Han characters', () => {
    expect(editDistance('花马池', '花马')).toBe(1);
    expect(editDistance('南郊', '北郊')).toBe(1);
    expect(editDistance('不存在', '花马池')).toBe(3);
    expect(editDistance('', '古城')).toBe(2);
    expect(editDistance('葛寨', '葛寨')).toBe(0);
    expect(editDistance('古城镇', '城古镇')).toBe(editDistance('城古镇', '古城镇'));
  });
});

describe('splitOrgName', () => {
  it('takes the unit or department suffix off, longest first', () => {
    expect(splitOrgName('花马池镇')).toEqual({ stem: '花马池', suffix: '镇' });
    expect(splitOrgName('大河街道')).toEqual({ stem: '大河', suffix: '街道' });
    expect(splitOrgName('利通区古城镇')).toEqual({ stem: '利通区古城', suffix: '镇' });
    expect(splitOrgName('盐池县教育局')).toEqual({ stem: '盐池县教育', suffix: '局' });
    expect(splitOrgName('花马池')).toEqual({ stem: '花马池', suffix: '' });
    // A suffix alone is no name.
    expect(splitOrgName('镇')).toEqual({ stem: '镇', suffix: '' });
  });
});

describe('nameSimilarity', () => {
  it('weighs the stems most and the kind of unit a little', () => {
    expect(nameSimilarity('花马镇', '花马池镇')).toBeCloseTo(0.8 * (2 / 3) + 0.2);
    expect(nameSimilarity('南郊乡', '南郊镇')).toBeCloseTo(0.8);
    expect(nameSimilarity('不存在镇', '花马池镇')).toBeCloseTo(0.2);
    expect(nameSimilarity('北京市', '花马池镇')).toBe(0);
    expect(nameSimilarity('古城镇', '古城镇')).toBe(1);
  });
});

describe('closestOrgs over the sample corpus', () => {
  it('puts the org one character away first', () => {
    expect(closestOrgs('花马镇', corpus)[0]).toEqual({ org: '花马池镇', score: 0.733 });
    expect(closestOrgs('北郊镇', corpus)[0]!.org).toBe('南郊镇');
    expect(closestOrgs('南郊乡', corpus)[0]).toEqual({ org: '南郊镇', score: 0.8 });
    expect(closestOrgs('葛寨乡', corpus)[0]!.org).toBe('葛寨镇');
  });

  it('scores an org by its best alias (the stem 花马池, the region-prefixed name)', () => {
    expect(closestOrgs('花马池', corpus)[0]).toEqual({ org: '花马池镇', score: 0.8 });
    expect(closestOrgs('遂平县花庄乡', corpus)[0]!.org).toBe('花庄镇');
  });

  it('lists nothing for a name with no likeness to any org', () => {
    expect(closestOrgs('北京市', corpus)).toEqual([]);
    expect(closestOrgs('公安局', corpus)).toEqual([]);
  });

  it('a department of a region: that region’s org, not towns sharing only 县', () => {
    expect(nameSimilarity('盐池县教育局', '遂平县花庄镇')).toBeLessThan(0.2);
    expect(closestOrgs('盐池县教育局', corpus, { regions: ['盐池县'] }).map((m) => m.org)).toEqual(['花马池镇']);
  });

  it('ranks orgs of a region the question names first', () => {
    // Only the suffix is alike: every 镇 scores the same, so the order without a region is by name.
    expect(closestOrgs('不存在镇', corpus).map((m) => m.score)).toEqual([0.2, 0.2, 0.2]);
    expect(closestOrgs('不存在镇', corpus, { regions: ['盐池县'] })[0]!.org).toBe('花马池镇');
    expect(closestOrgs('不存在镇', corpus, { regions: ['利通区'] })[0]!.org).toBe('古城镇');
    expect(closestOrgs('不存在镇', corpus, { max: 5 })).toHaveLength(5);
  });
});

describe('orgMentionProblem: orgs by everyday names, never another org in their place', () => {
  const dept = (id: number, org: string, region: string, year: number) => ({
    ...sampleInfos()[0]!,
    id,
    org,
    region,
    level: '部门' as const,
    title: `${org}${year}年政府信息公开工作年度报告`,
    year,
  });
  const depts = buildCorpusIndex([
    ...sampleInfos(),
    dept(11, '上海市科学技术委员会', '上海市', 2023),
    dept(12, '沭阳县发展和改革局', '沭阳县', 2022),
    dept(13, '上海市人民政府办公厅', '上海市', 2023),
    dept(14, '泗洪县发展和改革局', '泗洪县', 2022),
  ]);

  it.each([
    ['上海市科委2023年收到多少申请', '上海市科学技术委员会'],
    ['科委收到多少申请', '上海市科学技术委员会'],
    ['沭阳县发改局2022年收到多少申请', '沭阳县发展和改革局'],
    ['沭阳发改局行政处罚多少件', '沭阳县发展和改革局'],
    ['上海市政府办公厅2023年新收申请', '上海市人民政府办公厅'],
    ['市政府办新收了几件申请', '上海市人民政府办公厅'],
    ['利通古城镇2023年共发布了多少条信息', '古城镇'],
    ['吴忠古城新收申请', '古城镇'],
    ['对比花马池镇和南郊镇', '花马池镇'],
    // A question's own words before a name are no place: 库里有没有…, 有哪些….
    ['库里有没有省级科委的年报', '上海市科学技术委员会'],
  ])('%s → %s, nothing to say', (q, org) => {
    expect(orgMentionProblem(q, depts)).toBeNull();
    expect(findEntities(q, depts).orgs[0]).toBe(org);
  });

  it('a name two counties share is ambiguous: both named, neither taken', () => {
    const said = orgMentionProblem('发改局2022年收到多少申请', depts)!;
    expect(said).toContain('可指2个单位');
    expect(said).toContain('沭阳县发展和改革局');
    expect(said).toContain('泗洪县发展和改革局');
  });

  it('a name put in a region its org is not in is said so, with the org there is', () => {
    expect(orgMentionProblem('泗阳县发改局2022年收到多少申请', depts)).toMatch(/^语料中没有「泗阳县发改局」的报告/);
    expect(orgMentionProblem('泗阳发改局收到多少申请', depts)).toMatch(/^语料中没有「泗阳发改局」/);
    expect(orgMentionProblem('上海发改局收到多少申请', depts)).toMatch(/^语料中没有「上海发改局」/);
    expect(orgMentionProblem('盐池县古城镇2023年行政处罚多少件', depts)).toBe(
      '语料中没有「盐池县古城镇」的报告；名为「古城镇」的只有古城镇（吴忠市利通区，2023年）。',
    );
    expect(orgMentionProblem('伊川县南郊镇收到多少申请', depts)).toContain('报告没有写明所属的县市');
    // In a place the corpus does not know, an org whose report prints no place may be the one asked: read as it, said so.
    expect(orgMentionProblem('琼海市南郊镇收到多少申请', depts)).toBeNull();
    expect(findEntities('琼海市南郊镇收到多少申请', depts)).toMatchObject({
      orgs: ['南郊镇'],
      unknownOrgs: [],
      notes: ['「琼海市南郊镇」：库中南郊镇的报告没有写明所属的县市，按这份报告回答'],
    });
    // 科委 of 上海市: a province's body is another body.
    expect(orgMentionProblem('省科委收到多少申请', depts)).toMatch(/^语料中没有「省科委」/);
  });

  it('a name two orgs share, with a year only one of them reported in, is that one, said so', () => {
    const years = buildCorpusIndex([
      dept(12, '沭阳县发展和改革局', '沭阳县', 2022),
      dept(14, '泗洪县发展和改革局', '泗洪县', 2021),
    ]);
    expect(findEntities('发改局2021年收到多少申请', years)).toMatchObject({
      orgs: ['泗洪县发展和改革局'],
      unknownOrgs: [],
      notes: ['「发改局」2021年只有泗洪县发展和改革局的报告'],
    });
    expect(orgMentionProblem('发改局2021年收到多少申请', years, [2021])).toBeNull();
    // No year, or a year neither reported in: still both named.
    expect(orgMentionProblem('发改局收到多少申请', years)).toContain('可指2个单位');
    expect(orgMentionProblem('发改局2020年收到多少申请', years, [2020])).toContain('可指2个单位');
    expect(findEntities('发改局2020年收到多少申请', years).orgs).toEqual([]);
  });

  it('a name that starts inside another name is read after the longer one, as findEntities reads them', () => {
    const unit = (id: number, org: string, region: string) => ({
      ...dept(id, org, region, 2020),
      level: '乡镇/街道' as const,
    });
    const joined = buildCorpusIndex([
      unit(21, '明湖丰镇', '安宁市河林县'),
      unit(22, '桥新东镇', '安宁市南南县'),
      unit(23, '和南南街道', '安宁市南平县'),
      unit(24, '和南南乡', '安宁市新丰区'),
    ]);
    // 和南南 (the stem of two orgs) starts at the 和 joining the names, inside 南南县桥新东镇.
    const q = '河林县明湖丰镇和南南县桥新东镇2020年予以公开对比';
    expect(findEntities(q, joined).orgs).toEqual(['明湖丰镇', '桥新东镇']);
    expect(orgMentionProblem(q, joined, [2020])).toBeNull();
    // Alone, the shared stem is still ambiguous.
    expect(orgMentionProblem('和南南2020年予以公开多少件', joined, [2020])).toContain('可指2个单位');
  });
  it('in a corpus with one 发改局, 泗阳县发改局 still is not 沭阳县’s', () => {
    const one = buildCorpusIndex([dept(12, '沭阳县发展和改革局', '沭阳县', 2022)]);
    expect(findEntities('发改局收到多少申请', one).orgs).toEqual(['沭阳县发展和改革局']);
    expect(orgMentionProblem('发改局收到多少申请', one)).toBeNull();
    expect(orgMentionProblem('泗阳县发改局收到多少申请', one)).toMatch(/^语料中没有「泗阳县发改局」/);
  });
});

describe('homophones and homophoneOrg', () => {
  it('reads characters alike by any of their readings, tones aside', () => {
    expect(homophones('城', '成')).toBe(true);
    expect(homophones('故', '古')).toBe(true);
    expect(homophones('长', '张')).toBe(true);
    expect(homophones('湖', '郊')).toBe(false);
    expect(homophones('A', 'A')).toBe(true);
  });

  it('takes a one-character homophone typo for the one org it can mean', () => {
    expect(homophoneOrg('古成镇', corpus)?.org.org).toBe('古城镇');
    expect(homophoneOrg('花马驰镇', corpus)?.meant).toBe('花马池镇');
    expect(homophoneOrg('南交镇', corpus)).toMatchObject({ written: '南交镇', meant: '南郊镇' });
    // The place written before it is the org's own region, or no place the corpus knows.
    expect(homophoneOrg('盐池县花马驰镇', corpus)?.org.org).toBe('花马池镇');
  });

  it('leaves alone what is no such typo: another sound, another unit, two characters off, another place', () => {
    expect(homophoneOrg('南湖镇', corpus)).toBeNull();
    expect(homophoneOrg('古成乡', corpus)).toBeNull();
    expect(homophoneOrg('故成镇', corpus)).toBeNull();
    expect(homophoneOrg('利通区花马驰镇', corpus)).toBeNull();
  });

  it('the question is read with the org named, and says how', () => {
    const typo = correctSoundAlikes('古成镇2023年主动公开了多少条信息', corpus);
    expect(typo.question).toBe('古城镇2023年主动公开了多少条信息');
    expect(typo.notes).toEqual(['「古成镇」按同音的「古城镇」理解']);
    expect(findEntities(typo.question, corpus).orgs).toHaveLength(1);
    expect(correctSoundAlikes('南湖镇2021年收到几件申请', corpus).notes).toEqual([]);
  });
});
