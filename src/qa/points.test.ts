import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport, parseText } from '../../ingest/pipeline.ts';
import type { ParsedReport } from '../domain/types.ts';
import { partsAsked, pointsAnswer, reportPoints } from './points.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const sample = (name: string) => parseText(name, 'txt', readFileSync(join(ROOT, 'corpus', 'samples', name), 'utf8'));

/** Per report, a phrase of each point in order, as read by hand from section 五. */
const GOLD: [string, () => ParsedReport | Promise<ParsedReport>, string[], string[]][] = [
  [
    '花马池镇: 一是…三是 problems, （一）…（三） measures after "今后…改进："',
    () => sample('000_02e80cf19b94c8cc.txt'),
    ['宣传教育力度不够', '队伍建设还需加强', '机制有待健全完善'],
    ['加大培训力度', '完善公开机制', '细化公开内容'],
  ],
  [
    '葛寨镇: parts as subsections (一) 存在的主要问题 (二) 改进措施情况',
    () => sample('001_36591a17fc2832bc.txt'),
    ['公开的数量不够', '机关人员流动大'],
    ['强化组织领导', '强化信息整理', '业务培训'],
  ],
  [
    '花庄镇: problems as clauses after a colon, measures 一是…三是 in one paragraph',
    () => sample('002_b99ae1cfb7712085.txt'),
    ['质量有待提升', '专业能力尚需加强', '整合不够优化'],
    ['健全审核体系', '专项培训', '主动对接'],
  ],
  [
    '南郊镇: two runs of 一是 in two paragraphs, told apart by the words before them',
    () => sample('003_795117ff85927c6d.txt'),
    ['内容有待进一步充实', '途径较单一', '工作机制'],
    ['加大培训力度', '明确工作分工', '完善政府信息公开机制', '发布渠道'],
  ],
  [
    '古城镇: 一是 inline under （一）, on lines of their own under （二）',
    () => sample('004_e51fc33f15234b62.txt'),
    ['意识不到位', '专业化水平', '关注度较低'],
    ['领导和监督', '工作人员的培训', '宣传活动'],
  ],
  [
    '淮安市 (PDF): measures a paragraph of clauses without markers',
    async () =>
      parseReport(
        'huaian_2024_szfgs2024.pdf',
        new Uint8Array(readFileSync(join(ROOT, 'corpus', 'real', 'huaian_2024_szfgs2024.pdf'))),
      ),
    ['政策解读质量仍需提升', '队伍建设还需进一步加强'],
    ['政策解读质效', '传帮带'],
  ],
];

describe('problems and measures read from the report’s own enumeration', () => {
  for (const [name, load, problems, measures] of GOLD)
    it(name, async () => {
      const r = await load();
      const points = reportPoints(r.text, r.sections);
      const said = (part: string) => points.filter((p) => p.part === part).map((p) => r.text.slice(p.start, p.end));
      expect(said('problems')).toHaveLength(problems.length);
      expect(said('measures')).toHaveLength(measures.length);
      expect(said('problems').map((t, i) => t.includes(problems[i]!))).toEqual(problems.map(() => true));
      expect(said('measures').map((t, i) => t.includes(measures[i]!))).toEqual(measures.map(() => true));
      // No point is a heading alone or the sentence that only announces the list.
      for (const p of points) expect(r.text.slice(p.start, p.end)).not.toMatch(/[：:]$|^[(（][一二三][)）]\s*存在/);
    });
});

describe('which part a question asks for', () => {
  it('tells problems, measures and both apart, and leaves other questions alone', () => {
    expect(partsAsked('存在哪些不足')).toEqual(['problems']);
    expect(partsAsked('下一步打算怎么改进')).toEqual(['measures']);
    expect(partsAsked('针对政策解读的问题打算怎么办')).toEqual(['measures']);
    expect(partsAsked('问题和改进措施分别是什么')).toEqual(['problems', 'measures']);
    expect(partsAsked('有哪些措施')).toEqual(['measures']);
    expect(partsAsked('监督保障方面有什么措施')).toEqual([]);
    expect(partsAsked('依申请公开是怎么办理的')).toEqual([]);
    expect(partsAsked('存在问题的申请有多少件')).toEqual([]);
    expect(partsAsked('葛寨镇2020年政府信息公开工作自己查出了哪些问题')).toEqual(['problems']);
    expect(partsAsked('自查发现了什么问题，打算怎么改')).toEqual(['problems', 'measures']);
    expect(partsAsked('哪些地方做得不够')).toEqual(['problems']);
    expect(partsAsked('栏目检查把哪些问题列为重点')).toEqual([]);
  });
});

describe('the answer', () => {
  it('leads with the points named, then quotes each once, cited', async () => {
    const r = sample('003_795117ff85927c6d.txt');
    const store = { reportText: async () => r.text, sections: async () => r.sections };
    const info = { ...r, id: 7, file: r.file };
    const a = (await pointsAnswer('存在哪些不足', [info], store))!;
    const [lead] = a.answer.split('\n\n');
    expect(lead).toMatch(/^南郊镇2021年的报告列出3项问题：信息公开的内容有待进一步充实；/);
    expect(a.citations.map((c) => c.quote)).toHaveLength(3);
    for (const c of a.citations) {
      expect(r.text.slice(c.start, c.end)).toBe(c.quote);
      expect(a.answer.split(c.quote.replace(/\s*\n\s*/g, '')).length).toBe(2);
    }
    expect(a.answer).not.toContain('加大培训力度');
  });
});
