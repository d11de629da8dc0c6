import { describe, expect, it } from 'vitest';
import { infoOf, parsedSample, SAMPLE_FILES } from '../../ingest/test-support/samples.ts';
import { TABLE_TITLES } from '../domain/catalogue.ts';
import type { ReportInfo } from '../domain/ports.ts';
import type { ParsedReport } from '../domain/types.ts';
import { applicationsOverview, asksOverview, overviewTables } from './overview.ts';

/** A Store over parsed samples: the cells and text ingest produced, no database. */
function storeOf(parsed: Map<number, ParsedReport>) {
  return {
    cells: async (id: number) => parsed.get(id)!.cells,
    reportText: async (id: number) => parsed.get(id)!.text,
  };
}

const hm = parsedSample('000_02e80cf19b94c8cc.txt');
const nj = parsedSample('003_795117ff85927c6d.txt');
const parsed = new Map([
  [1, hm],
  [4, nj],
]);
const infos: ReportInfo[] = [infoOf(hm, 1), infoOf(nj, 4)];
const store = storeOf(parsed);

describe('asksOverview', () => {
  it('takes 情况/比较/怎么处理 of applications, not one figure', () => {
    expect(asksOverview('比较花马池镇和南郊镇的依申请公开情况')).toBe(true);
    expect(asksOverview('南郊镇那4件申请是怎么处理的')).toBe(true);
    expect(asksOverview('南郊镇不予处理的申请有多少件')).toBe(false);
  });

  it.each([
    ['花马池镇主动公开情况', ['t2']],
    ['花马池镇主动公开情况怎么样？', ['t2']],
    ['花马池镇主动公开的情况', ['t2']],
    ['南郊镇行政复议的情况', ['t4']],
    ['南郊镇复议诉讼情况如何', ['t4']],
    ['葛寨镇行政复议和诉讼情况', ['t4']],
    ['比较花庄镇和古城镇的行政复议情况', ['t4']],
    ['比较花马池镇和南郊镇的依申请公开情况', ['t3']],
    ['花马池镇主动公开表里哪些事项不是0？', ['t2']],
    ['葛寨镇复议诉讼表哪些不为零', ['t4']],
    ['花马池镇在主动公开方面做了哪些工作？', []],
    ['花马池镇被申请行政复议了几次', []],
    ['南郊镇行政复议总计是多少？', []],
    ['花庄镇依申请公开办理情况', []],
  ])('%s → %j', (question, tables) => {
    expect(overviewTables(question)).toEqual(tables);
  });
});

