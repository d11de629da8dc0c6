import { describe, expect, it } from 'vitest';
import { infoOf, parsedSample, type SampleFile } from '../../ingest/test-support/samples.ts';
import type { FactRow, ReportInfo } from '../domain/ports.ts';
import { bestFact } from './facts.ts';

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
