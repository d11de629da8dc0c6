import { describe, expect, it } from 'vitest';
import { orgAliases, regionForms, shortForms, splitRegion, unitForms, unitStem } from './org-names.ts';

const names = (org: string, region: string | null, extra?: string[]) =>
  orgAliases(org, region, extra).map((a) => a.alias);
const bare = (org: string, region: string | null) =>
  orgAliases(org, region)
    .filter((a) => !a.regional)
    .map((a) => a.alias);

describe('shortForms', () => {
  it('takes the known short forms of a department', () => {
    expect(shortForms('科学技术委员会')).toEqual(['科学技术委员会', '科委']);
    expect(shortForms('人民政府办公厅')).toEqual(['人民政府办公厅', '政府办公厅', '政府办']);
    expect(shortForms('住房和城乡建设局')).toEqual(['住房和城乡建设局', '住建局']);
    // A province's 厅 is shortened as a county's 局.
    expect(shortForms('交通运输厅')).toEqual(['交通运输厅', '交通厅']);
    expect(shortForms('住房和城乡建设厅')).toEqual(['住房和城乡建设厅', '住建厅']);
  });

  it('abbreviates a 和 compound by the first character of each part, the suffix shortened', () => {
    expect(shortForms('发展和改革局')).toEqual(['发展和改革局', '发改局']);
    expect(shortForms('人力资源和社会保障局')).toEqual(['人力资源和社会保障局', '人社局']);
    expect(shortForms('文化和旅游厅')).toEqual(['文化和旅游厅', '文旅厅']);
  });

  it('the official short form of a 发展和改革委员会 is one kind with it (天津市发展改革委)', () => {
    expect(shortForms('发展和改革委员会')).toEqual(['发展和改革委员会', '发展改革委', '发改委']);
    expect(shortForms('发展改革委')).toEqual(['发展改革委', '发改委']);
  });

  it('an X州市 name opens with its city, not a 州 (定州市发展和改革局 → 定州市发改局)', () => {
    expect(orgAliases('定州市发展和改革局', null).map((a) => a.alias)).toContain('定州市发改局');
    expect(orgAliases('杭州市发展和改革委员会', null).map((a) => a.alias)).toContain('杭州发改委');
  });

  it('leaves a name with no known or derivable short form alone', () => {
    expect(shortForms('财政局')).toEqual(['财政局']);
    expect(shortForms('古城镇')).toEqual(['古城镇']);
  });
});

describe('unitStem and splitRegion', () => {
  it('a unit without its suffix, when two characters are left', () => {
    expect(unitStem('盐池县')).toBe('盐池');
    expect(unitStem('利通区')).toBe('利通');
    expect(unitStem('环县')).toBeNull();
    expect(unitStem('科委')).toBeNull();
  });

  it('splits the region a department name opens with', () => {
    expect(splitRegion('沭阳县发展和改革局', '沭阳县')).toEqual({ region: '沭阳县', body: '发展和改革局' });
    expect(splitRegion('上海市人民政府办公厅', null)).toEqual({ region: '上海市', body: '人民政府办公厅' });
    expect(splitRegion('古城镇', '吴忠市利通区')).toEqual({ region: '', body: '古城镇' });
    expect(splitRegion('淮安市', null)).toEqual({ region: '', body: '淮安市' });
  });
});

