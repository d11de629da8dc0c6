import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

describe('plans for a year are read from the report of the year before', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'plans-')));
  const deps = await createNodeDeps(db, {});

  it('answers 2022 plans from the 2021 report, saying so', async () => {
    const a = await ask(deps, '花马池镇2022年政务公开有什么计划');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('2022年的计划写在2021年度的报告中');
    expect(a.citations.every((c) => c.org === '盐池县花马池镇' && c.year === 2021)).toBe(true);
    expect(a.citations.some((c) => c.quote.includes('2022年全镇政务公开工作计划'))).toBe(true);
  });

  it('still refuses figures of a year the org has no report for', async () => {
    for (const q of [
      '花马池镇2022年行政处罚多少件',
      '花马池镇2022年计划公开多少条信息',
      '花马池镇2022年计划生育信息公开情况',
    ]) {
      const a = await ask(deps, q);
      expect(a.refused).toBe(true);
      expect(a.answer).toContain('现有年份：2021');
    }
  });
});

describe('consistency words', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'consistent-')));
  const deps = await createNodeDeps(db, {});

  it('ask the checks of a table, but compare two figures', async () => {
    expect((await ask(deps, '花马池镇表三的数据对得上吗')).plan).toMatchObject({
      intent: 'quality',
      orgs: ['盐池县花马池镇'],
    });
    expect((await ask(deps, '花马池镇和南郊镇2021年新收申请数量是否一致')).plan).toMatchObject({
      intent: 'compare',
      metric: 't3.new',
    });
  });
});

describe('an org the corpus does not have is refused, naming the nearest it has', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'unknown-org-')));
  const deps = await createNodeDeps(db, {});

  it('refuses instead of answering with other towns’ figures', async () => {
    const a = await ask(deps, '不存在镇2021年行政处罚多少件？');
    expect(a).toMatchObject({ refused: true, route: 'none', citations: [] });
    expect(a.answer).toMatch(/^语料中没有「不存在镇」的报告；最接近的有：/);
    expect(a.answer).not.toContain('1319');
    // With the region named, that region's town comes first.
    expect((await ask(deps, '盐池县不存在镇2021年行政处罚多少件')).answer).toContain(
      '最接近的有：盐池县花马池镇（2021年）',
    );
    expect((await ask(deps, '花马镇2021年行政处罚多少件')).answer).toContain(
      '「花马镇」的报告；最接近的有：盐池县花马池镇（2021年）',
    );
    expect((await ask(deps, '南郊乡2021年新收申请多少件')).answer).toBe(
      '语料中没有「南郊乡」的报告；最接近的有：南郊镇（2021年）。',
    );
  });

  it('names the place without the spoken openings before it', async () => {
    const a = await ask(deps, '请问一下那个王乐井乡二零二一年就是那个行政处罚罚了多少件');
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/^语料中没有「王乐井乡」的报告/);
  });

  it('still answers real orgs named in other words, and regions', async () => {
    for (const q of [
      '盐池县花马池镇人民政府2021年行政处罚多少件？',
      '花马池2021年行政处罚多少件',
      '盐池县2021年行政处罚多少件？',
    ]) {
      const a = await ask(deps, q);
      expect({ q, refused: a.refused ?? false }).toEqual({ q, refused: false });
      expect(a.answer).toContain('1319');
    }
  });
});

describe('never a number for a different thing', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'aggregates-')));
  const deps = await createNodeDeps(db, {});

  it('an aggregate over several years says it took each town’s latest report, which years and how many', async () => {
    const a = await ask(deps, '平均每个镇行政处罚多少件');
    expect(a.answer).toContain('按各乡镇最新一年报告（2020—2024年，5 个乡镇）计');
    expect(a.answer).toContain('263.8');
    expect(a.params).toContain('乡镇/街道');
    const max = await ask(deps, '行政处罚最多的是哪个镇');
    expect(max.answer).toMatch(
      /^按各乡镇最新一年报告（2020—2024年，5 个乡镇）计，.*最多的是\*\*盐池县花马池镇\*\*（2021年），为 1319 件/,
    );
  });

  it('a rate of 0 applications is undefined, said with its reason, not 未填报', async () => {
    const a = await ask(deps, '花马池镇21年依申请公开办结率');
    expect(a.answer).toContain('花马池镇2021年申请总量（本年新收与上年结转）为 0 件，办结率无从计算');
    expect(a.answer).not.toContain('未填报');
    expect((await ask(deps, '南郊镇2021年办结率')).answer).toContain('75%');
  });

  it('a count of reports of a template and a year says both, never a count the year alone would contradict', async () => {
    const a = await ask(deps, '用试行版模板的2024年报告有几份');
    expect(a.answer).toContain('2024年库中使用2019版模板的报告共有 **0** 份。');
  });

  it('有没有 of one town and year: yes or no first, with the figure', async () => {
    const yes = await ask(deps, '南郊镇2021年收到的4件申请最后都是怎么处理的？有没有结转到下一年？');
    expect(yes.answer).toMatch(/^有，南郊镇2021年结转下年度继续办理 \*\*1 件\*\*/);
    const no = await ask(deps, '花马池镇2021年有没有结转下年度的申请');
    expect(no.answer).toMatch(/^没有，盐池县花马池镇2021年结转下年度继续办理为 \*\*0 件\*\*/);
  });
});

