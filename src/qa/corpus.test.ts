import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import type { ReportInfo } from '../domain/ports.ts';
import { buildCorpusIndex, describeCorpus, reportsOf } from './corpus.ts';

const infos = sampleInfos();
const corpus = buildCorpusIndex(infos);

describe('buildCorpusIndex over the five samples', () => {
  it('one entry per org with its years; years sorted, latest 2024', () => {
    expect(corpus.orgs.map((o) => [o.org, o.years])).toEqual([
      ['花马池镇', [2021]],
      ['葛寨镇', [2020]],
      ['花庄镇', [2024]],
      ['南郊镇', [2021]],
      ['古城镇', [2023]],
    ]);
    expect(corpus.years).toEqual([2020, 2021, 2023, 2024]);
    expect(corpus.latestYear).toBe(2024);
  });

  it('aliases: the name, 人民政府/政府 forms, the stem, each after a form of the region, longest first', () => {
    // The region 吴忠市利通区 (read from the text), its parts and their stems each prefix the name.
    expect(corpus.byOrg.get('古城镇')!.aliases).toEqual(
      expect.arrayContaining([
        '吴忠市利通区古城镇',
        '利通区古城镇',
        '利通古城镇',
        '吴忠古城',
        '古城镇人民政府',
        '古城',
      ]),
    );
    expect(corpus.byOrg.get('南郊镇')!.aliases).toEqual(['南郊镇人民政府', '南郊镇政府', '南郊镇', '南郊']);
    for (const o of corpus.orgs) {
      const lengths = o.aliases.map((a) => a.length);
      expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    }
    const lengths = corpus.aliases.map(([a]) => a.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    // Names without a region, which a region in the question must agree with.
    expect(corpus.unqualified.has('古城镇')).toBe(true);
    expect(corpus.unqualified.has('利通古城镇')).toBe(false);
  });

  it('a short name two orgs share is theirs together, not either one’s', () => {
    const dept = (id: number, org: string, region: string) => ({
      ...infos[0]!,
      id,
      org,
      region,
      level: '部门' as const,
      title: `${org}2022年政府信息公开工作年度报告`,
      year: 2022,
    });
    const c = buildCorpusIndex([dept(11, '沭阳县发展和改革局', '沭阳县'), dept(12, '泗洪县发展和改革局', '泗洪县')]);
    expect(c.ambiguous.get('发改局')!.map((o) => o.org)).toEqual(['沭阳县发展和改革局', '泗洪县发展和改革局']);
    expect(c.byOrg.get('沭阳县发展和改革局')!.aliases).toContain('沭阳发改局');
    expect(c.aliases.some(([a]) => a === '发改局')).toBe(false);
    // The aliases a report gives are read when its metadata carries them.
    const withAliases: ReportInfo & { aliases: string[] } = {
      ...dept(13, '上海市科学技术委员会', '上海市'),
      aliases: ['上海科技口'],
    };
    const given = buildCorpusIndex([withAliases]);
    expect(given.byOrg.get('上海市科学技术委员会')!.aliases).toContain('上海科技口');
  });

  it('regions and their parts, longest first; the name pattern finds aliases and regions', () => {
    expect(corpus.regions).toEqual(['吴忠市利通区', '盐池县', '伊川县', '遂平县', '吴忠市', '利通区']);
    expect(corpus.namePattern!.matches('利通区古城镇和盐池县')).toEqual(['利通区古城镇', '盐池县']);
    expect('问利通区古城镇和盐池县'.replace(corpus.namePattern!, '_')).toBe('问_和_');
  });

  it('the name a text opens with is the one longestAt finds there, texts looked up together', () => {
    const texts = ['利通区古城镇和盐池县', '古城镇2023年', '盐池县花马池镇', '问古城镇', '', '利通区古城'];
    expect(corpus.namePattern!.longestOpenings(texts)).toEqual(texts.map((t) => corpus.namePattern!.longestAt(t, 0)));
    expect(corpus.namePattern!.longestOpenings(texts.slice(0, 3))).toEqual([
      '利通区古城镇',
      '古城镇',
      '盐池县花马池镇',
    ]);
  });

  it('a name blanked out of a text is not found across the blank', () => {
    expect(corpus.namePattern!.matches('利通区　古城镇')).toEqual(['利通区', '古城镇']);
    expect(corpus.namePattern!.matches('盐池县花马池　')).toEqual(['盐池县花马池']);
    expect(corpus.namePattern!.matches('盐池县花马池　镇')).toEqual(['盐池县花马池']);
  });

  it('reports without an org are counted in years but name no org; an empty corpus has no pattern', () => {
    const c = buildCorpusIndex([...infos, { ...infos[0]!, id: 9, org: null, year: 2019 }]);
    expect(c.orgs).toHaveLength(5);
    expect(c.years[0]).toBe(2019);
    expect(buildCorpusIndex([]).namePattern).toBeNull();
  });
});

describe('describeCorpus', () => {
  it('names each org with its years, and how many more past the limit', () => {
    expect(describeCorpus(corpus)).toBe(
      '花马池镇（2021年）、葛寨镇（2020年）、花庄镇（2024年）、南郊镇（2021年）、古城镇（2023年）',
    );
    expect(describeCorpus(corpus, 2)).toBe('花马池镇（2021年）、葛寨镇（2020年） 等5个单位');
  });
});

describe('reportsOf', () => {
  it("gives the named orgs' reports in the corpus's order, each once, and none for an unknown org", () => {
    const c = buildCorpusIndex([...infos, { ...infos[0]!, id: 9, year: 2019 }]);
    const want = c.reports.filter((r) => r.org === '古城镇' || r.org === '花马池镇');
    expect(reportsOf(c, ['古城镇', '花马池镇', '古城镇'])).toEqual(want);
    expect(want.filter((r) => r.org === '花马池镇')).toHaveLength(2);
    expect(reportsOf(c, ['不存在镇'])).toEqual([]);
  });
});
