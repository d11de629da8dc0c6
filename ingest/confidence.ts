/**
 * How far a read number can be trusted, and what happens to one a sum rule contradicts. OCR
 * misreads digits (a table rule | read as 1, a digit dropped): such a number breaks a sum rule
 * but reads like any other. So a failed part of a rule (a column, a row, a block) puts its cells
 * in doubt unless another part that holds confirms them, and a doubted cell that is a doubtful
 * reading — any number of a text that shows OCR, or a number glued to a rule — is set NULL with
 * a FAIL naming its row, or recovered when dropping its rule glyph is the one reading the sums
 * accept. A clean source's printed total that contradicts its parts stays as printed.
 */
import {
  T2_ROWS,
  T3_ROWS,
  T3_VARIANTS,
  T4_BLOCKS,
  TABLE_SECTION,
  type TemplateVersion,
} from '../src/domain/catalogue.ts';
import type { Cell, RuleResult, Section } from '../src/domain/types.ts';
import type { TableProblem } from './tables/extract.ts';
import { sumRuleParts } from './validate.ts';

/** Table rules as OCR prints them between values. */
const RULE_GLYPH = /[|｜丨]/;
/** A rule glyph beside a digit. */
const RULED_DIGIT = /\d\s*[|｜丨]|[|｜丨]\s*\d/;
/** Marks of an OCR reading in a table region before the text counts as OCR. */
const OCR_MARKS = 3;

/**
 * Marks of OCR in the table sections: lines whose rules show as glyphs beside some numbers while
 * others stand apart by spaces only (a pipe table bounds every cell), an angle bracket tesseract
 * reads for one of （ ） (closed by the other kind), the few Latin letters it reads for digits or
 * rules (o O l I S B) touching a digit or a rule, and lines with a speck of punctuation standing
 * between numbers.
 */
