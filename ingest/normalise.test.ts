import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { SAMPLE_FILES, sampleRaw } from './test-support/samples.ts';

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
});
