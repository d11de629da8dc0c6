import { describe, expect, it } from 'vitest';
import { infoOf, parsedSample } from '../../ingest/test-support/samples.ts';
import type { ReportInfo } from '../domain/ports.ts';
import type { ParsedReport } from '../domain/types.ts';
import { applicationsOverview, asksOverview } from './overview.ts';

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
    expect(asksOverview('花马池镇主动公开情况')).toBe(false);
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
