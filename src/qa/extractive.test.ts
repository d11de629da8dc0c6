import { describe, expect, it } from 'vitest';
import type { ReportInfo } from '../domain/ports.ts';
import { extractiveAnswer } from './extractive.ts';
import type { RankedPassage } from './search.ts';

const report: ReportInfo = {
  id: 1,
  file: 'x.txt',
  title: '某镇2023年政府信息公开工作年度报告',
  org: '某镇',
  aliases: [],
  region: null,
  level: '乡镇/街道',
  year: 2023,
  template: '2021',
  published: null,
};
const answerFor = (text: string, words: string[]) => {
  const passage: RankedPassage = {
    chunkId: 1,
    reportId: 1,
    section: '六、其他需要报告的事项',
    start: 0,
    end: text.length,
    text,
    score: 1,
    coverage: 1,
    lexicalRank: 1,
    vectorRank: null,
  };
  return extractiveAnswer([passage], { words, bigrams: [] }, new Map([[1, report]]), new Map([[1, text]]));
};

describe('extractive answers', () => {
  it('quote a clause split at a ； inside parentheses together with the rest of its parentheses', () => {
    const text =
      '1.本年度未收取信息处理费。\n2.如有疑问请与镇综合办公室联系（地址：开元大道与富平街交叉口东南角；电话：0953-2272375，邮箱：gcz@example.cn）。\n';
    const a = answerFor(text, ['疑问', '电话']);
    expect(a.citations[0]!.quote).toBe(
      '2.如有疑问请与镇综合办公室联系（地址：开元大道与富平街交叉口东南角；电话：0953-2272375，邮箱：gcz@example.cn）。',
    );
    expect(text.slice(a.citations[0]!.start, a.citations[0]!.end)).toBe(a.citations[0]!.quote);
  });

  it("quote a point's lead with the sentence it announces, not with the heading before it", () => {
    const text =
      '(三)政府信息管理情况。一是健全管理机制。做好规范性文件的动态管理,在制度层面使政府信息公开管理动态调整工作常态化。\n';
    const a = answerFor(text, ['管理', '做法']);
    expect(a.citations[0]!.quote).toBe(
      '一是健全管理机制。做好规范性文件的动态管理,在制度层面使政府信息公开管理动态调整工作常态化。',
    );
  });

  it('a heading a chunk ends with is quoted with its sentence from the next chunk, once', () => {
    const text = '3.信息发布。我局做好栏目维护工作。\n4.平台建设情况。平台由市政府办统一建设维护,我局及时更新。\n';
    const cut = text.indexOf('平台由');
    const passage = (chunkId: number, start: number, end: number): RankedPassage => ({
      chunkId,
      reportId: 1,
      section: '一、总体情况',
      start,
      end,
      text: text.slice(start, end),
      score: 1,
      coverage: 1,
      lexicalRank: chunkId,
      vectorRank: null,
    });
    const a = extractiveAnswer(
      [passage(1, 0, cut), passage(2, text.indexOf('4.'), text.length)],
      { words: ['平台', '建设', '维护'], bigrams: [] },
      new Map([[1, report]]),
      new Map([[1, text]]),
    );
    expect(a.citations[0]!.quote).toBe('4.平台建设情况。平台由市政府办统一建设维护,我局及时更新。');
    expect(a.citations.filter((c) => c.quote.startsWith('4.')).length).toBe(1);
  });

  it('quote how the report was made only when the question asks about the report', () => {
    const text =
      '本年度报告根据《中华人民共和国政府信息公开条例》要求，由武安镇人民政府编制。全文包括:总体情况、主动公开政府信息情况等。\n一是积极主动公开，发布新版《政府信息公开指南》。\n';
    expect(answerFor(text, ['政府信息公开', '工作']).citations.map((c) => c.quote)).toEqual([
      '一是积极主动公开，发布新版《政府信息公开指南》。',
    ]);
    expect(answerFor(text, ['报告', '编制']).citations[0]!.quote).toMatch(/^本年度报告根据/);
  });

  it("a point's lead a little longer than a short sentence is still quoted with what it announces", () => {
    const text =
      '一是健全制度措施，规范工作流程。2021年我镇修订完善了政务公开相关制度，配套建立了政务公开登记审查备案制度。\n';
    expect(answerFor(text, ['制度']).citations[0]!.quote).toBe(text.trim());
  });

  it("never quote a portal's breadcrumb", () => {
    const text =
      '政府信息公开 > 政府信息公开年度报告 > 年报专栏 > 乡镇 > 南漳县武安镇\n2020年，武安镇扎实推进政府信息公开工作。\n';
    const a = answerFor(text, ['政府信息公开', '工作']);
    expect(a.citations.map((c) => c.quote)).toEqual(['2020年，武安镇扎实推进政府信息公开工作。']);
  });

  it('keep clauses of a list split at ； apart when they are whole', () => {
    const text =
      '一是加强培训，提升工作人员的业务能力和编辑水平；二是完善制度，规范信息发布的审核流程和时限要求；三是强化监督，定期检查栏目更新情况。\n';
    const a = answerFor(text, ['培训']);
    expect(a.citations[0]!.quote).toBe('一是加强培训，提升工作人员的业务能力和编辑水平；');
  });

  it('lead with the best sentence, then the rest once each; the title is never a quote', () => {
    const text =
      '某镇2023年政府信息公开工作年度报告\n一是加强培训，提升工作人员的业务能力和编辑水平；二是完善制度，规范信息发布的审核流程和时限要求。\n';
    const a = answerFor(text, ['培训', '制度']);
    const [lead, ...rest] = a.answer.split('\n\n');
    expect(lead).toMatch(/^据某镇2023年的报告，.*\[1\]$/);
    expect(a.citations.every((c) => !c.quote.includes('年度报告'))).toBe(true);
    for (const c of a.citations) expect(a.answer.split(c.quote).length).toBe(2);
    expect(rest.join('\n')).not.toContain(a.citations[0]!.quote);
  });

  it('quote a sentence with the examples that follow it (如…等), not with a condition (如有…)', () => {
    const text =
      '我镇把干部群众关注、反映强烈的问题列为政务公开的重点。如财务收支、人事任免、殡葬改革、危房改造等。如有疑问请致电镇政府办公室。\n';
    const a = answerFor(text, ['列为', '重点']);
    expect(a.citations[0]!.quote).toBe(
      '我镇把干部群众关注、反映强烈的问题列为政务公开的重点。如财务收支、人事任免、殡葬改革、危房改造等。',
    );
  });
});
