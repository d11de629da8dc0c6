import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import type { ReportFilter } from '../domain/ports.ts';
import { collectionAnswer, collectionAsk, MAX_LISTED } from './collection.ts';
import { buildCorpusIndex } from './corpus.ts';
import { sampleStore } from '../../ingest/test-support/sample-store.ts';

const corpus = buildCorpusIndex(sampleInfos());
const answer = (q: string, filter: ReportFilter = {}, store = sampleStore()) =>
  collectionAnswer(q, filter, corpus, store);

describe('collectionAsk', () => {
  it.each([
    ['这些报告里一共有多少个乡镇', 'orgs'],
    ['一共有几个部门的报告？', 'orgs'],
    ['花马池镇有哪几年的报告', 'years'],
    ['这些年报覆盖了哪些年份', 'years'],
    ['库里最新的一份报告是哪个', 'latest'],
    ['数据最新到哪一年', 'latest'],
    ['收录的报告最早是哪一年的', 'earliest'],
    ['哪个镇的报告年份最早', 'earliest'],
    ['哪份报告写了发布日期', 'published'],
    ['有几份报告没写发布日期', 'published'],
    ['有没有哪份报告缺了表格', 'tables'],
    ['哪些报告没通过校验', 'rules'],
    ['这些报告都是哪一级政府的', 'levels'],
    ['报告用了几种模板', 'templates'],
    ['报告都用的哪种模板', 'templates'],
    ['葛寨镇的年报有几年的', 'years'],
    ['花马池镇和古城镇的年报分别是哪一年的？', 'years'],
    ['列一下库里所有的报告', 'reports'],
    ['花马池镇有哪几年的政府信息公开年报', 'years'],
    ['2021年有哪些街道的政府信息公开年报', 'orgs'],
    ['盐池县有哪些部门的年报？', 'orgs'],
    ['库里有哪些教育局的年报？', 'orgs'],
    ['有哪些2023年及以后的年报', 'reports'],
    ['库里有没有盐池县的年报？是哪个镇的？', 'reports'],
    ['库里有盐池县的年报吗？是哪一年的？', 'reports'],
    ['这些年报分别是哪些县、区下面的乡镇？', 'regions'],
    ['这几个镇都属于哪些县', 'regions'],
    ['2024年的生态环境局（分局）年报有哪几份？', 'orgs'],
  ])('%s → %s', (q, kind) => expect(collectionAsk(q)).toBe(kind));

  it.each([
    '花马池镇2021年行政处罚多少件',
    '有几个镇全年一件信息公开申请都没收到？',
    '所有报告里新收政府信息公开申请一共多少件',
    '哪些报告是2019版模板',
    '花马池镇最新的行政处罚数是多少',
    '花马池镇的年报落款日期',
    '年报里近几年的行政处罚怎么变化',
    '哪些镇的行政处罚超过10件',
    '哪些镇的报告提到了政务新媒体建设',
  ])('%s is not about the collection', (q) => expect(collectionAsk(q)).toBeNull());
});

