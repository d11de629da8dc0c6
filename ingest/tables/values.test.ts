import { describe, expect, it } from 'vitest';
import { parseNumber, readRow, recoverGlued, tokenizeWindow, type RowCheck } from './values.ts';

/** 表三's row rule: the total column is the sum of the six applicant columns. */
const rowSum: RowCheck = (v) => v[6] === v.slice(0, 6).reduce((a, b) => a + b, 0);
const values = (window: string, n: number, check?: RowCheck) => readRow(window, n, check).cells.map((c) => c.value);

describe('readRow on windows as the samples print them', () => {
  it('a tab row (花马池镇 表三 新收): the fields after the label', () => {
    const r = readRow('\t\t0\t0\t0\t0\t0\t0\t0\t\n', 7);
    expect(r.cells.map((c) => [c.value, c.status])).toEqual(Array.from({ length: 7 }, () => [0, 'ok']));
    expect(r.problem).toBeUndefined();
  });

  it('one value per line (南郊镇 表三 新收: 4 0 0 0 0 0 4)', () => {
    expect(values('\n\t4\n\t0\n\t0\n\t0\n\t0\n\t0\n\t4\n\n\t', 7)).toEqual([4, 0, 0, 0, 0, 0, 4]);
  });

  it('a one-column 表二 row (花马池镇 行政处罚 1319) stops before the next label', () => {
    expect(values('\t1319\t\t\n', 1)).toEqual([1319]);
    expect(readRow('\t1\n第二十条第（八）项\t\t\t\n', 1).cells[0]).toEqual({ value: 1, raw: '1', status: 'ok' });
  });

  it('"/" "-" "无" and empty tab fields are blank: NULL, never 0', () => {
    const r = readRow('\t3\t/\t-\t无\t\t0\t3', 7);
    expect(r.cells.map((c) => c.value)).toEqual([3, null, null, null, null, 0, 3]);
    expect(r.cells.map((c) => c.status)).toEqual(['ok', 'blank', 'blank', 'blank', 'blank', 'ok', 'ok']);
  });

  it('one cell a line with the blank ones as empty lines (区统计局 2023 表三 新收: six "|" lines, then 总计 0)', () => {
    const r = readRow('\t\n\n\n\n\n\n0\n\n', 7);
    expect(r.cells.map((c) => c.value)).toEqual([null, null, null, null, null, null, 0]);
    expect(r.cells.map((c) => c.status)).toEqual([...Array(6).fill('blank'), 'ok']);
    // One line fewer or more than the columns, or two cells on a line: no way to place them.
    expect(readRow('\t\n\n\n\n\n0\n\n', 7).problem).toMatch(/not readable/);
    expect(readRow('\t\n\n\n\n\n\n\n0\n', 7).problem).toMatch(/not readable/);
    expect(readRow('\t\n\n\n\n\n\t\n0\n', 7).problem).toMatch(/not readable/);
  });

  it("one cell a line: as many empty lines as close the table's complete rows are set aside, one more is a blank", () => {
    // 规章 | 0 | 0 | | | in a table whose rows each close with one "|" line (split s11, 汉阳).
    const r = readRow('\t0\n0\n\n\n', 3, undefined, 1);
    expect(r.cells.map((c) => c.value)).toEqual([0, 0, null]);
    expect(r.cells.map((c) => c.status)).toEqual(['ok', 'ok', 'blank']);
    // Without the table's evidence of how rows close, the same lines are no reading.
    expect(readRow('\t0\n0\n\n\n', 3).problem).toMatch(/not readable/);
    // Two closers known: the two empty lines close the row, which is short of a value.
    expect(readRow('\t0\n0\n\n\n', 3, undefined, 2).problem).toMatch(/not readable/);
  });

  it('a tab row cut short of its trailing blanks (上海 2019 表四) is read when its sums hold', () => {
    const t4: RowCheck = (v) => [0, 5, 10].every((o) => v[o + 4] === v[o]! + v[o + 1]! + v[o + 2]! + v[o + 3]!);
    const r = readRow('\t5\t\t\t2\t7\t8\t\t\t1\t9\n', 15, t4);
    expect(r.cells.map((c) => c.value)).toEqual([5, null, null, 2, 7, 8, null, null, 1, 9, ...Array(5).fill(null)]);
    // Shifted by a lost leading cell, the sums fail; all zeros confirm nothing; no rule, no reading.
    expect(readRow('\t\t\t2\t7\t8\t\t\t1\t9\n', 15, t4).problem).toBeDefined();
    expect(readRow('\t0\t\t0\t0\n', 15, t4).problem).toBeDefined();
    expect(readRow('\t5\t\t\t2\t7\t8\t\t\t1\t9\n', 15).problem).toBeDefined();
  });

  it('a change in words reads as its signed number (减3 → -3, 增加2 → 2)', () => {
    expect(readRow('\t37\t减3\t1125\n', 3).cells.map((c) => c.value)).toEqual([37, -3, 1125]);
    expect(parseNumber('增加2')).toBe(2);
    expect(parseNumber('减少12')).toBe(-12);
  });

  it('more values than columns, or too few, are unparsed with the reason', () => {
    const over = readRow('\t1\t2\n\t3\t4', 3);
    expect(over.cells.every((c) => c.value === null && c.status === 'unparsed')).toBe(true);
    expect(over.problem).toBe('more values than the 3 columns');
    // Four values on the row's own line for three columns: none is taken.
    expect(readRow('\t1\t2\t3\t4', 3).cells.map((c) => c.status)).toEqual(['unparsed', 'unparsed', 'unparsed']);
    expect(readRow(' 1 2 ', 7).problem).toBe('2 values for 7 columns, not readable unambiguously');
    expect(readRow('\n（二）部分公开', 7).problem).toBe('no values after the row label');
  });
});

