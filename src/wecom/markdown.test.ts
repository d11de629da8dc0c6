import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../domain/types.ts';
import { APP_LIMIT_BYTES, STREAM_LIMIT_BYTES, renderAnswer, reportList, toPlainText, utf8Length } from './markdown.ts';
import { disclosureAnswer, penaltyAnswer } from './test-answers.ts';

const bytes = (text: string) => new TextEncoder().encode(text).length;
const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text)) === text;
const base = 'https://qa.example.cn/';

describe('renderAnswer', () => {
  it('puts a cell citation as its table cell under the answer', () => {
    expect(
      renderAnswer(penaltyAnswer, {
        question: '花马池镇2021年行政处罚多少件？',
        limitBytes: APP_LIMIT_BYTES,
        publicBaseUrl: base,
      }),
    ).toBe(
      '盐池县花马池镇2021年作出行政处罚决定 **1319** 件[1]。\n\n**来源**\n' +
        '[1] 盐池县花马池镇 2021年政府信息公开工作年度报告 · 表二 行政处罚 / 本年处理决定数量：1319件',
    );
  });

  it('numbers passage citations by report title and section, without a link when nothing was cut', () => {
    const text = renderAnswer(disclosureAnswer, {
      question: '葛寨镇2020年主动公开了什么？',
      limitBytes: APP_LIMIT_BYTES,
      publicBaseUrl: base,
    });
    expect(text.split('\n').slice(-3)).toEqual([
      '**来源**',
      '[1] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （二）主动公开情况',
      '[2] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （五）政府信息公开平台建设情况',
    ]);
    expect(text).not.toContain('查看完整回答');
  });

  it('shows a blank cell as blank, not as 0', () => {
    const blank: Answer = {
      ...penaltyAnswer,
      citations: [{ ...penaltyAnswer.citations[0]!, cell: { ...penaltyAnswer.citations[0]!.cell!, value: null } }],
    };
    expect(renderAnswer(blank, { question: 'q', limitBytes: APP_LIMIT_BYTES })).toContain('本年处理决定数量：（空）');
  });

  it('shortens a long answer to the byte limit, keeps the sources and links to the full answer', () => {
    const long: Answer = { ...disclosureAnswer, answer: `${'葛寨镇坚持以公开为常态、不公开为例外。'.repeat(200)}结尾` };
    const question = '葛寨镇 2020 年政务公开做了什么？';
    const text = renderAnswer(long, { question, limitBytes: APP_LIMIT_BYTES, publicBaseUrl: base });
    expect(bytes(text)).toBeLessThanOrEqual(APP_LIMIT_BYTES);
    expect(bytes(text)).toBeGreaterThan(APP_LIMIT_BYTES * 0.6);
    expect(text).toMatch(/为例外。……\n\n\*\*来源\*\*\n\[1\] /);
    expect(text).not.toContain('结尾');
    expect(text).toContain('[2] 葛寨镇人民政府2020年政府信息公开工作年度报告');
    expect(text.endsWith(`[查看完整回答](https://qa.example.cn/?q=${encodeURIComponent(question)})`)).toBe(true);
  });

  it('lists only as many sources as fit, saying how many there are', () => {
    const citations: Citation[] = Array.from({ length: 40 }, (_, i) => ({
      ...disclosureAnswer.citations[0]!,
      section: `${disclosureAnswer.citations[0]!.section} 第${i + 1}段`,
      n: i + 1,
    }));
    const text = renderAnswer({ ...disclosureAnswer, citations }, { question: 'q', limitBytes: APP_LIMIT_BYTES });
    expect(bytes(text)).toBeLessThanOrEqual(APP_LIMIT_BYTES);
    expect(text).toContain('[1] 葛寨镇');
    expect(text).not.toContain('[40] ');
    expect(text.endsWith('等 40 条')).toBe(true);
    expect(text).toContain('乡镇动态38件');
  });

  it('gives a long list answer its lead whole and each point’s first sentence, sources of one section on one line', () => {
    const point = (i: number) =>
      `${i}. ${'一二三四五六七八'[i - 1]}是加强第${i}项工作。${'进一步细化责任分工，定期督促检查，确保各项任务落到实处。'.repeat(6)} [${i}]`;
    const answer: Answer = {
      ...disclosureAnswer,
      answer: `某镇2023年的报告列出8项改进措施：甲；乙；丙；丁；戊；己；庚；辛。\n\n**改进措施**\n\n${[1, 2, 3, 4, 5, 6, 7, 8].map(point).join('\n')}`,
      citations: Array.from({ length: 8 }, (_, i) => ({
        ...disclosureAnswer.citations[0]!,
        section: '五、存在的主要问题及改进情况',
        n: i + 1,
      })),
    };
    const text = renderAnswer(answer, { question: 'q', limitBytes: APP_LIMIT_BYTES });
    expect(bytes(text)).toBeLessThanOrEqual(APP_LIMIT_BYTES);
    expect(text.startsWith('某镇2023年的报告列出8项改进措施：甲；乙；丙；丁；戊；己；庚；辛。')).toBe(true);
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8]) expect(text).toContain(`是加强第${i}项工作。… [${i}]`);
    expect(text).toContain(
      '[1][2][3][4][5][6][7][8] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 五、存在的主要问题及改进情况',
    );
    expect(text).not.toContain('……');
  });

  it('never exceeds the limit nor splits a character, whatever the text', () => {
    const citation = fc.record({
      title: fc.string({ unit: 'binary', maxLength: 80 }),
      section: fc.string({ maxLength: 80 }),
    });
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 12_000 }),
        fc.array(citation, { maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom(APP_LIMIT_BYTES, STREAM_LIMIT_BYTES),
        (body, cites, question, limitBytes) => {
          const answer: Answer = {
            ...disclosureAnswer,
            answer: body,
            citations: cites.map((c, i) => ({ ...disclosureAnswer.citations[0]!, ...c, n: i + 1 })),
          };
          const text = renderAnswer(answer, { question, limitBytes, publicBaseUrl: base });
          expect(bytes(text)).toBeLessThanOrEqual(limitBytes);
          expect(wellFormed(text)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

it('utf8Length counts what TextEncoder writes', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => utf8Length(text) === bytes(text)));
});

it('toPlainText drops markdown marks and spells links out for the passive text reply', () => {
  expect(toPlainText('作出 **1319** 件\n## 标题\n`代码`\n[查看完整回答](https://qa.example.cn/?q=%E4%BD%A0)')).toBe(
    '作出 1319 件\n标题\n代码\n查看完整回答：https://qa.example.cn/?q=%E4%BD%A0',
  );
});

describe('reportList', () => {
  it('names a report by org and year when both are known, else by its title', () => {
    expect(
      reportList(
        {
          total: 2,
          reports: [
            { title: '盐池县花马池镇 2021年政府信息公开工作年度报告', org: '盐池县花马池镇', year: 2021 },
            { title: '南郊镇2021年度政府信息公开工作年度报告', org: null, year: 2021 },
          ],
        },
        APP_LIMIT_BYTES,
      ),
    ).toBe('已收录 2 份报告：\n1. 盐池县花马池镇 2021年\n2. 南郊镇2021年度政府信息公开工作年度报告');
  });

  it('stops within the limit and says how many are left', () => {
    const reports = Array.from({ length: 500 }, (_, i) => ({ title: `t${i}`, org: `第${i}镇`, year: 2000 + (i % 25) }));
    const text = reportList({ total: 500, reports }, APP_LIMIT_BYTES);
    expect(bytes(text)).toBeLessThanOrEqual(APP_LIMIT_BYTES);
    const shown = text.split('\n').filter((line) => /^\d+\. /.test(line)).length;
    expect(text.endsWith(`……另有 ${500 - shown} 份`)).toBe(true);
  });

  it('counts the whole corpus when the listing is a page of it', () => {
    const reports = [{ title: 't', org: '花马池镇', year: 2021 }];
    expect(reportList({ total: 12_000, reports }, APP_LIMIT_BYTES)).toBe(
      '已收录 12000 份报告：\n1. 花马池镇 2021年\n……另有 11999 份',
    );
  });

  it('says so when there is none', () => {
    expect(reportList({ total: 0, reports: [] }, APP_LIMIT_BYTES)).toBe('还没有收录任何报告。');
  });
});
