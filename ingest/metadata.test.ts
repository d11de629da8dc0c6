import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadingUnits } from '../src/domain/regions.ts';
import { extractMetadata, issuedYear, statisticsYear } from './metadata.ts';
import { nameOrg } from './org.ts';
import { normaliseText } from './normalise.ts';
import { parseText } from './pipeline.ts';
import { REAL_META_B_DIR, REAL_META_DIR, scoreRealMeta } from './test-support/real-meta.ts';
import { REAL_OTHER_DIR } from './test-support/real-other.ts';
import { sampleRaw, type SampleFile } from './test-support/samples.ts';

const meta = (f: SampleFile) => extractMetadata(normaliseText(sampleRaw(f)));

describe('extractMetadata on the samples', () => {
  it('花马池镇: title squeezed, region from the title, publish date from the last lines', () => {
    expect(meta('000_02e80cf19b94c8cc.txt')).toEqual({
      title: '盐池县花马池镇2021年政府信息公开工作年度报告',
      org: '花马池镇',
      aliases: [],
      region: '盐池县',
      level: '乡镇/街道',
      year: 2021,
      template: '2021',
      published: '2021-12-27',
    });
  });

  it('葛寨镇 2020 is on the 2019 template; its county comes from the text (伊川县葛寨镇)', () => {
    expect(meta('001_36591a17fc2832bc.txt')).toMatchObject({
      org: '葛寨镇',
      region: '伊川县',
      year: 2020,
      template: '2019',
      published: null,
    });
  });

  it('the fullest chain of parent units the text writes: 吴忠市利通区 for 利通区古城镇', () => {
    expect(meta('004_e51fc33f15234b62.txt')).toMatchObject({
      title: '利通区古城镇2023年政府信息公开工作报告',
      org: '古城镇',
      region: '吴忠市利通区',
      year: 2023,
      template: '2021',
    });
  });

  it('no region when neither title nor text names one (南郊镇); 人民政府 is not part of the org', () => {
    expect(meta('003_795117ff85927c6d.txt')).toMatchObject({
      title: '南郊镇2021年度政府信息公开工作年度报告',
      org: '南郊镇',
      region: null,
      year: 2021,
    });
    expect(meta('002_b99ae1cfb7712085.txt')).toMatchObject({
      org: '花庄镇',
      region: '遂平县',
      year: 2024,
      template: '2021',
    });
  });
});

