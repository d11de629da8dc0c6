import { describe, expect, it } from 'vitest';
import { infoOf, parsedSample, type SampleFile } from '../../ingest/test-support/samples.ts';
import type { FactRow, ReportInfo } from '../domain/ports.ts';
import { bestFact, factAnswer } from './facts.ts';

/** A sample's prose facts as the store returns them, and its report info. */
function of(file: SampleFile, id: number): { facts: FactRow[]; reports: Map<number, ReportInfo>; text: string } {
  const r = parsedSample(file);
  const facts = r.facts.map((f) => ({
    reportId: id,
    value: f.value,
    unit: f.unit,
    approx: f.approx,
    subject: f.subject,
    start: f.start,
    end: f.end,
    sentenceStart: f.sentenceStart,
    sentenceEnd: f.sentenceEnd,
    sentence: r.text.slice(f.sentenceStart, f.sentenceEnd),
  }));
  return { facts, reports: new Map([[id, infoOf(r, id)]]), text: r.text };
}

describe('bestFact over the 花马池镇 sample', () => {
  const h = of('000_02e80cf19b94c8cc.txt', 1);

  it('the WeChat count: 460余条, quoted with its sentence', () => {
    const a = bestFact('微信公众号公开了多少条信息？', h.facts, h.reports)!;
    expect(a.fact).toMatchObject({ value: 460, unit: '条', approx: true });
    expect(a.answer).toContain('**460余条**');
    expect(a.answer).toContain('原文为约数');
    expect(a.citation.quote).toBe(h.text.slice(a.citation.start, a.citation.end));
    expect(a.citation).toMatchObject({ org: '花马池镇', year: 2021, section: '正文' });
  });

  it('the portal count: 30余条', () => {
    expect(bestFact('在县政府门户网站上公开了多少条', h.facts, h.reports)!.fact.value).toBe(30);
  });

  it('no number is guessed for what the prose does not state', () => {
    expect(bestFact('今天天气怎么样', h.facts, h.reports)).toBeNull();
    expect(bestFact('多少', h.facts, h.reports)).toBeNull();
  });
});

describe('bestFact: a number named as a name', () => {
  const h = of('000_02e80cf19b94c8cc.txt', 1);

  it("the 12345 hotline its figure's own words hold picks it, asked in spoken words", () => {
    expect(bestFact('那个12345热线一年接了多少件事', h.facts, h.reports)!.answer).toContain('共受理诉求 **64件**');
  });
});

describe('bestFact over the 南郊镇 sample', () => {
  const n = of('003_795117ff85927c6d.txt', 2);

  it('counts with their units: 政协提案 3件, 办件 4件', () => {
    expect(bestFact('承办了几件区政协提案', n.facts, n.reports)!.fact).toMatchObject({
      value: 3,
      unit: '件',
      subject: '我镇承办区政协提案',
    });
    expect(bestFact('共接到依申请公开办件多少件', n.facts, n.reports)!.fact.value).toBe(4);
  });

  it('a quoted phrase must be what is counted', () => {
    expect(bestFact('“其他信息”公开了多少条', n.facts, n.reports)!.fact).toMatchObject({
      value: 5,
      subject: '其他信息',
    });
  });
});

describe('factAnswer: a prose figure answers only what it measures', () => {
  const h = of('000_02e80cf19b94c8cc.txt', 1);
  const g = of('004_e51fc33f15234b62.txt', 5);

  it('refuses a thing no figure measures, naming it, with what the report does state', () => {
    const a = factAnswer('门户网站的日均访问量是多少', h.facts, h.reports)!;
    expect(a.refused).toBe(true);
    expect(a.answer).toMatch(/^花马池镇2021年的报告没有写明访问量。/);
    // The items published on the portal are related, and shown as what they are, not as visits.
    expect(a.answer).toContain('县政府门户网站公开 **30余条**');
    expect(factAnswer('公众号有多少粉丝', h.facts, h.reports)!.answer).toContain('关注人数（粉丝）');
  });

  it('a rate no measure names (全文电子化率) is the percentage its own words name, never a count', () => {
    const n = of('003_795117ff85927c6d.txt', 2);
    expect(factAnswer('主动公开政府信息的全文电子化率是多少', n.facts, n.reports)!.answer).toContain(
      '全文电子化率达 **100%**',
    );
    const none = factAnswer('政府信息的网上办理率是多少', n.facts, n.reports)!;
    expect(none.answer).toMatch(/^南郊镇2021年的报告没有写明网上办理率。/);
  });

  it('the kinds asked of a total are the parts the next sentence opens with 其中', () => {
    const n = of('003_795117ff85927c6d.txt', 2);
    const a = factAnswer('主动公开的71条信息分别是哪几类', n.facts, n.reports)!.answer;
    expect(a).toMatch(
      /^南郊镇2021年：共主动公开政府信息 \*\*71条\*\* \[1\]，其中：部门单位职能配置及内设机构 \*\*1条\*\*/,
    );
    expect(a).toContain('其他信息 **5条**');
    expect(a).not.toContain('429条');
  });

  it('gives every figure asked for, each with its own words', () => {
    const a = factAnswer('12345热线受理多少诉求，答复率、满意率？', h.facts, h.reports)!;
    expect(a.answer.split('\n')[0]).toBe(
      '花马池镇2021年：统一使用“12345”综合服务热线平台，共受理诉求 **64件** [1]；诉求答复率 **100%** [1]；群众满意率 **100%** [1]。',
    );
    expect(a.citations).toHaveLength(1);
  });

  it('never presents a part as the total: the parts, said to be parts', () => {
    const a = factAnswer('主动公开了多少条政府信息', h.facts, h.reports)!;
    expect(a.answer).toMatch(/^花马池镇2021年的报告没有写明公开信息的总条数/);
    for (const n of ['30余条', '70余条', '460余条']) expect(a.answer).toContain(n);
    expect(a.answer).not.toContain('560');
    // A channel named picks its own figure.
    expect(factAnswer('在政务新媒体上公开了多少条', h.facts, h.reports)!.answer).toMatch(
      /^[^；]*\*\*460余条\*\*[^；]*$/m,
    );
  });

  it("adds the parts up only when a total is asked in so many words, saying the sum is not the report's", () => {
    const z = of('001_36591a17fc2832bc.txt', 3);
    const a = factAnswer('各种渠道一共公开了多少条信息', z.facts, z.reports)!;
    expect(a.answer).toMatch(/^葛寨镇2020年的报告没有写明公开信息的总条数/);
    expect(a.answer).toContain('3项相加为 **214条**（38 + 160 + 16，由报告所写各项相加）');
    // Parts from different sentences may overlap: they are listed, not added up.
    expect(factAnswer('各种渠道一共公开了多少条信息', h.facts, h.reports)!.answer).not.toContain('相加');
  });

  it('takes the figure the report states as its total', () => {
    expect(factAnswer('一共发布了多少条信息', g.facts, g.reports)!.answer).toMatch(
      /^古城镇2023年：共发布各类信息 \*\*891条\*\*/,
    );
  });
});

