import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutPage, layoutPages, type PdfPage, type PdfWord } from './pdf-layout.ts';

/** A word as a PDF prints it: 10-unit glyphs, each character about one glyph wide. */
function word(text: string, x: number, y: number, h = 10): PdfWord {
  const w = [...text].reduce((n, ch) => n + (/[\x20-\x7e]/.test(ch) ? 0.55 : 1) * h, 0);
  return { x0: x, x1: x + w, y0: y, y1: y + h, text };
}

const page = (words: PdfWord[]): PdfPage => ({ width: 595, height: 842, words });

describe('layoutPage', () => {
  it('orders words into lines by height and cells by wide gaps, whatever order they come in', () => {
    const words = [word('3', 300, 120), word('规章', 80, 100), word('1', 250, 100), word('0', 300, 100)];
    words.push(word('行政规范性文件', 80, 120), word('8', 250, 121));
    expect(layoutPage(page(words))).toBe('规章\t1\t0\n行政规范性文件\t8\t3');
  });

  it('keeps the space between words of a text layer, and none between OCR words of Chinese', () => {
    const words = [
      word('第二十条', 80, 100),
      word('第（一）项', 125, 100),
      word('2024', 80, 130),
      word('年', 108, 130),
    ];
    expect(layoutPage(page(words))).toBe('第二十条 第（一）项\n2024年');
    expect(layoutPage(page(words), true)).toBe('第二十条第（一）项\n2024年');
  });

  it('makes two numbers two cells however narrow the column', () => {
    const words = [word('72', 74, 662, 15), word('64', 101, 662, 15), word('178', 129, 662, 15)];
    expect(layoutPage(page(words))).toBe('72\t64\t178');
  });

  it('joins a row label wrapped in its cell onto the row, the values being at the middle', () => {
    const words = [
      word('（二）部分公开（区分处理的，只计这一情', 80, 100),
      word('447', 300, 107),
      word('7', 350, 107),
      word('形，不计其他情形）', 80, 114),
      word('1.属于国家秘密', 80, 134),
      word('2', 300, 134),
      word('0', 350, 134),
    ];
    expect(layoutPage(page(words))).toBe(
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t447\t7\n1.属于国家秘密\t2\t0',
    );
  });

  it('leaves a group label in a column of its own where it is', () => {
    const words = [word('（三）不', 40, 100), word('1.属于国家秘密', 100, 100), word('2', 300, 100)];
    words.push(word('予公开', 40, 114), word('2.其他', 100, 128), word('30', 300, 128));
    expect(layoutPage(page(words))).toBe('（三）不\t1.属于国家秘密\t2\n予公开\n2.其他\t30');
  });

  it('joins each wrapped label to the row it is centred on, not to a row above whose label wrapped too', () => {
    // Chromium's print of a 表三 block, as pdf.js reads it: row 1's label wraps around its values,
    // row 2's too, and row 2's value line holds the spanning group label's second line, not its own.
    const values = (y: number, v: string) => [330, 380, 430].map((x) => word(v, x, y + 1.5, 12));
    const words = [
      word('1.本机关不掌握相关政府信', 160, 100, 12),
      ...values(106, '1'),
      word('息', 160, 118, 12),
      word('（四）无法', 90, 134, 12),
      word('2.没有现成信息需要另行制', 160, 143, 12),
      word('提供', 90, 152, 12),
      ...values(149, '4'),
      word('作', 160, 161, 12),
      word('3.补正后申请内容仍不明确', 160, 184, 12),
      ...values(183, '0'),
    ];
    expect(layoutPage(page(words))).toBe(
      [
        '1.本机关不掌握相关政府信息\t1\t1\t1',
        '（四）无法',
        '提供\t2.没有现成信息需要另行制作\t4\t4\t4',
        '3.补正后申请内容仍不明确\t0\t0\t0',
      ].join('\n'),
    );
  });

  it('leaves a line of text as far from the row above as from the row below on its own', () => {
    const words = [word('1.属于国家秘密', 80, 100), word('2', 300, 100), word('说明文字', 80, 113)];
    words.push(word('2.其他', 80, 126), word('30', 300, 126));
    expect(layoutPage(page(words))).toBe('1.属于国家秘密\t2\n说明文字\n2.其他\t30');
    // Nearer one row, it is that row's.
    words[2] = word('说明文字', 80, 110);
    expect(layoutPage(page(words))).toBe('1.属于国家秘密说明文字\t2\n2.其他\t30');
  });

  it("joins a header's wrapped cells column by column, so the header ends right before the values", () => {
    const words = [
      word('结果', 74, 578, 8),
      word('结果', 101, 578, 8),
      word('维持', 74, 603, 8),
      word('纠正', 101, 603, 8),
      word('总计', 130, 591, 8),
      word('72', 74, 662, 8),
      word('64', 101, 662, 8),
      word('136', 130, 662, 8),
    ];
    expect(layoutPage(page(words))).toBe('结果维持\t结果纠正\t总计\n72\t64\t136');
  });

  it('drops page numbers, so a table runs on across the page break', () => {
    const p1 = page([word('1.属于国家秘密', 80, 700), word('2', 300, 700), word('- 4 -', 280, 800)]);
    const p2 = page([word('5', 300, 60), word('2.其他', 80, 90), word('30', 300, 90)]);
    expect(layoutPages([p1, p2])).toBe('1.属于国家秘密\t2\n2.其他\t30');
    // A number in the page's body stays.
    expect(layoutPages([page([word('5', 300, 400)])])).toBe('5');
  });

  it('prints an OCR number it could not confirm as "?" in a table cell, and keeps it in prose', () => {
    const words = [word('规章', 80, 100), { ...word('1', 250, 100), unsure: true }];
    words.push({ ...word('2024', 80, 130), unsure: true }, word('年报告', 110, 130));
    expect(layoutPage(page(words), true)).toBe('规章\t?\n2024年报告');
  });

  it('prints an unsure number run on to its row label as "?", in a table row only', () => {
    const words = [word('规范性文件', 80, 100), { ...word('5', 131, 100), unsure: true }, word('12', 250, 100)];
    words.push(word('收到申请', 80, 130), { ...word('3', 121, 130), unsure: true }, word('件', 128, 130));
    expect(layoutPage(page(words), true)).toBe('规范性文件?\t12\n收到申请3件');
  });

  it('joins no wrapped label across a table rule the reader saw', () => {
    const words = [word('规范性文件', 80, 100), word('0', 250, 100), word('第二十条第（五）项', 80, 113)];
    expect(layoutPage(page(words))).toBe('规范性文件第二十条第（五）项\t0');
    const rules = [{ x0: 70, x1: 400, y0: 111, y1: 112 }];
    expect(layoutPage({ ...page(words), rules })).toBe('规范性文件\t0\n第二十条第（五）项');
  });

  it('reads back any table of values drawn with jittered positions, cell for cell', () => {
    const table = fc.array(fc.array(fc.oneof(fc.nat(99999), fc.constant(-1)), { minLength: 2, maxLength: 7 }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(table, fc.double({ min: -1.5, max: 1.5, noNaN: true }), (rows, jitter) => {
        const cols = Math.max(...rows.map((r) => r.length));
        const grid = rows.map((r) => [...r, ...Array<number>(cols - r.length).fill(0)]);
        const words: PdfWord[] = [];
        grid.forEach((r, i) => {
          const y = 100 + i * 30;
          words.push(word(`${i + 1}.第${i + 1}行`, 60, y));
          r.forEach((v, j) => {
            words.push(word(v < 0 ? '/' : String(v), 200 + j * 50, y + jitter * (j % 2)));
          });
        });
        const want = grid.map((r, i) =>
          [`${i + 1}.第${i + 1}行`, ...r.map((v) => (v < 0 ? '/' : String(v)))].join('\t'),
        );
        expect(layoutPage(page(words.reverse()))).toBe(want.join('\n'));
      }),
    );
  });
});