describe('orgAliases', () => {
  it('a 生态环境局 goes by 环保局, a 人力资源社会保障局 by 人社局', () => {
    expect(names('长沙市生态环境局', '长沙市')).toContain('长沙环保局');
    expect(bare('人力资源社会保障局', null)).toContain('人社局');
  });

  it("a bureau's branch goes by its place: 历下分局, 历下环保分局", () => {
    const a = bare('济南市生态环境局历下分局', '济南市');
    for (const n of ['历下分局', '历下环保分局', '历下生态环境分局']) expect(a).toContain(n);
  });

  it('a 机关事务管理局 goes by 机关事务局', () => {
    expect(bare('国家机关事务管理局', null)).toContain('机关事务局');
    expect(names('吴忠市机关事务管理局', '吴忠市')).toContain('吴忠市机关事务局');
  });

  it('a street office goes by 街 and by 街道 alike', () => {
    expect(bare('佳荣里街', '天津市北辰区')).toContain('佳荣里街道');
    expect(bare('东林街道', '重庆市万盛经开区')).toContain('东林街');
  });

  it('a county department: region kept, shortened, dropped to its level word, or left out', () => {
    expect(names('沭阳县发展和改革局', '沭阳县')).toEqual([
      '沭阳县发展和改革局',
      '沭阳县发改局',
      '沭阳发展和改革局',
      '沭阳发改局',
      '县发展和改革局',
      '县发改局',
      '发展和改革局',
      '发改局',
    ]);
    // Only the names with the region in them rule out a same-named department elsewhere.
    expect(bare('沭阳县发展和改革局', '沭阳县')).toEqual(['县发展和改革局', '县发改局', '发展和改革局', '发改局']);
  });

  it('city bodies by their everyday names: 上海市科委, 上海市政府办公厅, 市政府办', () => {
    expect(names('上海市科学技术委员会', '上海市')).toEqual(
      expect.arrayContaining(['上海市科委', '上海科委', '市科委', '科委']),
    );
    expect(names('上海市人民政府办公厅', '上海市')).toEqual(
      expect.arrayContaining(['上海市政府办公厅', '上海市政府办', '市政府办公厅', '市政府办', '政府办公厅']),
    );
    // A province is not named alone before the org.
    expect(names('江苏省沭阳县发展和改革局', '江苏省沭阳县')).toContain('沭阳发改局');
    expect(names('江苏省沭阳县发展和改革局', '江苏省沭阳县').some((a) => a.startsWith('江苏发'))).toBe(false);
    // Unless the org is the province's own department.
    expect(names('山西省交通运输厅', '山西省')).toEqual(
      expect.arrayContaining(['山西交通厅', '山西交通运输厅', '交通厅']),
    );
  });

  it('a township: its government and stem, with each form of its region before them', () => {
    const a = names('古城镇', '吴忠市利通区');
    expect(a).toEqual(
      expect.arrayContaining([
        '古城镇',
        '古城',
        '古城镇人民政府',
        '利通区古城镇',
        '利通古城镇',
        '吴忠古城',
        '吴忠市利通区古城镇',
      ]),
    );
    expect(bare('古城镇', '吴忠市利通区')).toEqual(['古城镇', '古城镇人民政府', '古城镇政府', '古城']);
    expect(names('南郊镇', null)).toEqual(['南郊镇', '南郊镇人民政府', '南郊镇政府', '南郊']);
  });

  it('takes the aliases a report gives as naming the org itself', () => {
    const a = orgAliases('上海市科学技术委员会', '上海市', ['上海科技']);
    expect(a).toContainEqual({ alias: '上海科技', regional: true });
  });
});

describe('unitForms: the names people give development zones, 民族乡 and 自治县 (real-other s16)', () => {
  it('a development zone goes by its short form, and its 管委会 is its government', () => {
    expect(unitForms('南宁经济技术开发区')).toEqual(['南宁经济技术开发区', '南宁经开区']);
    expect(unitForms('苏州高新技术产业开发区')).toEqual(['苏州高新技术产业开发区', '苏州高新区']);
    expect(unitForms('邹平经济开发区')).toEqual(['邹平经济开发区', '邹平经开区']);
    const zone = names('南宁经济技术开发区', null);
    expect(zone).toEqual(expect.arrayContaining(['南宁经开区', '南宁经开区管委会', '南宁经济技术开发区管理委员会']));
  });

  it('a 民族乡 or 自治县 without its peoples: 古砦仫佬族乡 → 古砦乡, 三江侗族自治县 → 三江县', () => {
    expect(unitForms('古砦仫佬族乡')).toEqual(['古砦仫佬族乡', '古砦乡']);
    expect(unitForms('三江侗族自治县')).toEqual(['三江侗族自治县', '三江县']);
    expect(unitForms('城步苗族自治县')).toEqual(['城步苗族自治县', '城步县']);
    // Only the peoples' names are dropped: 家族 or 望族 is no people.
    expect(unitForms('望族乡')).toEqual(['望族乡']);
    const aliases = orgAliases('古砦仫佬族乡', '柳城县');
    expect(aliases).toEqual(
      expect.arrayContaining([
        { alias: '古砦乡', regional: false },
        { alias: '柳城县古砦乡', regional: true },
      ]),
    );
    // A region in such a county is named by its short form too.
    expect(regionForms('湖南省邵阳市城步苗族自治县')).toEqual(expect.arrayContaining(['城步县', '城步']));
  });

  it('城市管理委员会 is 城管委, with its region: 北京市城管委', () => {
    const dept = names('北京市城市管理委员会', '北京市');
    expect(dept).toEqual(expect.arrayContaining(['北京市城管委', '北京城管委', '城管委']));
  });
});
