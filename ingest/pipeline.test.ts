import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from './errors.ts';
import { parseReport, parseText, UNNAMED_WARNING, UNTITLED_WARNING } from './pipeline.ts';
import { REAL_META_DIR } from './test-support/real-meta.ts';
import { REAL_OTHER_DIR } from './test-support/real-other.ts';
import { parsedSample, SAMPLE_FILES, sampleRaw } from './test-support/samples.ts';

const real = (file: string) => readFileSync(join(REAL_META_DIR, file), 'utf8');
/** A page with no <table>: each line of the text a paragraph. */
const asParagraphs = (text: string) =>
  new TextEncoder().encode(
    `<html><body>${text
      .split('\n')
      .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
      .join('')}</body></html>`,
  );

describe('a report without the standard tables is a report', () => {
  const r = parseText('pingtan_2014_page.txt', 'txt', real('pingtan_2014_page.txt'));

  it('平潭 2014 (real, pre-2019): template pre2019, no cells, a warning saying why', () => {
    expect(r).toMatchObject({ org: '平潭综合实验区', year: 2014, template: 'pre2019', cells: [] });
    expect(r.warnings).toEqual([expect.stringMatching(/2014年报告早于2019年.*没有标准统计表/)]);
  });

  it('its text is read for sections and prose facts, so narrative questions work on it', () => {
    expect(r.sections.map((s) => s.title)).toContain('二、主动公开政府信息情况');
    const fact = r.facts.find((f) => f.value === 2543);
    expect(fact && r.text.slice(fact.sentenceStart, fact.sentenceEnd)).toMatch(/2014年主动公开政府信息/);
  });

  it('validation says the format is right for its year and does not ask for the six parts and three tables', () => {
    const rule = (id: string) => r.validation.find((v) => v.rule === id)?.status;
    expect([rule('G.R2'), rule('G.R3'), rule('G.R4')]).toEqual(['PASS', 'NA', 'PASS']);
    expect(r.validation.filter((v) => v.status === 'FAIL')).toEqual([]);
  });

  it('an HTML page without a <table> is read, not refused (平潭 2017, real text in paragraphs)', async () => {
    const page = await parseReport('pingtan_2017.html', asParagraphs(real('pingtan_2017_body.txt')));
    expect(page).toMatchObject({ org: '平潭综合实验区', year: 2017, template: 'pre2019', format: 'html' });
  });

  it('a sample whose tables are paragraphs, not <table>s, reads back the same cells', async () => {
    const file = SAMPLE_FILES[0];
    const page = await parseReport('sample.html', asParagraphs(sampleRaw(file)));
    const want = parsedSample(file).cells.map((c) => [c.key, c.value]);
    expect(page.cells.map((c) => [c.key, c.value])).toEqual(want);
  });
});

describe('a page that is not a report is still refused', () => {
  it('a letter filed among the reports (关于2014年…工作要点落实情况的函): no 年度报告 title, no report sections', async () => {
    const refusal = /not an annual report: no title with 年度报告 and none of the report sections/;
    expect(() => parseText('letter.txt', 'txt', real('pingtan_2014_letter_page.txt'))).toThrow(refusal);
    await expect(parseReport('letter.html', asParagraphs(real('pingtan_2014_letter_page.txt')))).rejects.toThrow(
      IngestError,
    );
    // A file name that reads as a report's title makes no letter a report.
    expect(() =>
      parseText('平潭综合实验区2014年政府信息公开工作年度报告.txt', 'txt', real('pingtan_2014_letter_page.txt')),
    ).toThrow(refusal);
  });
});