describe('applicationsOverview over the samples', () => {
  it('compares the main 表三 figures side by side, in the order asked, each cited', async () => {
    const a = (await applicationsOverview('比较花马池镇和南郊镇的依申请公开情况', infos, store))!;
    const [lead, , ...rest] = a.answer.split('\n');
    expect(lead).toMatch(/^本年新收申请：花马池镇2021年 0 件，南郊镇2021年 4 件，南郊镇比花马池镇多 4 件；/);
    const rows = rest.filter((l) => l.startsWith('- '));
    expect(rows.map((l) => l.slice(2, l.indexOf('：')))).toEqual([
      '本年新收',
      '上年结转',
      '予以公开',
      '部分公开',
      '不予公开',
      '无法提供',
      '不予处理',
      '其他处理',
      '办理总计',
      '结转下年度继续办理',
    ]);
    expect(rows[5]).toMatch(/^- 无法提供：花马池镇2021年 0 件 \[\d+\]；南郊镇2021年 2 件 \[\d+\]$/);
    for (const c of a.citations) expect(parsed.get(c.reportId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(a.rows[0]).toEqual({ 项目: '本年新收', 花马池镇2021年: 0, 南郊镇2021年: 4 });
  });

  it('a process question: yes/no first, then what came in and how it was handled, in words', async () => {
    const a = (await applicationsOverview('收到的4件申请都是怎么处理的？有没有结转到下一年？', [infos[1]!], store))!;
    expect(a.answer.split('\n')[0]).toBe(
      '有，南郊镇2021年结转下年度继续办理 **1 件**。南郊镇2021年新收申请 4 件，上年结转 0 件；办结 3 件（无法提供 2 件、不予处理 1 件），1 件结转下年度继续办理。',
    );
    const none = (await applicationsOverview('依申请公开情况怎么样', [infos[0]!], store))!;
    expect(none.answer.split('\n')[0]).toBe('花马池镇2021年新收申请 0 件，上年结转 0 件，没有需要办理的申请。');
  });
});

describe('overviews of 表二 and 表四 over the samples', () => {
  const all = new Map(SAMPLE_FILES.map((f, i) => [i + 1, parsedSample(f)]));
  const byOrg = (org: string) => [...all].map(([id, p]) => infoOf(p, id)).find((r) => r.org === org)!;
  // 花马池镇 with its 收费金额 left blank, as a report may print it.
  const hmBlank = { ...hm, cells: hm.cells.map((c) => (c.key === 't2.fee.amount' ? { ...c, value: null } : c)) };
  const blankStore = storeOf(new Map([[1, hmBlank]]));

  it.each([
    {
      question: '花马池镇主动公开情况',
      orgs: ['花马池镇'],
      table: 't2',
      lead: '花马池镇2021年主动公开政府信息情况中不为 0 的：行政处罚 本年处理决定数量 1319 件；行政强制 本年处理决定数量 1 件；其余各项为 0。',
      line: '- 行政处罚 本年处理决定数量：1319 件 [4]',
    },
    {
      question: '比较花马池镇和南郊镇的主动公开情况',
      orgs: ['花马池镇', '南郊镇'],
      table: 't2',
      lead: '花马池镇2021年和南郊镇2021年主动公开政府信息情况不同的有 2 项：行政处罚 本年处理决定数量：花马池镇2021年 1319 件，南郊镇2021年 0 件，南郊镇比花马池镇少 1319 件；行政强制 本年处理决定数量：花马池镇2021年 1 件，南郊镇2021年 0 件，南郊镇比花马池镇少 1 件。',
      line: '- 行政事业性收费 本年收费金额：花马池镇2021年 0 万元 [11]；南郊镇2021年 0 万元 [12]',
    },
    {
      question: '葛寨镇行政复议和诉讼情况',
      orgs: ['葛寨镇'],
      table: 't4',
      lead: '葛寨镇2020年政府信息公开行政复议、行政诉讼情况：各项均为 0。',
      line: '- 行政诉讼（复议后起诉） 尚未审结：0 件 [1]',
    },
    {
      question: '比较花庄镇和古城镇的行政复议情况',
      orgs: ['花庄镇', '古城镇'],
      table: 't4',
      lead: '花庄镇2024年和古城镇2023年政府信息公开行政复议、行政诉讼情况：各项相同。',
      line: '- 行政复议 总计：花庄镇2024年 0 件 [1]；古城镇2023年 0 件 [2]',
    },
    {
      // The 2019 template's 表二 has other rows: each side says 无此项 where its template has none.
      question: '比较葛寨镇和花马池镇的主动公开情况',
      orgs: ['葛寨镇', '花马池镇'],
      table: 't2',
      lead: '葛寨镇2020年和花马池镇2021年主动公开政府信息情况不同的有 2 项：行政处罚 本年处理决定数量：葛寨镇2020年 0 件，花马池镇2021年 1319 件，花马池镇比葛寨镇多 1319 件；行政强制 本年处理决定数量：葛寨镇2020年 0 件，花马池镇2021年 1 件，花马池镇比葛寨镇多 1 件。',
      line: '- 规章 本年制发件数：葛寨镇2020年 无此项；花马池镇2021年 0 件 [12]',
    },
  ] as const)('$question', async ({ question, orgs, table, lead, line }) => {
    const reports = orgs.map(byOrg);
    const a = (await applicationsOverview(question, reports, storeOf(all)))!;
    const lines = a.answer.split('\n');
    expect(lines[0]).toBe(lead);
    expect(lines[2]).toBe(`${TABLE_TITLES[table]}：`);
    expect(lines).toContain(line);
    // One row of the page's table per figure listed, a column per side.
    const figures = lines.filter((l) => l.startsWith('- '));
    expect(a.rows.map((r) => r.项目)).toEqual(figures.map((l) => l.slice(2, l.indexOf('：'))));
    expect(Object.keys(a.rows[0]!)).toHaveLength(1 + orgs.length);
    for (const c of a.citations) {
      expect(all.get(c.reportId)!.text.slice(c.start, c.end)).toBe(c.quote);
      expect(c.section.startsWith(TABLE_TITLES[table])).toBe(true);
    }
  });

  it('says a blank cell is 未填报 and counts it in the lead', async () => {
    const a = (await applicationsOverview('花马池镇主动公开情况', [infoOf(hmBlank, 1)], blankStore))!;
    expect(a.answer.split('\n')[0]).toMatch(/；其余各项为 0；1 项未填报。$/);
    expect(a.answer).toContain('- 行政事业性收费 本年收费金额：未填报 [6]');
    expect(a.rows.at(-1)).toEqual({ 项目: '行政事业性收费 本年收费金额', 花马池镇2021年: null });
  });
});