describe('the answerers, in order', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'answerers-')));
  const deps = { ...(await createNodeDeps(db, {})), today: () => new Date('2026-06-30T12:00:00Z') };

  it('each answer names the answerer that gave it', async () => {
    const by = async (q: string, history: string[] = []) =>
      (
        await ask(
          deps,
          q,
          history.flatMap((content) => [
            { role: 'user' as const, content },
            { role: 'assistant' as const, content: '（回答）' },
          ]),
        )
      ).answeredBy;
    expect(await by('大水坑镇开了多少张罚单')).toBe('missing-data');
    expect(await by('花马池镇开了多少张罚单')).toBe('figure');
    expect(await by('南郊镇新收申请、办理结果总计、结转下年度各多少')).toBe('several-figures');
    expect(await by('花马池镇微信公众号公开了多少条信息？')).toBe('prose-fact');
    expect(await by('葛寨镇存在哪些主要问题')).toBe('points');
    expect(await by('那古城镇呢？', ['花马池镇2021年行政处罚多少件？'])).toBe('figure');
  });

  it('what the conversation assumed is said in the answer', async () => {
    const a = await ask(deps, '那古城镇呢？', [
      { role: 'user', content: '花马池镇2021年行政处罚多少件？' },
      { role: 'assistant', content: '1319 件' },
    ]);
    expect(a.answer).toContain('古城镇没有2021年的报告，以下为其2023年的数据');
    expect(a.citations[0]).toMatchObject({ org: '利通区古城镇', year: 2023 });
  });

  it('a bare 去年 is the calendar year before this one; absent, the refusal names the nearest year', async () => {
    const a = await ask(deps, '去年行政处罚一共多少件？');
    expect(a.refused).toBe(true);
    expect(a.answer).toContain('库中没有2025年的报告');
    expect(a.answer).toContain('最接近的是2024年');
  });
});

describe('one precise thing asked', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'precise-')));
  const deps = await createNodeDeps(db, {});

  it('a phone asked in other words is the passage that holds a phone number', async () => {
    const a = await ask(deps, '古城镇年报有问题打哪个电话');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('0953-2272375');
  });

  it('a phone asked with words the passage lacks (咨询, voice-input fillers) is still the passage holding one', async () => {
    for (const q of ['古城镇2023年咨询电话是多少', '请问一下古城镇二零二三年那个就是有什么事情要打哪个电话']) {
      const a = await ask(deps, q);
      expect(a.answer).toContain('0953-2272375');
    }
    // A report that prints no phone gives none.
    expect((await ask(deps, '花庄镇的联系电话是多少')).refused).toBe(true);
  });

  it('the sentence of a subsection that names the thing asked leads, not the subsection’s summary', async () => {
    const a = await ask(deps, '葛寨镇2020年在基层政务公开标准化方面编了一本什么材料？');
    expect(a.answer).toMatch(/^据伊川县葛寨镇2020年的报告，编制完成《伊川县葛寨镇人民政府基层政务公开标准目录汇编》/);
  });

  it('the words that frame a question (年报, 自己承认了) are not what it asks about', async () => {
    const a = await ask(deps, '古城镇2023年的年报自己承认了哪些问题？');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('认识不足');
  });

  it('a person asked needs every word met, else the answer says the reports do not hold it', async () => {
    expect((await ask(deps, '葛寨镇政务公开领导小组组长是谁')).refused).toBe(true);
  });

  it('who does a task is found where the report names a unit or staff for it; who applied is never named', async () => {
    const a = await ask(deps, '花庄镇2024年的政府信息公开平台是谁在维护、用了哪些渠道？');
    expect(a.answer).toContain('党政综合办公室配备专人负责');
    expect((await ask(deps, '花庄镇2024年的政府信息公开平台是由谁建设维护的')).answer).toContain('配备专人负责');
    expect((await ask(deps, '南郊镇那4件申请分别是谁申请的、申请了什么内容？')).refused).toBe(true);
  });

  it('a name asked is found by its quoted form (《…》) though the question’s other words are not all met', async () => {
    const a = await ask(deps, '葛寨镇2020年推进基层政务公开标准化，编制了一本什么名字的汇编？');
    expect(a.answer).toContain('《伊川县葛寨镇人民政府基层政务公开标准目录汇编》');
  });
});

