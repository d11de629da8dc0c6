import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../normalise.ts';
import { findSections } from '../sections.ts';
import { REAL_DIR } from '../test-support/gold.ts';
import { REAL_OTHER_DIR } from '../test-support/real-other.ts';
import { sampleRaw, type SampleFile } from '../test-support/samples.ts';
import { extractTables } from './extract.ts';

const tablesOf = (f: SampleFile, template: '2021' | '2019') => {
  const text = normaliseText(sampleRaw(f));
  const { cells, problems } = extractTables(text, template, findSections(text));
  return { text, problems, cell: (key: string) => cells.find((c) => c.key === key)!, cells };
};

describe('extractTables on the samples', () => {
  it('花马池镇 2021: 表二 行政处罚 1319 and 行政强制 1, each cell quoting its printed row', () => {
    const { text, cell, cells, problems } = tablesOf('000_02e80cf19b94c8cc.txt', '2021');
    expect(problems).toEqual([]);
    expect(cells).toHaveLength(200);
    expect(cell('t2.penalty.decisions')).toMatchObject({ value: 1319, raw: '1319', unit: '件', status: 'ok' });
    expect(cell('t2.coercion.decisions').value).toBe(1);
    const c = cell('t2.penalty.decisions');
    expect(text.slice(c.start!, c.end!)).toBe('行政处罚\t1319');
    expect(cell('t3.new.total').value).toBe(0);
  });

  it('南郊镇 2021, one value per line: 新收 4, 不掌握 2, 信访 1, 总计 3, 结转 1 (all from 自然人)', () => {
    const { text, cell } = tablesOf('003_795117ff85927c6d.txt', '2021');
    const v = (k: string) => cell(k).value;
    expect([v('t3.new.natural'), v('t3.new.total'), v('t3.new.commercial')]).toEqual([4, 4, 0]);
    expect(v('t3.unable_no_info.total')).toBe(2);
    expect(v('t3.noproc_petition.total')).toBe(1);
    expect(v('t3.total_processed.total')).toBe(3);
    expect(v('t3.carry_forward.total')).toBe(1);
    // The carry-forward row is read in 表三, not from the section 四 heading after it.
    expect(text.slice(cell('t3.carry_forward.total').start!, cell('t3.carry_forward.total').end!)).toMatch(
      /^四、结转下年度继续办理\n\t1\n/,
    );
    // 表四: fifteen zeros after its last 总计 header.
    expect(
      ['review', 'lit_direct', 'lit_after_review'].flatMap((b) =>
        ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => v(`t4.${b}.${c}`)),
      ),
    ).toEqual(Array(15).fill(0));
  });

  it('葛寨镇 2020 on the 2019 template: 表二 rows of that template', () => {
    const { cell, problems } = tablesOf('001_36591a17fc2832bc.txt', '2019');
    expect(problems).toEqual([]);
    // "行政处罚\t0\t0\t0" under 上一年项目数量 / 本年增/减 / 处理决定数量.
    expect(['prev_items', 'delta', 'decisions'].map((c) => cell(`t2.penalty.${c}`).value)).toEqual([0, 0, 0]);
    expect(cell('t2.reg.made')).toBeUndefined();
    expect(cell('t2.reg.new_made')).toMatchObject({ value: 0, status: 'ok' });
    expect(cell('t2.central_procurement.amount')).toMatchObject({ value: 0, unit: '元' });
  });

  it('the 平潭 2021 dump: glued digits recovered where the sums admit one reading', () => {
    const text = normaliseText(readFileSync(join(REAL_DIR, 'pingtan_2021_page.txt'), 'utf8'));
    const { cells } = extractTables(text, '2021', findSections(text));
    const v = (k: string) => cells.find((c) => c.key === k)!;
    // Hand-read gold (ingest/fixtures/gold-pingtan): 新收 64 0 0 2 0 4 70; 总计 63 0 0 2 0 4 69.
    expect(['natural', 'legal', 'other_org', 'total'].map((c) => v(`t3.new.${c}`).value)).toEqual([64, 0, 4, 70]);
    expect(v('t3.total_processed.total')).toMatchObject({ value: 69, status: 'recovered' });
    expect(v('t2.penalty.decisions').value).toBe(1282);
  });
});

describe('extractTables on a real table printed one cell a line with "|" lines (split s11)', () => {
  it('汉阳 区政府办公室 2022: 规章\'s blank 现行有效件数 read as blank, as the table\'s rows each close with one "|"', () => {
    const text = normaliseText(readFileSync(join(REAL_OTHER_DIR, 'hanyang_bgs_2022_page.txt'), 'utf8'));
    const { cells, problems } = extractTables(text, '2021', findSections(text));
    const v = (k: string) => cells.find((c) => c.key === k)!;
    expect(['made', 'repealed', 'valid'].map((c) => v(`t2.reg.${c}`).value)).toEqual([0, 0, null]);
    expect(v('t2.reg.valid').status).toBe('blank');
    expect(['made', 'repealed', 'valid'].map((c) => v(`t2.norm.${c}`).value)).toEqual([5, 12, 8]);
    expect(problems.filter((p) => p.table === 't2')).toEqual([]);
  });
});

describe('extractTables on broken input', () => {
  it('every canonical cell is present: a row not found is missing, with a problem', () => {
    const text = '三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n';
    const { cells, problems } = extractTables(text, '2021', findSections(text));
    expect(cells.find((c) => c.key === 't3.new.total')).toMatchObject({ value: 1, status: 'ok' });
    expect(cells.find((c) => c.key === 't3.carry_forward.total')).toMatchObject({
      value: null,
      raw: null,
      status: 'missing',
    });
    expect(problems).toContainEqual({
      table: 't3',
      row: 'carry_forward',
      message: 'row not found: 四、结转下年度继续办理',
    });
    expect(problems).toContainEqual({ table: 't4', message: '表四 values not found' });
    expect(cells.filter((c) => c.table === 't4').every((c) => c.status === 'missing')).toBe(true);
  });

  it('表四: a stray number on its own line beside the value row is not read into it', () => {
    const values = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0];
    const text = `四、政府信息公开行政复议、行政诉讼情况\n行政复议  行政诉讼\n1\n${values.join('  ')}\n`;
    const { cells, problems } = extractTables(text, '2021', findSections(text));
    expect(cells.filter((c) => c.table === 't4').map((c) => c.value)).toEqual(values);
    expect(problems.filter((p) => p.table === 't4')).toEqual([]);
  });
});