describe('glued digits of the 平潭 2021 crawler dump (corpus/real/pingtan_2021_page.txt)', () => {
  it('split in the one way the row sum admits, marked recovered', () => {
    // "本年新收政府信息公开申请数量640020470二、上年结转…": 64 0 0 2 0 4 70 by the hand-read gold.
    const r = readRow('640020470', 7, rowSum);
    expect(r.cells.map((c) => c.value)).toEqual([64, 0, 0, 2, 0, 4, 70]);
    expect(r.cells.every((c) => c.status === 'recovered')).toBe(true);
    expect(values('630020469', 7, rowSum)).toEqual([63, 0, 0, 2, 0, 4, 69]);
    expect(values('1000001 ', 7, rowSum)).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('without a rule to decide, several readings are candidates and the cells stay NULL', () => {
    const r = readRow('640020470', 7);
    expect(r.cells.every((c) => c.value === null)).toBe(true);
    expect(r.candidates === undefined || r.candidates.length > 1).toBe(true);
  });

  it('recoverGlued lists every reading the rule admits; no leading zeros', () => {
    const { lines } = tokenizeWindow('270020130');
    const readings = recoverGlued(lines.flat(), 7, rowSum).map((cells) => cells.map((c) => c.raw));
    expect(readings).toContainEqual(['27', '0', '0', '2', '0', '1', '30']);
    for (const r of readings) expect(r.every((x) => x === '0' || !x.startsWith('0'))).toBe(true);
  });
});

describe('tokenizeWindow', () => {
  it('stops at the first text that is not a value, and sees glued text', () => {
    expect(tokenizeWindow('\t0\t0\n（二）部分公开\t1').lines).toEqual([
      [{ kind: 'empty' }, { kind: 'num', raw: '0' }, { kind: 'num', raw: '0' }],
      [],
    ]);
    expect(tokenizeWindow('\t0\t0\n').glued).toBe(false);
    expect(tokenizeWindow('1282行政强制').glued).toBe(true);
    expect(tokenizeWindow('\t000121\t').glued).toBe(true);
  });

  it('keeps a unit on its number and splits a signed number run on ("35-15")', () => {
    expect(tokenizeWindow('12.5万元').lines[0]).toEqual([{ kind: 'num', raw: '12.5万元' }]);
    expect(tokenizeWindow('35-15').lines[0]).toEqual([
      { kind: 'num', raw: '35' },
      { kind: 'num', raw: '-15' },
    ]);
  });
});

describe('parseNumber', () => {
  it('reads separators, decimals and signs; nothing else', () => {
    expect(parseNumber('1,319')).toBe(1319);
    expect(parseNumber('12.5万元')).toBe(12.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('无')).toBeNull();
  });
});