describe('factAnswer: a ranking over prose figures', () => {
  const files = [
    '000_02e80cf19b94c8cc.txt',
    '001_36591a17fc2832bc.txt',
    '002_b99ae1cfb7712085.txt',
    '003_795117ff85927c6d.txt',
    '004_e51fc33f15234b62.txt',
  ] as const;
  const all = files.map((f, i) => of(f, i + 1));
  const facts = all.flatMap((x) => x.facts);
  const reports = new Map(all.flatMap((x) => [...x.reports]));

  it('ranks each report by the total it states; a report stating only parts is named, not ranked', () => {
    const a = factAnswer('哪个镇主动公开的信息条数最多', facts, reports)!;
    expect(a.answer).toMatch(/^5 个镇中，按报告正文所写的公开信息条数，古城镇2023年最多，为 \*\*891条\*\*/);
    expect(a.answer).toMatch(/葛寨镇2020年、花马池镇2021年的报告只写了分渠道的条数，没有总数，不参与比较/);
    expect(a.answer).not.toContain('460余条');
  });

  it('哪家多 ranks as 哪个多 does', () => {
    const two = facts.filter((f) => f.reportId === 4 || f.reportId === 5);
    expect(factAnswer('主动公开的信息哪家多？多多少条？', two, reports)!.answer).toMatch(
      /古城镇2023年最多[\s\S]*两者相差 \*\*820条\*\*（891 − 71）/,
    );
  });

  it('哪个…多 with no 多少 or 最 asks the ranking too', () => {
    const two = facts.filter((f) => f.reportId === 4 || f.reportId === 5);
    expect(factAnswer('这两个镇哪个主动公开的信息多', two, reports)!.answer).toMatch(
      /古城镇2023年最多，为 \*\*891条\*\*：\n1\. [^\n]+\n2\. /,
    );
  });

  it('a channel named ranks each report by its figure for that channel, with the gap asked', () => {
    const two = [all[0]!, all[3]!];
    const a = factAnswer(
      '微信公众号谁公开的信息多，多多少',
      two.flatMap((x) => x.facts),
      new Map(two.flatMap((x) => [...x.reports])),
    )!;
    expect(a.answer).toMatch(/花马池镇2021年最多，为 \*\*460余条\*\*/);
    expect(a.answer).toContain('**429条**');
    expect(a.answer).toContain('两者相差 **31条**');
  });
});

describe('bestFact: an amount of money asked', () => {
  const n = of('003_795117ff85927c6d.txt', 2);

  it('is never answered with a count', () => {
    expect(bestFact('政府信息公开工作经费是多少万元', n.facts, n.reports)).toBeNull();
  });
});

describe('factAnswer over several reports', () => {
  const all = (['000_02e80cf19b94c8cc.txt', '003_795117ff85927c6d.txt', '004_e51fc33f15234b62.txt'] as const).map(
    (f, i) => of(f, i + 1),
  );
  const facts = all.flatMap((x) => x.facts);
  const reports = new Map(all.flatMap((x) => [...x.reports]));

  it('"这几个镇…最多" ranks the towns: 几个 counts towns, it names no unit of the figure', () => {
    const a = factAnswer('这几个镇里谁主动公开的信息最多', facts, reports)!;
    expect(a.answer).toMatch(/古城镇2023年最多，为 \*\*891条\*\*/);
  });
});
