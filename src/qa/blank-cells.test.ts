import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDb } from '../../eval/corpora.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { ask } from './ask.ts';

const REAL_OTHER = join(import.meta.dirname, '../../ingest/fixtures/real-other');

/** Real reports whose tables leave a figure blank or unread while their prose states it. */
describe('a figure the table leaves blank: the prose of that report, quoted', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'blank-cells-')), [
    join(REAL_OTHER, 'yingbinlu_2021_page.txt'),
    join(REAL_OTHER, 'shanghai_bgt_2019.html'),
    join(REAL_OTHER, 'shanghai_bgt_2020_page.txt'),
    join(REAL_OTHER, 'bj_cgw_2022_page.txt'),
    join(REAL_OTHER, 'hebao_2020_page.txt'),
    join(REAL_OTHER, 'jiarongli_2021_page.txt'),
    join(REAL_OTHER, 'shanxi_jtyst_2021_page.txt'),
    join(REAL_OTHER, 'huarong_sthj_2024_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('gives the number the prose states, says the table lacks it, and cites the sentence', async () => {
    const a = await ask(deps, '迎宾路街道2021年受理了几件信息公开申请');
    expect(a.answer).toContain('为空或未能读出');
    expect(a.answer).toContain('**5件**');
    expect(a.citations[0]!.quote).toContain('申请5件');
  });

  it('each figure from the sentence that states it; what the figure before counts (收到90件申请) is not the next one’s', async () => {
    const a = await ask(deps, '北京市城市管理委员会2022年一共收到多少件信息公开申请？年底还有几件没办完？');
    expect(a.answer).toContain('全年共收到 **90件** 申请');
    expect(a.answer).toContain('正在办理 **4件**');
    expect(a.answer).not.toContain('合计');
  });

  it("one org's two years: the year whose table is unread is read from its own prose, below the table's rows", async () => {
    const a = await ask(deps, '上海市政府办公厅2019年和2020年分别主动公开了多少件规章');
    expect(a.answer).toMatch(/2019年：规章本年新公开数量 13 件/);
    expect(a.answer).toContain('2020年的统计表中「规章本年新公开数量」一项为空或未能读出');
    expect(a.answer).toContain('**12件**');
    expect(a.citations.map((c) => c.year)).toEqual([2019, 2020]);
  });

  it('each figure asked from the prose when the table is unread: 办了几项 is 办理结果总计, said 办理 15项', async () => {
    const a = await ask(deps, '山西交通厅2021年说收到依申请公开16项，实际办了几项、结转到下一年几项？');
    for (const figure of ['**16项**', '办理 **15项**', '结转下年度继续办理 **1项**'])
      expect(a.answer).toContain(figure);
  });

  it('an application figure is none of the things counted alike (办理代表建议和政协提案 72件)', async () => {
    const a = await ask(deps, '山西省交通运输厅2021年收到多少项信息公开申请，办结多少项');
    expect(a.answer).toContain('办理 **15项**');
    expect(a.answer).not.toContain('72件');
  });

  it("money asked beside a figure the tables only count is the prose's (罚了多少钱 → 罚款62.85万元)", async () => {
    const a = await ask(deps, '华容环保分局2024年下了多少份行政处罚决定书？一共罚了多少钱？');
    expect(a.answer).toContain('下达行政处罚决定书 **11件**');
    expect(a.answer).toContain('罚款 **62.85万元**');
  });

  it('a prose total this figure is part of (受理申请总数) is quoted in its own words; 佳容里街 is 佳荣里街', async () => {
    const a = await ask(deps, '佳容里街21年有人申请没');
    expect(a.answer).toContain('「佳容里街」按同音的「佳荣里街」理解');
    expect(a.answer).toContain('全街共受理政府信息公开申请总数 **1件**');
    expect((await ask(deps, '佳荣里街道2021年收到几件申请')).answer).toContain('**1件**');
  });

  it('takes the figure whose own words name the metric, not a neighbour in the same sentence', async () => {
    const review = await ask(deps, '上海市政府办公厅2019年被申请行政复议多少件');
    // 表四 is read since the ingest reads its trailing blanks; the prose states the same figures.
    expect(review.answer).toMatch(/\*\*7 ?件\*\*/);
    const suits = await ask(deps, '上海市人民政府办公厅2019年行政诉讼有多少件');
    expect(suits.answer).toMatch(/\*\*9 ?件\*\*/);
    expect(suits.answer).not.toMatch(/\*\*7 ?件\*\*/);
  });

  it('a 总计 left blank beside filled applicant columns: those columns, added up, each cited', async () => {
    const a = await ask(deps, '上海市人民政府办公厅2019年重复申请不予处理多少件');
    expect(a.answer).toContain('合计 **9 件**（5 + 4 = 9');
    expect(a.citations.map((c) => c.cell?.key)).toEqual(['t3.noproc_repeat.natural', 't3.noproc_repeat.commercial']);
  });

  it('with no number in the prose, quotes the passage that speaks of it', async () => {
    const a = await ask(deps, '河包镇2020年有没有收到依申请公开的请求');
    expect(a.citations.some((c) => c.quote.includes('未收到依申请公开请求'))).toBe(true);
  });

  it('a blank cell no sentence speaks of stays 未填报', async () => {
    const a = await ask(deps, '迎宾路街道2021年行政强制多少件');
    expect(a.answer).toContain('未填报');
    expect(a.answer).not.toMatch(/\*\*\d/);
  });
});

