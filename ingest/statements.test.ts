import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from './errors.ts';
import { statisticsYear } from './metadata.ts';
import { normaliseText } from './normalise.ts';
import { parseText } from './pipeline.ts';
import { headingSubject, selfLevel, statedOrg, statedYear } from './statements.ts';
import { REAL_META_B_DIR, REAL_META_DIR, realMetaCases } from './test-support/real-meta.ts';
import { REAL_OTHER_DIR } from './test-support/real-other.ts';
import { SAMPLE_FILES, sampleRaw } from './test-support/samples.ts';
import { findTitle } from './title.ts';

const read = (dir: string, file: string) => normaliseText(readFileSync(join(dir, file), 'utf8'));

describe('what a report with no title says of itself', () => {
  it('南平 2012 (no title line): the org its statements name, 2012年的南平市政府信息公开工作', () => {
    const r = parseText('nanping.txt', 'txt', read(REAL_OTHER_DIR, 'nanping_2012_page.txt'));
    expect(r).toMatchObject({ org: '南平市', level: '市', year: 2012, template: 'pre2019' });
  });

  it('中仓街道 2025 (no title, no statistics period): year and org from "2025年中仓街道积极推动…"', () => {
    const text = read(REAL_META_DIR, 'zhongcang_2025_page.txt');
    expect([findTitle(text), statisticsYear(text)]).toEqual([null, null]);
    expect(statedYear(text)).toBe(2025);
    // "中仓街道积极推动街道" reads as a name but the text writes it once: the name is 中仓街道.
    expect(statedOrg(text, 2025)).toBe('中仓街道');
  });

  it('a department named without its units takes the fuller name the text gives it (京山市卫生健康局)', () => {
    const text = read(REAL_META_B_DIR, 'jingshan_wjj_2022.txt');
    expect(statedOrg(text, 2022)).toBe('京山市卫生健康局');
  });

  it('agrees with the title on every report that has one: samples and hand-read hold-outs', () => {
    const texts = [
      ...SAMPLE_FILES.map((f) => normaliseText(sampleRaw(f))),
      ...realMetaCases().map((c) => read(REAL_META_DIR, c.file)),
      ...realMetaCases(REAL_META_B_DIR).map((c) => read(REAL_META_B_DIR, c.file)),
    ];
    let stated = 0;
    for (const text of texts) {
      const known = findTitle(text)?.year ?? statisticsYear(text);
      const year = statedYear(text);
      if (known === null || year === null) continue;
      stated++;
      expect(year, text.slice(0, 80)).toBe(known);
    }
    expect(stated).toBeGreaterThan(30);
  });

  const body = (...statements: string[]) =>
    `一、总体情况\n${statements.join('')}本机关不掌握相关政府信息的申请已答复。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n${'政府信息公开工作稳步推进。'.repeat(12)}`;

  it('a plan for the next year is no statement of the report year; 我局 names no org', () => {
    const text = body('2020 年，我局共主动公开信息12条。', '2021年，我局将进一步加强公开。');
    expect(statedYear(text)).toBe(2020);
    expect(statedOrg(text, 2020)).toBeNull();
    expect(selfLevel(text)).toBe('部门');
  });

  it('a clause that reads as a name but is written once is no org (2020年，在区政府…)', () => {
    expect(statedOrg(body('2020年，在区政府的指导下公开信息3条。', '2020年，我局完成。'), 2020)).toBeNull();
  });

  it('two years stated as often: no year, and the report is refused saying so', () => {
    const text = body('2019年，我镇公开信息5条。', '2020年，我镇公开信息6条。');
    expect(statedYear(text)).toBeNull();
    expect(() => parseText('x.txt', 'txt', text)).toThrow(IngestError);
    expect(() => parseText('x.txt', 'txt', text)).toThrow(/no report year/);
    expect(selfLevel(text)).toBe('乡镇/街道');
  });

  it("a cited document's title speaks for its sender: 《…我市行政机关…的通知》 tells no level (split s14)", () => {
    const hongqiao = readFileSync(join(REAL_OTHER_DIR, 'hongqiao_zwfw_2022_page.txt'), 'utf8');
    expect(selfLevel(normaliseText(hongqiao))).toBeNull();
    expect(selfLevel(body('根据《关于做好我市政务公开工作的通知》，2020年，我局公开信息5条。'))).toBe('部门');
  });

  it('本机关 in the template row labels and 本单位 tell no level', () => {
    expect(selfLevel(body('2020年，本单位公开信息5条。'))).toBeNull();
  });
});

describe('headingSubject', () => {
  it('names the org a section heading opens with, and nothing from a heading of the report’s own words', () => {
    expect(headingSubject('市发改局主动公开政府信息的情况:2022年,我局举办新闻发布会2次')).toBe('市发改局');
    expect(headingSubject('（二）古城镇收到和处理政府信息公开申请情况')).toBe('古城镇');
    expect(headingSubject('二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况')).toBeNull();
    expect(headingSubject('我局主动公开政府信息的情况')).toBeNull();
  });
});