export function ocrMarks(text: string, sections: Section[]): number {
  const tables = sections.filter((s) => s.depth === 1 && Object.values(TABLE_SECTION).includes(s.num));
  const region = tables.length ? tables.map((s) => text.slice(s.start, s.end)).join('\n') : text;
  const pipes = region.split('\n').filter((l) => RULED_DIGIT.test(l) && /\d\s+\d/.test(l)).length;
  const angles = (region.match(/〈[^〈〉\n]{0,8}[)）]|[(（][^()（）\n]{0,8}〉/g) ?? []).length;
  const garbled = region.split('\n').filter((l) => /\d\s+[!"“”'。，]\s+\d/.test(l)).length;
  const latin = (region.match(/(?<=[\d|｜])[oOlISB]+(?![A-Za-z])|(?<![A-Za-z])[oOlISB]+(?=[\d|｜])/g) ?? []).length;
  return pipes + angles + latin + garbled;
}

/** A number read next to a table rule: the readings it has if the rule was read as a 1. */
interface Doubt {
  readings: number[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Cells whose number may hold a table rule read as 1: on a line that prints rules between its
 * values, a number with a 1 at an end where no rule was printed. Each cell is found in its row's
 * text from the end (values follow the label), the cells of one span in their printed order.
 */
export function ruleDoubts(text: string, cells: Cell[]): Map<string, Doubt> {
  const bySpan = new Map<string, Cell[]>();
  for (const c of cells)
    if (c.start !== null && c.end !== null) {
      const k = `${c.start}:${c.end}`;
      const row = bySpan.get(k);
      if (row) row.push(c);
      else bySpan.set(k, [c]);
    }
  const out = new Map<string, Doubt>();
  for (const row of bySpan.values()) {
    const from = row[0]!.start!;
    let cursor = row[0]!.end!;
    // Only a line that prints a rule glyph doubts its numbers: a row whose lines print none (every
    // row of a text layer) is not searched cell by cell.
    const linesEnd = text.indexOf('\n', cursor);
    if (!RULE_GLYPH.test(text.slice(text.lastIndexOf('\n', from - 1) + 1, linesEnd < 0 ? text.length : linesEnd)))
      continue;
    for (const c of [...row].reverse()) {
      if (!c.raw) continue;
      const hits = [
        ...text.slice(from, cursor).matchAll(new RegExp(`(?<![\\d.])${escapeRe(c.raw)}(?![\\d]|\\.\\d)`, 'g')),
      ];
      const hit = hits[hits.length - 1];
      if (!hit) break;
      const at = from + hit.index;
      cursor = at;
      if (!/^\d+$/.test(c.raw) || c.raw.length < 2) continue;
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
      if (!/\d\s*[|｜丨]\s*\d/.test(text.slice(lineStart, lineEnd))) continue;
      const before = text.slice(lineStart, at).trimEnd().slice(-1);
      const after = text
        .slice(at + c.raw.length, lineEnd)
        .trimStart()
        .slice(0, 1);
      const readings: number[] = [];
      if (c.raw.startsWith('1') && !RULE_GLYPH.test(before)) readings.push(Number(c.raw.slice(1)));
      if (c.raw.endsWith('1') && !RULE_GLYPH.test(after)) readings.push(Number(c.raw.slice(0, -1)));
      if (readings.length) out.set(c.key, { readings });
    }
  }
  return out;
}

interface Part {
  status: RuleResult['status'];
  cells: string[];
}

/** The report's checks of some cells (validateReport with the report's text and sections). */
export type Checks = (cells: Cell[]) => RuleResult[];

const SUM_RULE = /^T\d\.R\d$/;

/** Every check a cell takes part in: the sum rules part by part, and the other rules (prose counts, G.R1) whole. */
function partsOf(cells: Cell[], template: TemplateVersion, checks: Checks): Part[] {
  const others = checks(cells).filter((r) => r.rule !== 'unparsed' && !SUM_RULE.test(r.rule) && r.cells.length);
  return [...sumRuleParts(cells, template), ...others];
}

/** Combinations of other readings tried for one failed part at most. */
const MAX_COMBOS = 256;

/**
 * A failed part whose rule-glued numbers have exactly one combination of readings under which it
 * and every other part they belong to hold: those numbers as recovered.
 */
function recover(cells: Cell[], template: TemplateVersion, doubts: Map<string, Doubt>, part: Part): Cell[] | null {
  const open = part.cells.filter((k) => doubts.has(k));
  const choices = open.map((k) => [cells.find((c) => c.key === k)!.value!, ...doubts.get(k)!.readings]);
  if (!open.length || choices.reduce((n, c) => n * c.length, 1) > MAX_COMBOS) return null;
  const fits: Cell[][] = [];
  const walk = (i: number, pick: number[]) => {
    if (fits.length > 1) return;
    if (i === open.length) {
      if (pick.every((v, j) => v === choices[j]![0])) return;
      const next = cells.map((c) => {
        const j = open.indexOf(c.key);
        return j < 0 || pick[j] === c.value ? c : { ...c, value: pick[j]!, status: 'recovered' as const };
      });
      const touched = sumRuleParts(next, template).filter((p) => p.cells.some((k) => open.includes(k)));
      if (touched.every((p) => p.status !== 'FAIL') && touched.some((p) => p.status === 'PASS')) fits.push(next);
      return;
    }
    for (const v of choices[i]!) walk(i + 1, [...pick, v]);
  };
  walk(0, []);
  return fits.length === 1 ? fits[0]! : null;
}

function rowLabel(template: TemplateVersion, c: Cell): string {
  if (c.table === 't4') return T4_BLOCKS.find((b) => b.key === c.row)?.label ?? c.row;
  const rows =
    c.table === 't2' ? T2_ROWS[template] : [...T3_ROWS[template], ...T3_VARIANTS[template].map((v) => v.row)];
  return rows.find((r) => r.key === c.row)?.label ?? c.row;
}

export interface Settled {
  cells: Cell[];
  /** One per row whose numbers were set NULL, for validation to report as unparsed. */
  problems: TableProblem[];
  /** Whether the text was read by OCR (said by the reader, or shown by the text's own marks). */
  ocr: boolean;
}

/** A part that checks one row (表三's row total, a 表四 block) only. */
const rowWise = (p: Part) => new Set(p.cells.map((k) => k.slice(0, k.lastIndexOf('.')))).size === 1;

/**
 * The cells after doubt is settled. `ocr`: the reader OCR'd the file (otherwise the text's own
 * marks decide); `checked`: that reader read every number it prints twice, independently, and
 * printed one the readings disagree on as unreadable. A part that holds confirms its cells,
 * except a row's own check when the row was read by fitting its digits to that check (glued
 * digits, values placed by position): that is no second look. In unchecked OCR text a number
 * stands only when confirmed; in checked OCR text every number a failed part puts in doubt is set
 * NULL; elsewhere only a number glued to a rule, and only when a failed part puts it in doubt.
 */
export function settleDoubts(
  text: string,
  sections: Section[],
  template: TemplateVersion,
  cells: Cell[],
  checks: Checks,
  ocr: boolean,
  checked = false,
): Settled {
  const ocrLike = ocr || ocrMarks(text, sections) >= OCR_MARKS;
  const doubts = ruleDoubts(text, cells);
  const fitted = new Set(cells.filter((c) => c.status === 'recovered').map((c) => c.key));
  let out = cells;
  // The parts of the cells as they stand: checked once per change (each check runs every rule).
  let parts = partsOf(out, template, checks);
  for (let round = 0; round < 10; round++) {
    const fixed = parts
      .filter((p) => p.status === 'FAIL')
      .map((p) => recover(out, template, doubts, p))
      .find((x) => x !== null);
    if (!fixed) break;
    out = fixed;
    parts = partsOf(out, template, checks);
  }
  const confirms = (p: Part) => p.status === 'PASS' && !(rowWise(p) && p.cells.some((k) => fitted.has(k)));
  const confirmed = new Set(parts.filter(confirms).flatMap((p) => p.cells));
  const failed = new Set(parts.filter((p) => p.status === 'FAIL').flatMap((p) => p.cells));
  const doubted = (k: string) =>
    !confirmed.has(k) && (checked ? failed.has(k) : ocrLike || (failed.has(k) && doubts.has(k)));
  const problems = new Map<string, TableProblem>();
  out = out.map((c) => {
    if (c.value === null || !doubted(c.key)) return c;
    const why = failed.has(c.key) ? '与校验规则不符' : '没有校验规则能够印证';
    const row = `${c.table}.${c.row}`;
    if (!problems.has(row) || failed.has(c.key))
      problems.set(row, {
        table: c.table,
        row: c.row,
        message: `${rowLabel(template, c)}: 识别出的数字${why}，可能有误，已置空`,
      });
    return { ...c, value: null, status: 'unparsed' as const };
  });
  return { cells: out, problems: [...problems.values()], ocr: ocrLike };
}
