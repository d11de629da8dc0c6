import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

const REAL_OTHER = join(import.meta.dirname, '../../ingest/fixtures/real-other');

/** Figures real reports state only in their prose, asked in everyday words. */
describe('prose figures of real reports', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'prose-figures-')), [
    join(REAL_OTHER, 'mashui_2019_page.txt'),
    join(REAL_OTHER, 'jianxin_2018_page.txt'),
    join(REAL_OTHER, 'tongxin_tjj_2021_page.txt'),
    join(REAL_OTHER, 'sjz_jyj_2021_page.txt'),
    join(REAL_OTHER, 'dawuli_2020_page.txt'),
    join(REAL_OTHER, 'tuoshi_2020_page.txt'),
    join(REAL_OTHER, 'wendeng_bgs_2022_page9.txt'),
    join(REAL_OTHER, 'erlang_2022_page.txt'),
    join(REAL_OTHER, 'yingbinlu_2021_page.txt'),
    join(REAL_OTHER, 'donglin_2021_page.txt'),
    join(REAL_OTHER, 'tongzi_2022_page.txt'),
    join(REAL_OTHER, 'tongji_2023_page.txt'),
    join(REAL_OTHER, 'yongan_wjj_2024_page.txt'),
    join(REAL_OTHER, 'lixia_sthj_2024_page.txt'),
    join(REAL_OTHER, 'yangmei_2022_page.txt'),
    join(REAL_OTHER, 'xinfeng_2023_page.txt'),
    join(REAL_OTHER, 'jiaxing_scjgj_2022_page.txt'),
    join(REAL_OTHER, 'xinhua_jd_2019_page.txt'),
    join(REAL_OTHER, 'mianxian_2023_page.txt'),
    join(REAL_OTHER, 'shanxi_jtyst_2021_page.txt'),
    join(REAL_OTHER, 'gangu_bgs_2024_page.txt'),
    join(REAL_OTHER, 'zhenglan_2021_page.txt'),
    join(REAL_OTHER, 'xiaocun_2021_page.txt'),
    join(REAL_OTHER, 'houqiao_jd_2023_page.txt'),
    join(REAL_OTHER, 'fuxian_2024_page.txt'),
    join(REAL_OTHER, 'henan_fgw_2022_page.txt'),
    join(REAL_OTHER, 'tianjin_fgw_2022_page.txt'),
    join(REAL_OTHER, 'abaga_zrzyj_2023_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('the thing counted after the count picks, among one sentence’s figures, the one it names', async () => {
    const a = await ask(deps, '甘谷政务公众号24年收到多少条留言');
    expect(a.answer).toContain('收到留言 **56条**');
  });

  it('words that run into a next figure of the same unit are its own; of another unit, this one’s', async () => {
    const a = await ask(deps, '正蓝旗2021年旗政府网站发布的信息中，信息公开目录信息占多大比例？');
    expect(a.answer).toContain('1062 ÷ 2968');
    const b = await ask(deps, '桐梓县2022年全县有多少家行政机关通过政务新媒体公开信息？一共公开了多少条？');
    expect(b.answer).toContain('**26家**');
  });

  it('a clause before a list that asks a figure of its own is asked, not a frame', async () => {
    const a = await ask(deps, '阿巴嘎旗自然资源局2023年在政府网站公开了多少条，通知公告和土地信息各多少');
    for (const f of ['**105条**', '通知公告 **92条**', '土地信息 **13条**']) expect(a.answer).toContain(f);
  });

  it('占多少条 after a count asks the part’s count, not a share', async () => {
    const a = await ask(deps, '厚桥街道2023年主动公开了多少条信息 工作动态占多少条');
    expect(a.answer).toMatch(/\*\*42条\*\*[^*]*工作动态[^*]*\*\*28条\*\*/);
  });

  it('the kinds of a figure the question states are the parts the report lists after it', async () => {
    const a = await ask(deps, '肖村乡2021年主动公开的8条政务信息分别是哪几类，各几条？');
    for (const part of [
      '**8条**',
      '办事指南 **1条**',
      '机构设置和职能 **1条**',
      '公告公示 **1条**',
      '工作动态 **5条**',
    ])
      expect(a.answer).toContain(part);
  });

  it('a question glued to a frame word (政务公开工作) finds the section on its topic', async () => {
    const a = await ask(deps, '富县2024年对政务公开工作采取了哪些监督保障措施？');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('督查');
  });

  it('发展改革委 lists 发展和改革委员会 too', async () => {
    const a = await ask(deps, '库里有哪些发展改革委2022年的年报？');
    expect(a.answer).toContain('河南省发展和改革委员会');
    expect(a.answer).toContain('天津市发展改革委');
  });

  it('two things joined by 和 after the count are two figures when each is named by one of its own', async () => {
    const a = await ask(deps, '勉县政府2023年公开了多少件人大代表建议和政协提案的办理结果');
    expect(a.answer).toMatch(/人大代表建议办理结果 \*\*169件\*\*[^*]*政协委员提案办理结果 \*\*110件\*\*/);
  });

  it('a pair one figure counts together stays that one figure', async () => {
    const a = await ask(deps, '山西省交通运输厅2021年办理了多少件代表建议和政协提案');
    expect(a.answer).toContain('代表建议和政协提案 **72件**');
    expect(a.answer.match(/\*\*72件\*\*/g)).toHaveLength(1);
  });

  it('a share asked after its part’s own count takes that part, not the whole', async () => {
    const a = await ask(deps, '永安卫健局2024年主动公开了多少条信息，占制作信息的百分之几');
    expect(a.answer).toContain('24 ÷ 30');
    expect(a.answer).toContain('**80%**');
  });

  it('a total whose parts follow in brackets (59条(其中…)) is the total, read in its own clause after a semicolon', async () => {
    const a = await ask(deps, '马水镇2019年一共发布信息多少条');
    expect(a.answer).toContain('**59条**');
  });

  it('reports ranked by a prose total among the kind of unit asked (街道), with no table plan counting reports', async () => {
    const a = await ask(deps, '库里2021年的几个街道年报相比，哪个街道主动公开的信息条数最多？多少条？');
    expect(a.answer).toMatch(/^2 个街道中，按报告正文所写的公开信息条数，迎宾路街道2021年最多，为 \*\*423条\*\*/);
    expect(a.answer).toContain('东林街道2021年');
  });

  it('a part of a total named in the question is the part (电话咨询 61 of 受理咨询 372), asked in spoken words too', async () => {
    const a = await ask(deps, '那个马水镇19年打电话问政府信息的有多少人次 跑现场问的又有多少');
    expect(a.answer).toContain('电话咨询 **61人次**');
    expect(a.answer).toContain('现场咨询 **331人次**');
    expect(a.answer).not.toContain('372');
  });

  it('a list after the question before it: each of the list and the figure asked first', async () => {
    const a = await ask(deps, '耒阳马水2019年受理了多少人次的政府信息咨询？现场咨询和电话咨询各多少人次？');
    for (const n of ['**372人次**', '**331人次**', '**61人次**']) expect(a.answer).toContain(n);
  });

  it('policy documents published are items published (政策文件 89条), not a count of 规范性文件', async () => {
    const a = await ask(deps, '桐梓县2022年在县政府门户网站发布了多少条政策文件？政策解读多少条？');
    expect(a.answer).toContain('等政策文件 **89条**');
    expect(a.answer).toContain('政策解读 **22条**');
  });

  it('a figure its listed kinds add up to exactly is their total; a kind named is no "all items"', async () => {
    const a = await ask(deps, '区统计局2023年主动公开的信息中信息公开类占了百分之多少');
    expect(a.answer).toMatch(/^占 \*\*60%\*\*（30 ÷ 50 × 100%/);
  });

  it("历年 is a topic word, not a year: the total over the years, not this year's", async () => {
    const a = await ask(deps, '永安卫健局截至2024年历年累计主动公开了多少条信息？');
    expect(a.answer).toContain('历年以来主动公开信息数 **453条**');
  });

  it('each sentence of a question asks its own figure, the report named once', async () => {
    const a = await ask(deps, '石家庄教育局2021年办了多少件12345热线交办的事？在网上答复了多少条网民留言？');
    expect(a.answer).toMatch(/^石家庄市教育局2021年：[^；]*\*\*6155件\*\*[^；]*；在局官网[^；]*\*\*1424条\*\*/);
    const b = await ask(deps, '九龙坡二郎街道2022年在区政府网站上公开了多少条信息？其中疫情相关的有几条？');
    expect(b.answer).toContain('**314条**');
    expect(b.answer).toContain('疫情信息公开 **8条**');
  });

  it('what a measure word counts follows the figure (67家…单位), and the unit asked (多少家) picks it', async () => {
    const a = await ask(deps, '文登区政府办2022年梳理了多少家二级事业单位和公共企业的政务公开事项？');
    expect(a.answer).toContain('**67家** 二级事业单位和公共企业政务公开事项');
  });

  it('a part after 其中 is known by its own words, not by the channels the sentence listed before', async () => {
    const a = await ask(deps, '大五里镇2020年微信公众号公开的信息占全部主动公开信息的百分之几');
    expect(a.answer).toContain('92 ÷ 217');
  });

  it('two reports ranked by their totals, with the gap when it is asked', async () => {
    const a = await ask(deps, '拖市镇跟大五里镇2020年谁发布的信息少，差了几条');
    expect(a.answer).toMatch(/拖市镇2020年最少，为 \*\*114条\*\*/);
    expect(a.answer).toContain('两者相差 **103条**');
  });

  it('people who came to ask are the report’s 咨询, the channel kept', async () => {
    expect((await ask(deps, '马水镇2019年有多少人来问过')).answer).toContain('372人次');
    expect((await ask(deps, '马水镇2019年打电话问的有多少人次')).answer).toContain('**61人次**');
  });

  it('a report without tables answers each clause of a question asked without punctuation', async () => {
    const a = await ask(deps, '建新镇2018年主动公开多少条信息 线上公开的有几条');
    expect(a.answer).toContain('**22条**');
    expect(a.answer).toContain('**15条**');
  });

  it('a figure whose counted noun follows it (收到1条政府信息公开申请) is no count of items published', async () => {
    const a = await ask(deps, '统计局21年主动公开几条信息');
    expect(a.answer).toContain('主动公开信息 **42条**');
  });

  it('a clause naming only a channel in other words (网上的有几条) counts what the clause before it counts', async () => {
    const a = await ask(deps, '遂溪建新镇18年公开了多少条信息 网上的有几条');
    expect(a.answer).toMatch(/\*\*22条\*\*[\s\S]*线上信息公开 \*\*15条\*\*/);
  });

  it('a year written in Chinese digits is that year, not the latest', async () => {
    const a = await ask(deps, '马水镇二零一八年发布信息多少条');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('2019');
  });

  it('a channel whose count is a list of kinds (门户网站: 工作动态33条、乡镇建设12条、政策文件4条) is the whole list, one kind that kind', async () => {
    const channel = await ask(deps, '杨梅乡2022年门户网站一共公开了多少条信息？');
    expect(channel.answer).toMatch(/\*\*33条\*\*.*\*\*12条\*\*.*\*\*4条\*\*/);
    expect(channel.answer).toContain('没有写明这几项的合计');
    expect(channel.answer).toContain('**49条**');
    const kind = await ask(deps, '杨梅乡2022年门户网站公开了多少条乡镇建设信息？');
    expect(kind.answer).toContain('**12条**');
    expect(kind.answer).not.toContain('33条');
    const all = await ask(deps, '杨梅乡2022年通过门户网站、微信公众号和实体公开栏一共公开了多少条信息？');
    expect(all.answer).toContain('33 + 12 + 4 + 82 + 223 = 354');
    const other = await ask(deps, '杨梅乡2022年公众号公开了多少条信息？');
    expect(other.answer).toContain('**82条**');
    expect(other.answer).not.toContain('33条');
  });

  it('a total counted in 起 after its parts ("共5起建议提案") answers 一共, and each part is still asked on its own', async () => {
    const total = await ask(deps, '历下环保分局2024年一共接了几件建议提案？');
    expect(total.answer).toContain('**5起**');
    const part = await ask(deps, '历下环保分局2024年接了几件政协提案？');
    expect(part.answer).toContain('**1件**');
    expect(part.answer).not.toContain('5起');
  });

  it('counts listed with 、 (几期…、几次…) are each asked: both figures, each cited', async () => {
    const a = await ask(deps, '信丰县2023年组织了几期新闻发布会、几次政府公开日活动？');
    expect(a.answer).toContain('**15期**');
    expect(a.answer).toContain('**10次**');
  });

  it('a total of another act (共制作信息30条) gives way to the figure of its sentence that says the act asked', async () => {
    const a = await ask(deps, '永安卫健局2024年主动公开了多少条信息');
    expect(a.answer).toContain('主动公开信息数 **24条**');
    expect(a.answer).not.toContain('**30条**');
  });

  it('each item of a list asked is the figure whose own words name it, not the total they are part of', async () => {
    const a = await ask(deps, '信丰县2023年县直单位和乡镇分别在网站上公开多少条');
    expect(a.answer).toContain('县直单位公开 **23264条**');
    expect(a.answer).toContain('乡镇公开 **34722条**');
    expect(a.answer).not.toContain('57986');
  });

  it('举办了几次培训 asks no application figure (办了 inside 举办): the prose figures asked', async () => {
    const a = await ask(deps, '嘉兴市场监管局2022年举办了几次政务公开培训？回应公众关注热点多少次？');
    expect(a.answer).not.toContain('办理结果总计');
    expect(a.answer).toContain('培训数 **2次**');
    expect(a.answer).toContain('**43次**');
  });

  it('a clause naming again the figure asked before, with words of its own (网上申请几件), is the prose’s part', async () => {
    const a = await ask(deps, '勉县2023年收到几件政府信息公开申请，网上申请几件');
    expect(a.answer).toContain('**10件**');
    expect(a.answer).toMatch(/\*\*9件\*\* ?为网上申请/);
  });

  it('a sentence asking how (是通过什么方式答复的) beside a count: the count, then the passage that says how', async () => {
    const a = await ask(deps, '新华街道2019年收到几件信息公开申请？是通过什么方式答复的？');
    expect(a.answer).toContain('**2件**');
    expect(a.answer).not.toContain('完成率 **100%**');
    expect(a.answer).toContain('「是通过什么方式答复的」');
    expect(a.citations.some((c) => c.quote.includes('挂号信'))).toBe(true);
  });
});