describe('collectionAnswer over the samples', () => {
  it('counts the orgs of the level asked, each cited by its latest report', async () => {
    const a = (await answer('这些报告里一共有多少个乡镇'))!;
    expect(a.answer).toMatch(/^库中的报告来自 \*\*5\*\* 个乡镇（街道）：/);
    expect(a.citations.map((c) => c.org)).toEqual(['葛寨镇', '花马池镇', '南郊镇', '古城镇', '花庄镇']);
    expect((await answer('一共有几个部门的报告'))!.answer).toBe('库中的报告来自 **0** 个部门。');
  });

  it('lists the units of the kind asked: 镇 are the 镇 among the 乡镇/街道, 街道 none here', async () => {
    expect((await answer('有哪些镇的年报'))!.answer).toMatch(/^库中的报告来自 \*\*5\*\* 个镇：/);
    expect((await answer('有哪些街道的政府信息公开年报'))!.answer).toBe('库中的报告来自 **0** 个街道。');
    // A kind of department: the orgs whose names end so.
    expect((await answer('库里有哪些教育局的年报'))!.answer).toBe('库中的报告来自 **0** 个教育局。');
  });

  it('lists the reports of the years named (2023年及以后)', async () => {
    const a = (await answer('有哪些2023年及以后的年报', { year: [2023, 2024] }))!;
    expect(a.answer).toMatch(/^库中2023、2024年的报告共 \*\*2\*\* 份：古城镇（2023年）\[1\]、花庄镇（2024年）\[2\]/);
  });

  it('every citation quotes the report text exactly', async () => {
    const store = sampleStore();
    const a = (await answer('这些年报覆盖了哪些年份', {}, store))!;
    for (const c of a.citations) expect((await store.reportText(c.reportId))!.slice(c.start, c.end)).toBe(c.quote);
    expect(a.answer).toContain('**4** 个年份：2020年、2021年、2023年、2024年');
  });

  it('years, latest and earliest within the orgs and years the question names', async () => {
    expect((await answer('花马池镇有哪几年的报告', { org: ['花马池镇'] }))!.answer).toContain('**1** 个年份：2021年');
    const latest = (await answer('库里最新的一份报告是哪个'))!;
    expect(latest.answer).toContain('库中的报告中最新的是 **2024年** 的 1 份：花庄镇');
    // The title as printed (with its spaces), not as the metadata squeezed it.
    expect(latest.citations[0]!.quote).toBe('遂平县花庄镇人民政府 2024 年政府信息公开工作年度报告');
    expect((await answer('2021年最早的报告', { year: [2021] }))!.answer).toContain('花马池镇（2021年）[1]、南郊镇');
    expect((await answer('最早的报告', { org: ['北京市'] }))!.refused).toBe(true);
  });

  it('which reports print a publish date, quoting the date line', async () => {
    const a = (await answer('哪份报告写了发布日期'))!;
    expect(a.answer).toContain('库中的报告共 **5** 份，写明发布（落款）日期的 **1** 份，没有写明的 **4** 份');
    expect(a.answer).toContain('花马池镇（2021年）：2021年12月27日[1]');
    expect(a.citations[0]).toMatchObject({ org: '花马池镇', section: '落款', quote: '2021年12月27日' });
  });

  it('tables and rules from the checks the store holds, with the filter passed on', async () => {
    const store = sampleStore();
    expect((await answer('有没有哪份报告缺了表格', {}, store))!.answer).toContain(
      '库中的报告共 **5** 份，都读出了表二、表三、表四',
    );
    expect((await answer('哪些报告没通过校验', { year: [2021] }, store))!.answer).toContain(
      '库中2021年的报告共 **2** 份，校验规则',
    );
    expect(store.checkFilters).toEqual([{}, { year: [2021] }]);
    const broken = sampleStore(
      new Map([[3, { tables: ['t2'], failed: [{ rule: 'G.R3', message: '缺少表格：t3、t4' }] }]]),
    );
    const t = (await answer('哪份报告缺了表格', {}, broken))!;
    expect(t.answer).toContain('其中 **1** 份缺少表格');
    expect(t.answer).toContain('花庄镇（2024年）：缺表三、表四[1]');
    expect((await answer('哪些报告没通过校验', {}, broken))!.answer).toContain(
      '花庄镇（2024年）：G.R3（缺少表格：t3、t4）',
    );
  });

  it('levels and templates as groups; a long list is cut at MAX_LISTED and counted', async () => {
    expect((await answer('这些报告都是哪一级政府的'))!.answer).toContain('乡镇/街道：5 份');
    const t = (await answer('报告用了几种模板'))!.answer;
    expect(t).toContain('**2** 种模板');
    expect(t).toContain('2019版（试行）模板：1 份，葛寨镇（2020年）');
    const many = buildCorpusIndex(
      Array.from({ length: MAX_LISTED + 5 }, (_, i) => ({ ...sampleInfos()[0]!, id: 100 + i, org: `测试${i}镇` })),
    );
    const listed = (await collectionAnswer('列一下所有的报告', {}, many, sampleStore()))!;
    expect(listed.answer).toContain(`库中的报告共 **${MAX_LISTED + 5}** 份`);
    expect(listed.answer).toContain(`等${MAX_LISTED + 5}份`);
  });

  it('is null for a question that is not about the collection', async () => {
    expect(await answer('花马池镇2021年行政处罚多少件')).toBeNull();
  });
});

describe('the regions the reports come from', () => {
  it('each region with its units, and the units whose reports name none', async () => {
    const a = (await answer('这些年报分别是哪些县、区下面的乡镇？'))!;
    expect(a.answer).toContain('分属 **4** 个地区');
    expect(a.answer).toMatch(/- 盐池县：[^\n]*花马池镇（2021年）\[\d\]/);
    expect(a.answer).toMatch(/报告没有写明所属地区的：南郊镇/);
  });
});
