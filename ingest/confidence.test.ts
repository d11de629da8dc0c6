import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../src/domain/types.ts';
import { ocrMarks, ruleDoubts } from './confidence.ts';
import { parseText } from './pipeline.ts';
import { REAL_LAYOUTS_DIR } from './test-support/real-layouts.ts';
import { SAMPLE_FILES, sampleRaw } from './test-support/samples.ts';

const fixture = (file: string) => readFileSync(join(REAL_LAYOUTS_DIR, file), 'utf8');

describe('ocrMarks: whether a text shows OCR in its tables', () => {
  const marks = (file: string, raw: string) => {
    const r = parseText(file, 'txt', raw);
    return ocrMarks(r.text, r.sections);
  };

  it('none in text that came from a text layer, a web page or markdown', () => {
    for (const f of SAMPLE_FILES) expect(marks(f, sampleRaw(f))).toBe(0);
    for (const f of ['pdftotext-layout/huaian_2024.txt', 'pdftotext-raw/huaian_2024.txt', 'markdown/huaian_2024.md'])
      expect(marks(f, fixture(f))).toBe(0);
  });

  it('several in tesseract output of the same report', () => {
    expect(marks('ocr.txt', fixture('ocr/huaian_2024.txt'))).toBeGreaterThanOrEqual(3);
  });
});

describe('ruleDoubts: a number a table rule may have run into', () => {
  const line = '72 |64 |178 137 1351';
  const cell = (k: number, raw: string): Cell => ({
    key: `t4.review.${k}`,
    table: 't4',
    row: 'review',
    col: String(k),
    value: Number(raw),
    raw,
    unit: '件',
    status: 'ok',
    start: 0,
    end: line.length,
  });
  const cells = line.split(/\s*\|?\s+\|?/).map((raw, k) => cell(k, raw));

  it('a 1 at an end of a number with no rule printed there, on a line that prints rules', () => {
    const d = ruleDoubts(line, cells);
    expect([...d.keys()].sort()).toEqual(['t4.review.3', 't4.review.4']);
    expect(d.get('t4.review.3')?.readings).toEqual([37]);
    expect(d.get('t4.review.4')?.readings).toEqual([351, 135]);
  });

  it('no doubt where the line prints no rules', () => {
    expect(ruleDoubts(line.replace(/\|/g, ' '), cells).size).toBe(0);
  });
});

describe('a misread number is NULL with a FAIL naming its row, or recovered, never kept', () => {
  const r = parseText('ocr.txt', 'txt', fixture('ocr/huaian_2024.txt'));
  const cell = (k: string) => r.cells.find((c) => c.key === k)!;

  it('OCR text: a total the parts contradict (34 read as 3) is NULL, its row named in an unparsed FAIL', () => {
    expect(cell('t3.carried_over.total')).toMatchObject({ value: null, status: 'unparsed' });
    expect(cell('t3.carried_over.natural').value).toBe(34);
    const fail = r.validation.find((v) => v.rule === 'unparsed' && v.cells.includes('t3.carried_over.total'));
    expect(fail?.message).toContain('二、上年结转政府信息公开申请数量');
  });

  it('rules read as 1 (|37 as 137) are dropped when exactly that reading makes the block add up', () => {
    expect(['pending', 'total'].map((c) => cell(`t4.review.${c}`).value)).toEqual([37, 351]);
    expect(r.validation.find((v) => v.rule === 'T4.R1')?.status).toBe('PASS');
  });

  it('OCR text: a number no rule can check (表二) is not trusted', () => {
    expect(cell('t2.penalty.decisions')).toMatchObject({ value: null, status: 'unparsed' });
    expect(r.ocr).toBe(true);
  });

  it('checked OCR (each number read twice alike): 表二 stands, a total the parts contradict does not', () => {
    const checked = parseText('ocr.txt', 'txt', fixture('ocr/huaian_2024.txt'), { ocr: true, checked: true });
    const got = (k: string) => checked.cells.find((c) => c.key === k)!;
    expect(got('t2.penalty.decisions')).toMatchObject({ value: 3985758, status: 'ocr' });
    expect(got('t3.carried_over.total')).toMatchObject({ value: null, status: 'unparsed' });
    expect(checked.ocr).toBe(true);
  });

  it('a clean text keeps a printed total that contradicts its parts, with the FAIL', () => {
    const raw = fixture('pdftotext-layout/huaian_2024.txt').replace(
      /(二、上年结转政府信息公开申请数量(?:\s+\d+){6}\s+)34/,
      '$13',
    );
    const clean = parseText('clean.txt', 'txt', raw);
    expect(clean.cells.find((c) => c.key === 't3.carried_over.total')?.value).toBe(3);
    expect(clean.validation.find((v) => v.rule === 'T3.R1')?.status).toBe('FAIL');
    expect(clean.ocr).toBeUndefined();
  });
});