describe('a count in its unit that no report states', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'count-unit-')));
  const deps = await createNodeDeps(db, {});

  it('is refused with the passages shown as related, not as the answer', async () => {
    const a = await ask(deps, '花庄镇2024年组织了几次信息公开专项培训');
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/^所查报告的正文没有写明这一数字（没有以「次」计的相关数字）/);
    expect(a.answer).toContain('培训');
  });
});

describe('a yes-or-no clause beside a prose figure', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'yes-no-')));
  const deps = await createNodeDeps(db, {});

  it('is answered by the sentence the figure stands in, quoted whole and cited', async () => {
    for (const q of ['南郊镇政协提案办了几件，办完了没有？', '南郊镇21年政协提案办了几个 老百姓满意不']) {
      const a = await ask(deps, q);
      expect(a.answer).toContain('**3件**');
      expect(a.answer).toMatch(/」：报告原话是「[^」]*办结率100%，满意率100%/);
    }
  });

  it('adds nothing to a figure asked alone', async () => {
    expect((await ask(deps, '南郊镇政协提案办了几件')).answer).not.toContain('报告原话');
  });
});

describe('a list after the count asked', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'count-list-')));
  const deps = await createNodeDeps(db, {});

  it('each item of “多少A、B和C” is its own figure', async () => {
    const a = await ask(deps, '葛寨镇2020年主动公开了多少乡镇动态、公告公示和其他信息');
    for (const figure of ['乡镇动态 **38件**', '公告公示 **160条**', '其他信息 **16条**'])
      expect(a.answer).toContain(figure);
  });

  it('clauses framing a list are no items; a figure they state is shown as the report states it; one figure counting two items is said once', async () => {
    const a = await ask(deps, '南郊镇2021年说主动公开了71条，按分类看，重点领域信息和专题会议、部门会议各占几条？');
    expect(a.answer).toMatch(
      /主动公开政府信息 \*\*71条\*\*[^*]*重点领域信息 \*\*39条\*\*[^*]*专题会议和部门会议 \*\*13条\*\*/,
    );
    expect(a.answer.match(/\*\*13条\*\*/g)).toHaveLength(1);
  });
});
