import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { readSource } from './read/index.ts';
import { SAMPLE_FILES, type SampleFile, sampleRaw } from './test-support/samples.ts';

describe('normaliseText', () => {
  it('drops the word-processor bookmark and no-break spaces of the 南郊镇 sample', () => {
    const raw = sampleRaw('003_795117ff85927c6d.txt');
    expect(raw).toContain('[bookmark: _GoBack]2021年，我镇通过政府信息公开专栏');
    expect(raw).toContain('\u00a0');
    const text = normaliseText(raw);
    expect(text).not.toContain('[bookmark');
    expect(text).not.toContain('\u00a0');
    expect(text).toContain('（一）主动公开\n2021年，我镇通过政府信息公开专栏主动公开政府信息，共主动公开政府信息71条');
  });

  it('starts at the title: leading blank lines and the BOM go', () => {
    expect(sampleRaw('000_02e80cf19b94c8cc.txt').startsWith('\n\n')).toBe(true);
    expect(normaliseText(sampleRaw('000_02e80cf19b94c8cc.txt')).split('\n', 1)[0]).toBe(
      '盐池县花马池镇 2021年政府信息公开工作年度报告',
    );
    expect(normaliseText('\ufeff南郊镇2021年度政府信息公开工作年度报告')).toBe(
      '南郊镇2021年度政府信息公开工作年度报告',
    );
  });

  it('makes line ends, full-width digits and letters and odd spaces uniform; Chinese punctuation stays', () => {
    expect(normaliseText('共主动公开政府信息７１条，全文电子化率达１００％。\r\n（二）依申请公开\r其他')).toBe(
      '共主动公开政府信息71条，全文电子化率达100％。\n（二）依申请公开\n其他',
    );
    expect(normaliseText('通过ＰＤＦ、ｗｏｒｄ公开')).toBe('通过PDF、word公开');
    expect(normaliseText('导语\n\u3000\u3000一、总体情况')).toBe('导语\n  一、总体情况');
    expect(normaliseText('政务\u200b公\u2060开')).toBe('政务公开');
  });

  it('removes PDF page footers on their own line, not page words in prose', () => {
    const raw = [
      '一、总体情况',
      '- 3 -',
      '（一）主动公开',
      '—12—',
      '第 2 页 共 5 页',
      '第3页，共10页',
      '详见第3页表格。',
    ].join('\n');
    expect(normaliseText(raw)).toBe('一、总体情况\n\n（一）主动公开\n\n详见第3页表格。');
  });

  it("drops a mirror's pinyin glosses between Han characters, not bracketed words or letters", () => {
    const raw = readFileSync(new URL('./fixtures/real-other/guoguanju_2021_trad_page.txt', import.meta.url), 'utf8');
    expect(raw).toContain('國家機(jī)關(guān)事務(wù)管理局');
    const text = normaliseText(raw);
    expect(text).toContain('本年度報告由國家機關事務管理局根據');
    expect(text).not.toMatch(/[\u4e00-\u9fff][(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/);
    expect(normaliseText('通过政务微博(weibo)和网站(PC端)公开，占比(%)')).toBe(
      '通过政务微博(weibo)和网站(PC端)公开，占比(%)',
    );
  });

  it('trims line ends and keeps at most one blank line', () => {
    expect(normaliseText('二、主动公开政府信息情况   \n\n\n\n\n信息内容\t本年制发件数')).toBe(
      '二、主动公开政府信息情况\n\n信息内容\t本年制发件数',
    );
  });

  it('is idempotent on every sample (offsets into it stay valid after a re-run)', () => {
    for (const f of SAMPLE_FILES) {
      const once = normaliseText(sampleRaw(f));
      expect(normaliseText(once)).toBe(once);
      // Tabs carry table layout and are kept.
      expect(once).toContain('\t');
    }
  });

  it('is idempotent on the 淮安 PDF, whose lines are hard-wrapped', async () => {
    const text = normaliseText(await huaianRaw());
    expect(normaliseText(text)).toBe(text);
  });
});

/** Lines as the PDF reader yields them from corpus/real/huaian_2024_szfgs2024.pdf. */
async function huaianRaw(): Promise<string> {
  const file = fileURLToPath(new URL('../corpus/real/huaian_2024_szfgs2024.pdf', import.meta.url));
  return (await readSource(file, readFileSync(file))).raw;
}

describe('normaliseText joins lines broken inside a paragraph', () => {
  it("joins the 淮安 PDF's wrapped lines, across a page break and its footer", async () => {
    const raw = await huaianRaw();
    expect(raw).toContain('下一步，我市将着力加强政策解读质效，重\n点提升解读的针对性');
    // The reader drops the page footer ("- 6 -"), so the paragraph runs straight on.
    expect(raw).toContain('还有一些需要加强和改进的\n地方。');
    const text = normaliseText(raw);
    expect(text).toContain(
      '五、存在的主要问题及改进情况\n对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内容简单、形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。\n针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，',
    );
    // A wrapped line without a comma joins by its width; the title above it does not.
    expect(text).toContain(
      '2024 年政府信息公开工作年度报告\n本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）规定编制。',
    );
    // Headings, 第二十条 rows, table rows and the one-character cells of a vertical header stay lines.
    expect(text).toContain('一、总体情况\n2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，');
    expect(text).toContain('二、主动公开政府信息情况\n第二十条 第（一）项\n信息内容\t本年制发件数');
    expect(text).toContain('1.属于国家秘密\t2\t0\t0\t0\t0\t0\t2\n三、\n本\t2.其他法律行政法规禁止公开\t30');
    expect(text).toContain('\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n一、本年新收');
    expect(text).toContain('五、存在的主要问题及改进情况\n');
    expect(text).toContain('尚未审结7件。\n（三）政府信息管理情况。');
  });

  it("joins 花马池镇's 干|部 broken by a blank line, and nothing else but two more such breaks", () => {
    const raw = sampleRaw('000_02e80cf19b94c8cc.txt');
    expect(raw).toContain('部分镇村干\n\n部对政务公开工作认识不深');
    const text = normaliseText(raw);
    expect(text).toContain('部分镇村干部对政务公开工作认识不深');
    expect(text).toContain('危房改造、行政执法、法治政府建设等方面。');
    expect(text).toContain('一是加大监督考核力度。将政务公开工作纳入');
    // Every other line stays: 101 lines less the three joins of two line ends each.
    expect(text.split('\n')).toHaveLength(95);
  });

  it('keeps every line of the other samples: headings and their bodies, list items, table rows', () => {
    // As many lines as before reflowing: none of them breaks a paragraph.
    const lines = {
      '001_36591a17fc2832bc.txt': 108,
      '002_b99ae1cfb7712085.txt': 98,
      '003_795117ff85927c6d.txt': 414,
      '004_e51fc33f15234b62.txt': 98,
    };
    for (const [f, n] of Object.entries(lines))
      expect(normaliseText(sampleRaw(f as SampleFile)).split('\n'), f).toHaveLength(n);
    // A heading holding an enumeration comma is no prose line to continue.
    expect(normaliseText(sampleRaw('001_36591a17fc2832bc.txt'))).toContain(
      '（四）政府信息资源规范化、标准化管理情况\n\n认真贯彻落实',
    );
  });

  it('does not continue a line that ends a sentence, or into a heading, list item, table row or value', () => {
    const keep = [
      '主要表现在：\n一是政策解读质量仍需提升，',
      '存在以下问题，\n（一）宣传不够',
      '存在以下问题，\n(1) 宣传不够',
      '存在以下问题，\n1.宣传不够',
      '存在以下问题，\n二、主动公开政府信息情况',
      '严格落实条例，\n第二十条 第（一）项',
      '严格落实条例，\n信息内容\t本年制发件数',
      '部分公开（区分处理的，只计这一情\t447',
      '全年共受理申请，\n3119',
      '全年共受理申请，\n  新段落',
      '全年共受理申请，\n- 一项',
      '（一）主动公开\n2021年，我镇通过政府信息公开专栏',
      '共受理诉求 64 件。\n\n（五）监督保障方面。',
      '“互联网+政务服务”\n相关政策',
    ];
    for (const t of keep) expect(normaliseText(t), t).toBe(t);
    expect(normaliseText('全年共受理申请，答\n复3050件。')).toBe('全年共受理申请，答复3050件。');
    expect(normaliseText('政府信息公开，通过PDF or\nWord公开。')).toBe('政府信息公开，通过PDF or Word公开。');
  });
});