describe('prose figures asked clause by clause', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'clauses-')), [
    join(REAL_OTHER, 'dongchengjie_2021_page.txt'),
    join(REAL_OTHER, 'wendeng_zjj_2019_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('a total and one of its parts: each clause its own figure; a figure its parts follow (其中) is the total', async () => {
    const a = await ask(deps, '高平东城街街道2021年网站上传了多少条信息，部门工作占几条');
    expect(a.answer).toMatch(/\*\*64条\*\*[\s\S]*\*\*59条\*\*/);
  });

  it('the total a report states with 共, then the part asked after 其中', async () => {
    const a = await ask(deps, '文登区住建局2019年主动公开了多少条信息，其中工作动态几条');
    expect(a.answer).toMatch(/\*\*227条\*\*[\s\S]*\*\*85条\*\*/);
  });
});

describe('a table figure and a prose figure asked together', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'mixed-')), [
    join(REAL_OTHER, 'wendeng_bgs_2022_page9.txt'),
    join(REAL_OTHER, 'yingbinlu_2021_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('each clause gets its own figure: the table’s (or its prose stand-in) and the prose-only one, each cited', async () => {
    const a = await ask(deps, '文登区人民政府办公室2022年办理答复了几件公开申请，报送信息稿件多少篇');
    expect(a.answer).toMatch(/\*\*7件\*\*/);
    expect(a.answer).toMatch(/\*\*48篇\*\*/);
    expect(a.citations.some((c) => c.quote?.includes('48'))).toBe(true);
  });

  it('a clause counting reports or units (几个街道年报相比) asks no figure of its own', async () => {
    const a = await ask(deps, '库里2021年的几个街道年报相比，哪个街道受理的公开申请最多？多少件？');
    expect(a.answer).not.toContain('所查报告的表格和正文都没有写明');
  });

  it('a clause the report states nowhere is said so, not dropped', async () => {
    const a = await ask(deps, '迎宾路街道2021年受理了几件公开申请，召开了多少次新闻发布会');
    expect(a.answer).toContain('**5件**');
    expect(a.answer).toContain('召开了多少次新闻发布会」：所查报告的表格和正文都没有写明');
  });
});

describe('a blank table figure taken from the prose in the user’s own words', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'own-words-')), [
    join(REAL_OTHER, 'shanxi_jtyst_2021_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('办理了 names the processed total; a figure whose words name another metric (结转…办理) is not taken for it', async () => {
    const a = await ask(deps, '山西交通厅2021年办理了多少项公开申请');
    expect(a.answer).toContain('**15项**');
    expect(a.answer).not.toContain('**1项**');
  });
});

describe('a page cut short, and two 市场监管局 (one named 市场监督管理局)', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'cut-')), [
    join(REAL_OTHER, 'hanyang_bgs_2022_page.txt'),
    join(REAL_OTHER, 'jinhua_scjgj_2022_page.txt'),
    join(REAL_OTHER, 'jiaxing_scjgj_2022_page.txt'),
  ]);
  const deps = await createNodeDeps(db, {});

  it('a cell past where the page stops is the figure the section’s own paragraph states', async () => {
    const a = await ask(deps, '区政府办公室2022年有几件是本办手里没有这个信息的？');
    expect(a.answer).toContain('为空或未能读出');
    expect(a.answer).toContain('**2件**');
    expect(a.citations[0]!.quote).toContain('本办不掌握相关政府信息2件');
  });

  it('two places sharing one org word are two orgs, each blank figure read from its own report', async () => {
    const a = await ask(deps, '2022年金华和嘉兴两家市场监管局，谁受理的信息公开申请更多？各是多少件？');
    expect(a.answeredBy).not.toBe('org-mention');
    expect(a.answer).toContain('**11件**');
    expect(a.citations.some((c) => c.quote.includes('17例'))).toBe(true);
  });

  it('a kind of department asked by its short form lists the orgs whose full name it shortens', async () => {
    const a = await ask(deps, '有哪些市场监管局的2022年年报？');
    expect(a.answeredBy).toBe('collection');
    expect(a.answer).toContain('**2** 个市场监管局');
    expect(a.answer).toContain('嘉兴市市场监督管理局');
  });
});