describe('extractMetadata on other title forms', () => {
  const body = '\n一、总体情况\n本年度政府信息公开工作有序开展。';
  it('a department keeps its full name; the units it opens with are its region', () => {
    expect(extractMetadata(`盐池县教育体育局2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '盐池县教育体育局',
      region: '盐池县',
      level: '部门',
      year: 2021,
    });
  });

  it('a 标题： header wins over the first line; 发布时间： gives the date', () => {
    const m = extractMetadata(
      `来源：县政府办\n标题：遂平县 花庄镇人民政府 2024 年政府信息公开工作年度报告\n发布时间：2025-1-20 09:00${body}`,
    );
    expect(m).toMatchObject({
      title: '遂平县花庄镇人民政府2024年政府信息公开工作年度报告',
      org: '花庄镇',
      region: '遂平县',
      year: 2024,
      published: '2025-01-20',
    });
  });

  it("a portal's date header glued to the title line it follows (…年度报告发布日期: 2021-01-29)", () => {
    const text = normaliseText(
      readFileSync(join(import.meta.dirname, 'fixtures/real-other/dawuli_2020_page.txt'), 'utf8'),
    );
    expect(extractMetadata(text)).toMatchObject({ org: '大五里镇', year: 2020, published: '2021-01-29' });
  });

  it('a publish date in a header table: | 发文日期 | 2018-02-28 |', () => {
    expect(
      extractMetadata(
        `泰州市人民政府2017年政府信息公开工作年度报告\n发布机构 | 市政府办 | 发文日期 | 2018-02-28 |${body}`,
      ),
    ).toMatchObject({
      year: 2017,
      published: '2018-02-28',
    });
  });

  it('a portal header cell shared by two fields: | 生成日期/有效期: | 2022-01-29 14:59:17 |', () => {
    const text = normaliseText(
      readFileSync(join(import.meta.dirname, 'fixtures/real-other/shanxi_jtyst_2021_page.txt'), 'utf8'),
    );
    expect(extractMetadata(text)).toMatchObject({ org: '山西省交通运输厅', year: 2021, published: '2022-01-29' });
  });

  it("a portal's byline date after its 来源 (来源:区人民政府办公室 时间:2017-01-12 10:01); a 时间 elsewhere is no date", () => {
    const read = (f: string) =>
      extractMetadata(normaliseText(readFileSync(join(import.meta.dirname, 'fixtures/real-other', f), 'utf8')));
    expect(read('jinan_2016_page.txt')).toMatchObject({ year: 2016, published: '2017-01-12' });
    expect(read('jianxin_2018_page.txt')).toMatchObject({ year: 2018, published: '2019-01-18' });
    expect(
      extractMetadata(`泰州市人民政府2017年政府信息公开工作年度报告\n办理时间:2018-02-28${body}`).published,
    ).toBeNull();
  });

  it('a title set over two lines joins the org above the year line', () => {
    expect(extractMetadata(`葛寨镇人民政府\n2020年政府信息公开工作年度报告${body}`)).toMatchObject({
      title: '葛寨镇人民政府2020年政府信息公开工作年度报告',
      org: '葛寨镇',
      year: 2020,
      template: '2019',
    });
  });

  it('a county and a city get their levels', () => {
    expect(extractMetadata(`盐池县2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '盐池县',
      level: '县区',
    });
    expect(extractMetadata(`吴忠市2022年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '吴忠市',
      level: '市',
      template: '2021',
    });
  });

  it('the year comes from the statistics period when the title has none', () => {
    const m = extractMetadata('政府信息公开工作年度报告\n本报告统计数据从2021年1月1日至12月31日。');
    expect(m.year).toBe(2021);
  });
});

/** Real pages the title finding was developed on (fixtures/real-meta/dev; sources in its SOURCES.tsv). */
const dev = (file: string) => normaliseText(readFileSync(join(REAL_META_DIR, 'dev', file), 'utf8'));

describe('extractMetadata on real pages, whatever surrounds the title', () => {
  it('a portal header, a date line and a title with 年度报告 but no 工作 (沭阳县)', () => {
    expect(extractMetadata(dev('shuyang_2021_page.txt'))).toMatchObject({
      title: '沭阳县人民政府2021年政府信息公开年度报告',
      org: '沭阳县',
      aliases: ['沭阳县人民政府'],
      level: '县区',
      year: 2021,
      template: '2021',
    });
  });

  it('an OCR misspelling in a markdown title: the text names the county, the title spelling is an alias', () => {
    const ocr = dev('shuyang_2021_page.txt').replace(
      '沭阳县人民政府2021年政府信息公开年度报告\n',
      '# 沐阳县人民政府2021年政府信息公开年度报告\n',
    );
    const m = extractMetadata(ocr);
    expect(m).toMatchObject({ org: '沭阳县', level: '县区', year: 2021 });
    expect(m.aliases).toEqual(expect.arrayContaining(['沐阳县', '沐阳县人民政府']));
    // With no other spelling in the text, the report's own is kept.
    expect(extractMetadata(ocr.replaceAll('沭阳', '沐阳')).org).toBe('沐阳县');
  });

  it('a breadcrumb and a 名称/索引号/发布机构 block before the title; a pre-2019 report', () => {
    expect(extractMetadata(dev('suqian_2017_page.txt'))).toMatchObject({
      title: '宿迁市2017年政府信息公开年度报告',
      org: '宿迁市',
      level: '市',
      year: 2017,
      template: 'pre2019',
    });
  });

  it('a title with the year first names a department in full; its units are its region', () => {
    expect(extractMetadata(dev('jingan_kw_2017_page.txt'))).toMatchObject({
      org: '上海市静安区科学技术委员会',
      region: '上海市静安区',
      level: '部门',
      year: 2017,
    });
  });

  it('no title line: the org the text says compiled the report (由…编制), the year of the statistics period', () => {
    expect(extractMetadata(dev('sheitc_2015_page.txt'))).toMatchObject({
      org: '上海市经济和信息化委员会',
      region: '上海市',
      level: '部门',
      year: 2015,
      template: 'pre2019',
    });
  });
});

describe('extractMetadata never takes page furniture for the org', () => {
  const body = '\n一、总体情况\n本年度政府信息公开工作有序开展。';
  it('a 正文 line above the year line is skipped for the org line above it', () => {
    expect(extractMetadata(`盐池县人民政府\n正文\n2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '盐池县',
      year: 2021,
    });
    expect(extractMetadata(`正文\n2021年政府信息公开工作年度报告${body}`).org).toBeNull();
  });

  it("a word that is no org's name (为) is not an org", () => {
    expect(extractMetadata(`为\n2021年政府信息公开工作年度报告${body}`).org).toBeNull();
  });

  it('a markdown heading, and a breadcrumb column glued to the title', () => {
    expect(extractMetadata(`# 古城镇2023年政府信息公开工作年度报告${body}`)).toMatchObject({ org: '古城镇' });
    expect(
      extractMetadata(
        `首页 > 政务公开 > 政府信息公开年报 > 2023年政府信息公开年报\n## 利通区古城镇2023年政府信息公开工作年度报告${body}`,
      ),
    ).toMatchObject({ org: '古城镇', region: '利通区' });
  });

  it("a zone administration is the zone's government; a department of a government keeps its full name", () => {
    expect(extractMetadata(`平潭综合实验区管委会2014年度政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '平潭综合实验区',
      aliases: ['平潭综合实验区管委会'],
      template: 'pre2019',
    });
    expect(extractMetadata(`四川省人民政府办公厅2023年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '四川省人民政府办公厅',
      region: '四川省',
      level: '部门',
    });
  });

  it("a 街道办事处 is the 街道's government, as a 镇人民政府 is the 镇's", () => {
    expect(extractMetadata(`东林街道办事处2021年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '东林街道',
      level: '乡镇/街道',
    });
    expect(extractMetadata(`东林街道党政办2021年政府信息公开工作年度报告${body}`).level).toBe('部门');
  });

  it('a page marker glued before the title, and a sentence announcing the report, are not the org', () => {
    expect(extractMetadata(`Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告P. 8${body}`)).toMatchObject({
      org: '威海市文登区信访局',
      region: '威海市文登区',
      year: 2022,
    });
    expect(extractMetadata(`根据《条例》规定，现公布区统计局2023年政府信息公开工作年度报告。${body}`)).toMatchObject({
      org: '区统计局',
      region: null,
      year: 2023,
    });
  });

  it('a city written before its district is one unit (福州市, not 福州 and 市晋安区)', () => {
    expect(extractMetadata(`福州市晋安区2016年政府信息公开工作年度报告${body}`)).toMatchObject({
      org: '晋安区',
      region: '福州市',
      level: '县区',
    });
  });
});

/** Real reports whose text names no org where a title would (fixtures/real-other), normalised as ingest does. */
const other = (file: string) => normaliseText(readFileSync(join(REAL_OTHER_DIR, file), 'utf8'));

describe('the org from the places beside a title, when the text names none there', () => {
  it('a compiler phrase with the rules it followed between (本年度报告由X根据…编制而成), pinyin glosses gone', () => {
    const text = parseText('guoguanju.txt', 'txt', other('guoguanju_2021_trad_page.txt'));
    expect(text).toMatchObject({ org: '国家机关事务管理局', level: '部门', year: 2021 });
  });

  it("the statements' subject comes before the office that compiled the report for its government", () => {
    expect(extractMetadata(other('nanping_2012_page.txt'))).toMatchObject({ org: '南平市', level: '市' });
  });

  it("a flipbook page's header line (Page 9 - 2020年报_审计局)", () => {
    expect(extractMetadata(other('shenji_2020_page9.txt'))).toMatchObject({ org: '审计局', level: '部门', year: 2020 });
  });

  it("a portal's breadcrumb, only when it agrees with the level the text's words for itself say", () => {
    const body = other('dsz_jgsw_2021_page.txt');
    expect(extractMetadata(`首页 > 信息公开 > 东城区机关事务管理局 > 年度报告\n${body}`)).toMatchObject({
      org: '东城区机关事务管理局',
      region: '东城区',
      level: '部门',
    });
    // 我局 is a department's word: a breadcrumb that names the district's government is not its author.
    expect(extractMetadata(`首页 > 信息公开 > 东城区人民政府 > 年度报告\n${body}`).org).toBeNull();
    expect(extractMetadata(body).org).toBeNull();
  });

  it("a sentence that announces the report with the report's word for itself (编制我局2020年…) names no org", () => {
    const body = other('dsz_jgsw_2021_page.txt');
    expect(
      extractMetadata(`本年度报告根据《条例》规定要求,编制我局2021年政府信息公开工作年度报告。\n${body}`).org,
    ).toBeNull();
  });

  it('a 落款 signature with its date on the same line', () => {
    const body = other('dsz_jgsw_2021_page.txt');
    expect(extractMetadata(`${body}\n东城区机关事务管理局  2022年1月20日`).org).toBe('东城区机关事务管理局');
    expect(extractMetadata(`${body}\n东城区机关事务管理局\n2022年1月20日`).org).toBe('东城区机关事务管理局');
  });

  it('the name a file was given, read as a title or a header line, only when the text names no org', () => {
    const wuhan = other('wuhan_sthjj_2020_page.md');
    expect(extractMetadata(wuhan).org).toBeNull();
    expect(extractMetadata(wuhan, 'uploads/武汉市生态环境局2020年政府信息公开工作年度报告.pdf')).toMatchObject({
      org: '武汉市生态环境局',
      region: '武汉市',
      level: '部门',
      year: 2020,
    });
    expect(extractMetadata(other('dsz_jgsw_2021_page.txt'), '2021年报_机关事务管理局.docx')).toMatchObject({
      org: '机关事务管理局',
      level: '部门',
    });
    // A file name naming another org loses to the text's own; one naming a city loses to 我局.
    expect(
      extractMetadata(other('tuoshi_2020_page.txt'), '武汉市生态环境局2020年政府信息公开工作年度报告.pdf').org,
    ).toBe('拖市镇');
    expect(extractMetadata(wuhan, '武汉市2020年政府信息公开工作年度报告.pdf').org).toBeNull();
    expect(extractMetadata(wuhan, 'wuhan_sthjj_2020_page.md').org).toBeNull();
  });
});

describe("a titleless report's year and org from its own statements (split s6)", () => {
  it('the year a verb of reporting gives its work (汇报我镇2023年政府信息公开工作), no org from 我镇', () => {
    expect(extractMetadata(other('xjnlk_2023_page.txt'))).toMatchObject({
      org: null,
      level: '乡镇/街道',
      year: 2023,
      template: '2021',
    });
  });

  it('the year of a clause after a comma that opens with it (…，2022年，我局在…; …要求，2020年度，紧紧围绕…)', () => {
    expect(extractMetadata(other('zhongjiang_bm_2022_page.txt'))).toMatchObject({
      org: null,
      level: '部门',
      year: 2022,
    });
    const tongren = readFileSync(join(REAL_META_B_DIR, 'tongren_jyj_2020.txt'), 'utf8');
    expect(extractMetadata(normaliseText(tongren)).year).toBe(2020);
    // A plan for another year states nothing of the report's.
    expect(extractMetadata('问题及改进，2023年，我局将继续推进。\n政府信息公开').year).toBeNull();
  });

  it('a department written once, as the subject of its 信息公开工作 (2022年,商务局信息公开工作在…)', () => {
    expect(extractMetadata(other('wqx_swj_2022_page.txt'))).toMatchObject({ org: '商务局', level: '部门', year: 2022 });
  });

  it("a township's office that compiled the report stands for its township (由…镇…办公室编制)", () => {
    expect(extractMetadata(other('liangcheng_2020_page.txt'))).toMatchObject({ org: '两城镇', level: '乡镇/街道' });
    expect(extractMetadata(other('sijiazi_2020_page.txt'))).toMatchObject({ org: '四家镇', level: '乡镇/街道' });
    // …as does one given to contact (请联系：龙游县大街乡信息公开领导小组办公室).
    const dajie = readFileSync(join(REAL_META_B_DIR, 'dajie_2019.txt'), 'utf8');
    expect(extractMetadata(normaliseText(dajie))).toMatchObject({
      org: '大街乡',
      region: '龙游县',
      level: '乡镇/街道',
    });
    // A county government's office is an org of its own.
    expect(extractMetadata('本报告由文登区人民政府办公室编制。\n2022年政府信息公开工作').org).toBe(
      '文登区人民政府办公室',
    );
  });
});

describe('titles and templates as real pages break them (split s7)', () => {
  it('a title broken inside its words over two lines (…2023年政府信息公开 / 工作年度报告)', () => {
    expect(extractMetadata(other('qingzhenxiang_2023_page.txt'))).toMatchObject({
      title: '清真巷街道办事处2023年政府信息公开工作年度报告',
      org: '清真巷街道',
      level: '乡镇/街道',
      year: 2023,
    });
  });

  it('the template its tables name, a header split by a space (本年新 制作数量) in a 2023 report', () => {
    expect(extractMetadata(other('dizhang_2023_page.txt'))).toMatchObject({
      org: '底张街道',
      region: '西咸新区',
      year: 2023,
      template: '2019',
    });
  });

  it('a government written once after the year and a 在…领导下 phrase (2023年,在区委…下,官洲街道办事处…)', () => {
    expect(extractMetadata(other('guanzhou_2023_page.txt'))).toMatchObject({ org: '官洲街道', level: '乡镇/街道' });
    // A run over two units written once stays a clause.
    expect(extractMetadata('2023年,在区委的领导下,中仓街道积极推动街道政府信息公开工作。\n').org).toBeNull();
  });
});

describe("a township named once as its sentence's subject (split s9)", () => {
  it('one unit before a preposition (2022年,杨村乡按照…), no county read out of 按照县', () => {
    expect(extractMetadata(other('yangcun_2022_page.txt'))).toMatchObject({ org: '杨村乡', level: '乡镇/街道' });
    // 河东乡政府信息公开工作… names 河东乡; "按照县…" twice is a verb before 县, no county to tie with it.
    expect(extractMetadata(other('hedong_2022_page.txt'))).toMatchObject({ org: '河东乡', year: 2022 });
    expect(extractMetadata('2022年，按照县里要求开展工作。\n2022年，按照县里部署推进。\n政府信息公开').org).toBeNull();
  });
});

describe('a department named once where its word for itself repeats its kind (split s10)', () => {
  it('鄂州市生态环境局华容分局 beside 我分局; another org opening a sentence beside 我局 is not taken', () => {
    expect(extractMetadata(other('huarong_sthj_2024_page.txt'))).toMatchObject({
      org: '鄂州市生态环境局华容分局',
      region: '鄂州市',
      level: '部门',
      year: 2024,
    });
    const cited = '2023年，湖北省人民政府办公厅印发要点。\n2023年，我局主动公开信息12条。\n政府信息公开';
    expect(extractMetadata(cited).org).toBeNull();
  });
});

describe("a township's government written after its parent's (split s11)", () => {
  it("…区人民政府北京街道办事处认真… names 北京街道, not the district whose name a mirror's spam replaced", () => {
    expect(extractMetadata(other('beijingjie_2020_page.txt'))).toMatchObject({
      org: '北京街道',
      level: '乡镇/街道',
      year: 2020,
    });
    // A government followed by no township's own government stays the subject.
    const county = '2020年，宁远县人民政府认真贯彻条例。\n2020年，宁远县人民政府主动公开信息。\n政府信息公开';
    expect(extractMetadata(county)).toMatchObject({ org: '宁远县', level: '县区' });
  });
});

describe('names around a government (split s12)', () => {
  it("a title naming the district's government before the 街道's: 解放街道, its region 四平市铁东区", () => {
    expect(extractMetadata(other('jiefang_jd_2021_page.txt'))).toMatchObject({
      org: '解放街道',
      region: '四平市铁东区',
      level: '乡镇/街道',
    });
  });

  it('a contact that is a body of the government (吴起县政府政务服务中心) stands for it when the text says 我县', () => {
    expect(extractMetadata(other('wuqi_2023_page.txt'))).toMatchObject({ org: '吴起县', region: null, level: '县区' });
    // Where the text's word for itself is a department's, the body is the org.
    const bureau = '请联系吴起县政府政务服务中心。\n2023年，我局主动公开信息12条。\n政府信息公开';
    expect(extractMetadata(bureau).org).toBe('吴起县政府政务服务中心');
  });

  it('金华市市场监管局: the region is 金华市, 市场 no second 市', () => {
    expect(extractMetadata(other('jinhua_scjgj_2022_page.txt'))).toMatchObject({
      org: '金华市市场监管局',
      region: '金华市',
      year: 2022,
    });
  });
});

describe('a department without units named once, where the text calls itself by its kind (split s13)', () => {
  it('2022年,区政府办公室认真… beside 我办: 区政府办公室; beside 我局 no office is taken', () => {
    expect(extractMetadata(other('hanyang_bgs_2022_layout.txt'))).toMatchObject({ org: '区政府办公室', level: '部门' });
    const office = '2023年，市政府办公室印发要点。\n2023年，我局主动公开信息12条。\n政府信息公开';
    expect(extractMetadata(office).org).toBeNull();
  });
});

describe('the metadata hold-outs (fixtures/real-meta and real-meta-b, read by hand)', () => {
  it('org, region, level, year and template right on all 22 files of hold-out A', () => {
    const { right, lines } = scoreRealMeta();
    expect(right, lines.join('\n')).toBe(22);
  });

  it('at least 12 of the 15 of hold-out B, and no org that is wrong rather than missing', () => {
    const { right, lines } = scoreRealMeta(REAL_META_B_DIR);
    expect(right, lines.join('\n')).toBeGreaterThanOrEqual(12);
    expect(lines.filter((l) => /org: [^n]/.test(l))).toEqual([]);
  });
});

describe('a department printed with a bare level word (市发改局)', () => {
  it('is in the one city whose government its text names, written twice (定州市人民政府门户网站)', () => {
    expect(extractMetadata(other('dingzhou_fgj_2022_page.txt'))).toMatchObject({
      org: '定州市发改局',
      aliases: ['市发改局'],
      region: '定州市',
      level: '部门',
    });
  });

  it('stays unplaced when the city is named once, or two are named', () => {
    const body = '市发改局主动公开政府信息的情况：2022年，我局发布信息12条。';
    expect(extractMetadata(`${body}依据规定和市政府办公室要求。`).region).toBeNull();
    expect(extractMetadata(`${body}定州市人民政府网站。定州市，保定市人民政府，保定市。`).region).toBeNull();
    expect(extractMetadata(`${body}定州市人民政府网站。定州市行政机构改革。`).region).toBe('定州市');
  });
});

describe('statisticsYear', () => {
  it('reads the period as the samples write it', () => {
    expect(statisticsYear('本报告统计数据从2021年1月1日至12月31日。')).toBe(2021);
    expect(statisticsYear('（三）统计数据时限为2021年1月1日至2021年12月31日。')).toBe(2021);
    expect(statisticsYear('统计期限为 2024 年 1 月 1 日起至 2024 年 12 月 31 日')).toBe(2024);
    expect(statisticsYear('2021年12月27日')).toBeNull();
  });

  it('reads a cut-off at the year’s end, not one inside the year', () => {
    expect(statisticsYear('截止2023年12月31日我局通过官方网站发布政务类信息34条')).toBe(2023);
    expect(statisticsYear('截至2022年底，累计公开')).toBe(2022);
    expect(statisticsYear('截止2023年6月30日')).toBeNull();
  });
});

describe('split s16: names and years as its reports print them', () => {
  it('a title whose org runs over two lines (…区人民政府小龙坎街道 / 办事处2023年…): the 街道, its region the district', () => {
    expect(extractMetadata(other('xiaolongkan_2023_page.txt'))).toMatchObject({
      title: '重庆市沙坪坝区人民政府小龙坎街道办事处2023年政府信息公开工作年度报告',
      org: '小龙坎街道',
      region: '重庆市沙坪坝区',
      level: '乡镇/街道',
      year: 2023,
    });
    // The township alone after its parent's government is the township; no unit opens with a government.
    expect(leadingUnits('重庆市沙坪坝区人民政府小龙坎街道')).toEqual(['重庆市', '沙坪坝区']);
    expect(nameOrg('重庆市沙坪坝区人民政府小龙坎街道', '')).toMatchObject({
      org: '小龙坎街道',
      region: '重庆市沙坪坝区',
    });
  });

  it('a report naming no year but in the documents it issued (印发《2023年东城区政务公开工作要点》) is of that year', () => {
    expect(extractMetadata(other('dongcheng_2023_page.txt'))).toMatchObject({ year: 2023, template: '2021' });
    // Another year named anywhere (a plan for the next, a figure of the last), or a document only cited: no year.
    expect(issuedYear('印发《2023年政务公开工作要点》。2024年将继续深化。')).toBeNull();
    expect(issuedYear('按照《2023年政务公开工作要点》要求，做好公开工作。')).toBeNull();
    expect(issuedYear('制定《2022年区政务公开工作方案》，细化任务。')).toBe(2022);
  });

  it('a report naming itself nowhere but giving 全区 and 区政府本级 figures is the one 区 government it names: 东城区', () => {
    expect(extractMetadata(other('dongcheng_2023_page.txt'))).toMatchObject({ org: '东城区', level: '县区' });
    const own = '全年全区共受理申请12件，区政府本级共受理3件。完成东城区人民政府网站升级。政府信息公开';
    expect(extractMetadata(own).org).toBe('东城区');
    // Two governments of that level named, or none: no org.
    expect(extractMetadata(`${own}参照西城区人民政府做法。`).org).toBeNull();
    expect(extractMetadata(own.replace('区政府本级', '本局')).org).toBeNull();
  });
});
