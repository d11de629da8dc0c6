import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOutline, findSections, isReportOutline } from './sections.ts';
import { REAL_META_DIR } from './test-support/real-meta.ts';
import { REAL_OTHER_DIR } from './test-support/real-other.ts';
import { toSimplifiedScript } from '../src/domain/script.ts';
import { sampleRaw, type SampleFile } from './test-support/samples.ts';

const read = (f: SampleFile) => {
  const text = normaliseText(sampleRaw(f));
  return { text, sections: findSections(text) };
};

describe('findSections on the samples', () => {
  it('南郊镇: the six headings in order, each starting where its title stands, ending where the next begins', () => {
    const { text, sections } = read('003_795117ff85927c6d.txt');
    const top = sections.filter((s) => s.depth === 1);
    expect(top.map((s) => s.title)).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    for (const [i, s] of top.entries()) {
      expect(text.slice(s.start, s.start + s.title.length)).toBe(s.title);
      expect(s.end).toBe(top[i + 1]?.start ?? text.length);
    }
  });

  it('"四、结转下年度继续办理" inside 表三 is not taken for section 四', () => {
    const { text, sections } = read('003_795117ff85927c6d.txt');
    const three = sections.find((s) => s.num === '三')!;
    const four = sections.find((s) => s.num === '四')!;
    const row = text.indexOf('四、结转下年度继续办理');
    expect(row).toBeGreaterThan(three.start);
    expect(row).toBeLessThan(three.end);
    expect(four.start).toBeGreaterThan(row);
  });

  it('（一）…（五） under 一 become subsections with paths; the tables 二/三/四 get none', () => {
    const { text, sections } = read('003_795117ff85927c6d.txt');
    const subs = sections.filter((s) => s.depth === 2 && s.num.startsWith('一.'));
    expect(subs.map((s) => s.title)).toEqual([
      '（一）主动公开',
      '（二）依申请公开',
      '（三）政府信息管理情况',
      '（四）加强政务公开平台建设',
      '（五）监督保障',
    ]);
    expect(subs[0]!.path).toBe('一、总体情况 > （一）主动公开');
    expect(text.slice(subs[1]!.start, subs[1]!.end)).toContain('共接到依申请公开办件4件，按要求答复3件');
    // Subsections tile their parent's body up to its end.
    expect(subs.at(-1)!.end).toBe(sections.find((s) => s.num === '一')!.end);
    expect(sections.filter((s) => s.depth === 2 && /^[二三四]\./.test(s.num))).toEqual([]);
  });

  it('花马池镇: a subsection title stops at its first full stop; 五 has its own （一）…（三）', () => {
    const { sections } = read('000_02e80cf19b94c8cc.txt');
    expect(sections.filter((s) => s.num.startsWith('一.')).map((s) => s.title)).toEqual([
      '（一）主动公开方面',
      '（二）依申请公开方面',
      '（三）政府信息管理方面',
      '（四）平台建设方面',
      '（五）监督保障方面',
    ]);
    expect(sections.filter((s) => s.num.startsWith('五.')).map((s) => s.title)).toEqual([
      '（一）加大培训力度，加强宣传教育',
      '（二）加强组织领导，完善公开机制',
      '（三）细化公开内容，提高公开水平',
    ]);
  });
});

describe('findSections on other layouts', () => {
  it('headings are searched after the previous one: a heading quoted in the preamble is not taken', () => {
    const text =
      '导语：收到的申请见下文“三、收到和处理政府信息公开申请情况”。\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n表';
    const [one, three] = findSections(text);
    expect(one!.num).toBe('一');
    expect(three).toMatchObject({ num: '三', start: text.lastIndexOf('三、收到') });
  });

  it('a missing section is skipped, the others still found', () => {
    const text =
      '一、总体情况\n正文。\n二、主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n表\n六、其他需要报告的事项\n无。';
    expect(findSections(text).map((s) => s.num)).toEqual(['一', '二', '三', '六']);
  });

  it('a heading run into its body keeps only the heading words', () => {
    const text = '一、总体情况。2021年，我镇认真贯彻落实《条例》。\n六、其他需要报告的事项\n无。';
    const one = findSections(text)[0]!;
    expect(one.title).toBe('一、总体情况');
  });

  it('subsections are taken only in order: a stray （三） before （一） is not one', () => {
    const text = '五、存在的主要问题及改进情况\n见（三）项所述。\n（一）培训不足。\n（二）机制不全。';
    const subs = findSections(text).filter((s) => s.depth === 2);
    expect(subs.map((s) => s.num)).toEqual(['五.（一）', '五.（二）']);
  });
});

describe('isReportOutline', () => {
  const outline = (path: string) => {
    const text = normaliseText(readFileSync(path, 'utf8'));
    return findOutline(toSimplifiedScript(text)?.simplified ?? text);
  };

  it("a report before 2019 with no title: its headings name the report's topics (real, 2010)", () => {
    const o = outline(join(REAL_OTHER_DIR, 'c3e5_2010_trad_page.txt'));
    expect(o.filter((s) => s.depth === 1).map((s) => s.title)).toContain('六、行政复议和行政诉讼情况');
    expect(isReportOutline(o)).toBe(true);
  });

  it('a letter filed among the reports is no report, numbered headings or not (real)', () => {
    expect(isReportOutline(outline(join(REAL_META_DIR, 'pingtan_2014_letter_page.txt')))).toBe(false);
  });

  it('nor is a 公开指南: its headings name the topics but no problems to improve', () => {
    const guide = ['一、主动公开', '二、依申请公开', '三、收费标准', '四、监督和救济（行政复议、行政诉讼）']
      .map((h) => `${h}\n本机关依照条例办理，具体办法见下文说明。`)
      .join('\n');
    expect(findOutline(guide).filter((s) => s.depth === 1)).toHaveLength(4);
    expect(isReportOutline(findOutline(guide))).toBe(false);
    expect(isReportOutline(findOutline(`${guide}\n五、存在的主要问题和改进措施\n无。`))).toBe(true);
  });
});