describe('figures asked for a check', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'check-')));
  const deps = await createNodeDeps(db, {});

  it('gives each figure, then the checks, and adds nothing up', async () => {
    const a = await ask(
      deps,
      '南郊镇2021年新收了4件申请，表里办理结果总计是几件、结转到下一年的是几件？两边加起来对得上吗？',
    );
    for (const figure of ['办理结果总计为 **3 件**', '结转下年度继续办理为 **1 件**', '勾稽关系校验均未发现不一致'])
      expect(a.answer).toContain(figure);
    expect(a.answer).not.toContain('合计');
  });
});

describe('a clause a table figure answers gets no second, contradicting line', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'clauses-')));
  const deps = await createNodeDeps(db, {});

  it('"分别是哪几种情形、各几件" beside a results breakdown is the breakdown, down to the rows a group counts', async () => {
    const a = await ask(deps, '南郊镇2021年表三里办理结果总计3件，分别是哪几种情形、各几件？');
    expect(a.answer).toContain('无法提供 2 件（本机关不掌握相关政府信息 2 件）');
    expect(a.answer).toContain('不予处理 1 件（信访举报投诉类申请 1 件）');
    expect(a.answer).toContain('予以公开 0 件，');
    expect(a.answer).not.toContain('都没有写明');
  });

  it('"具体是多少件" after a ranking asks the figure the ranking gives', async () => {
    const a = await ask(deps, '请核对五个镇的年报：哪个镇的行政处罚决定数量最多？具体是多少件？');
    expect(a.answer).toContain('1319 件');
    expect(a.answer).not.toContain('都没有写明');
  });

  it('“是个人还是企业申请的”, “都是谁提的” ask which applicants: the table’s applicant breakdown', async () => {
    expect((await ask(deps, '南郊镇2021年的公开申请都是谁提的')).answer).toContain('申请人构成：自然人 4 件');
    const a = await ask(deps, '南郊镇2021年是个人还是企业申请的');
    expect(a.refused).toBeFalsy();
    expect(a.answer).toContain('申请人构成：自然人 4 件，商业企业 0 件');
  });
});

describe('a kind of department to list, not one to pick', async () => {
  const real = join(import.meta.dirname, '../../ingest/fixtures/real-other');
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'kinds-')), [
    join(real, 'daixian_wjj_2024_page.txt'),
    join(real, 'hejiang_wjj_2024_page.txt'),
    join(real, 'liao_2023_page.txt'),
    join(real, 'dttz_xfj_2021_page.txt'),
    join(real, 'wendeng_xfj_2022_page8.txt'),
    join(real, 'dingzhou_fgj_2022_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('an org printed as 市发改局 whose text names its city (定州市人民政府门户网站) is found by the city', async () => {
    for (const q of [
      '定州市发改局2022年一共收到几件政府信息公开申请？',
      '定州发改局2022年收到几件申请',
      '市发改局2022年收到几件申请',
    ]) {
      const a = await ask(deps, q);
      expect(a.answer).toContain('**15件**');
      expect(a.answer).not.toContain('没有写明所属的县市');
      expect(a.citations[0]?.org).toBe('定州市发改局');
    }
  });

  it('an org printed bare (信访局) with no report for the year asked is the one 信访局 that has one, said so', async () => {
    const a = await ask(deps, '信访局2022年打算怎么改进信息公开');
    expect(a.answer).toContain('「信访局」2022年只有威海市文登区信访局的报告');
    expect(a.citations.every((c) => c.org === '威海市文登区信访局')).toBe(true);
    expect((await ask(deps, '信访局2021年打算怎么改进信息公开')).citations[0]?.org).toBe('信访局');
  });

  it('"库里有哪些卫生健康局的年报" lists each, though the name is several orgs\'', async () => {
    const a = await ask(deps, '库里有哪些卫生健康局的年报？');
    expect(a.answeredBy).toBe('collection');
    expect(a.answer).toContain('**2** 个卫生健康局');
  });

  it("a share's part is one kind of what was published (主动公开 18 of 制发 130)", async () => {
    const a = await ask(deps, '丽岙街道2023年制发的政府信息中主动公开的占百分之多少？');
    expect(a.answer).toMatch(/^占 \*\*13\.85%\*\*，约 13\.8%（18 ÷ 130/);
  });
});

describe('a total and its applicant part asked together', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'total-part-')));
  const deps = await createNodeDeps(db, {});

  it('gives both from the table, and no line saying the part is nowhere', async () => {
    const a = await ask(deps, '南郊镇2021年新收申请多少件，其中自然人多少件');
    expect(a.answer).toContain('本年新收政府信息公开申请数量为 **4 件**');
    expect(a.answer).toContain('自然人本年新收政府信息公开申请数量为 **4 件**');
    expect(a.answer).not.toContain('都没有写明');
  });
});