describe('a report without title or sections in reach that says so of itself (split s8)', () => {
  const other = (file: string) => readFileSync(join(REAL_OTHER_DIR, file), 'utf8');

  it('本年报…统计期限自2014年1月1日起: a report, its org the government its office wrote for (我区)', () => {
    expect(parseText('qinhuai_2014_page.txt', 'txt', other('qinhuai_2014_page.txt'))).toMatchObject({
      org: '秦淮区',
      level: '县区',
      year: 2014,
      template: 'pre2019',
    });
    expect(parseText('guangzhou_2012_trad_page.txt', 'txt', other('guangzhou_2012_trad_page.txt'))).toMatchObject({
      org: '广州市',
      year: 2012,
      template: 'pre2019',
    });
  });
});

describe('prose is no table (split s10)', () => {
  it('a report with no table reads no cell from figures in its sentences (办理行政许可21件, 不予行政处罚案件1件)', () => {
    const r = parseText(
      'huarong_sthj_2024_page.txt',
      'txt',
      readFileSync(join(REAL_OTHER_DIR, 'huarong_sthj_2024_page.txt'), 'utf8'),
    );
    expect(r.cells.filter((c) => c.value !== null)).toEqual([]);
    // The figures stay the prose's, for questions about them.
    expect(r.facts.some((f) => f.value === 21)).toBe(true);
  });
});

describe('a report without a title line', () => {
  it('is called by its org and year, said so, not by its opening paragraph (本报告是根据…)', () => {
    const file = 'anqing_zsj_2021_page.txt';
    const r = parseText(file, 'txt', readFileSync(join(REAL_OTHER_DIR, file), 'utf8'));
    expect(r.title).toBe('安庆市招商中心2021年政府信息公开工作年度报告');
    expect(r.warnings).toContain(UNTITLED_WARNING);
  });

  it('keeps a title it has', () => {
    const file = 'dingzhou_fgj_2022_page.txt';
    const r = parseText(file, 'txt', readFileSync(join(REAL_OTHER_DIR, file), 'utf8'));
    expect(r.warnings).not.toContain(UNTITLED_WARNING);
  });
});

describe('a report that names no org', () => {
  const other = (file: string) => readFileSync(join(REAL_OTHER_DIR, file), 'utf8');

  it('is a report of org null with a warning: its text, sections, facts and cells are read (real, 我局 only)', () => {
    const r = parseText('dsz_jgsw_2021_page.txt', 'txt', other('dsz_jgsw_2021_page.txt'));
    expect(r).toMatchObject({ org: null, region: null, level: '部门', year: 2021, template: '2021' });
    expect(r.warnings).toContain(UNNAMED_WARNING);
    expect(r.sections.map((s) => s.num)).toEqual(expect.arrayContaining(['一', '二', '三']));
    expect(r.facts.some((f) => f.value === 28)).toBe(true);
    expect(r.cells.filter((c) => c.value !== null).length).toBeGreaterThan(0);
  });

  it('a titleless report before 2019 laid out in its topics is a report too (real, traditional mirror)', () => {
    const r = parseText('c3e5_2010_trad_page.txt', 'txt', other('c3e5_2010_trad_page.txt'));
    expect(r).toMatchObject({ org: null, year: 2010, template: 'pre2019', cells: [] });
    expect(r.warnings).toContain(UNNAMED_WARNING);
    expect(r.facts.some((f) => f.value === 2070)).toBe(true);
  });

  it('a report that names its org has no such warning', () => {
    expect(parseText('shenji.txt', 'txt', other('shenji_2020_page9.txt')).warnings).not.toContain(UNNAMED_WARNING);
  });

  it('parses with org null; a 街 is a township unit', () => {
    const body = '一、总体情况\n本年度政府信息公开工作有序开展，主动公开政府信息若干条。\n'.repeat(8);
    const parse = (title: string) => parseText('x.txt', 'txt', `${title}\n${body}`);
    expect(parse('2021年政府信息公开工作年度报告')).toMatchObject({ org: null, year: 2021 });
    expect(parse('佳荣里街2021年政府信息公开工作年度报告')).toMatchObject({ org: '佳荣里街', level: '乡镇/街道' });
  });
});
