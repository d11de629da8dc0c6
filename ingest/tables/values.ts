/**
 * Reading the printed values that follow a row label. A "window" is the text between one row
 * label and the next; its values are the cells, in order, until the first thing that is not a
 * value (the next group header, a column header, prose).
 */

export type Token = { kind: 'num'; raw: string } | { kind: 'blank'; raw: string } | { kind: 'empty' };

export interface ReadCell {
  value: number | null;
  raw: string;
  status: 'ok' | 'blank' | 'recovered' | 'unparsed';
}

export interface RowRead {
  cells: ReadCell[];
  /** For glued digits that split in a few ways: each reading, for table-wide rules to decide. */
  candidates?: ReadCell[][];
  /** Why the row could not be read (status 'unparsed'), for the validation message. */
  problem?: string;
}

/** A row constraint that a recovered split of glued digits must satisfy. */
export type RowCheck = (values: number[]) => boolean;

const NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|^[+-]?\d+(?:\.\d+)?/;
const BLANK = /^(?:[/／\\]|[-－—–]+|无)$/;
const UNIT = /^(?:万元|元|件|条|个|项|次)/;
/** A change printed in words, as the 本年增/减 column may be: 减3 is -3, 增加2 is +2 (see parseNumber). */
export const CHANGE_WORD = '(?:增加?|减少?)\\d+';
const CHANGE = new RegExp(`^${CHANGE_WORD}`);

/**
 * Splits a window into value tokens, line by line; stops at the first non-value text. `glued`
 * tells whether the text shows cells run together: digits touching the label before them or the
 * text (or next label) after them, or a digit run with a leading zero ("000121"), which no table prints as one number.
 */
export function tokenizeWindow(window: string): { lines: Token[][]; glued: boolean } {
  const lines: Token[][] = [];
  let glued = /^\d/.test(window) || /\d$/.test(window);
  for (const line of window.split('\n')) {
    const tokens: Token[] = [];
    let stop = false;
    for (const field of line.split('\t')) {
      const text = field.trim();
      if (text === '') {
        tokens.push({ kind: 'empty' });
        continue;
      }
      for (let part of text.split(/ +/)) {
        if (BLANK.test(part)) {
          tokens.push({ kind: 'blank', raw: part });
          continue;
        }
        // Glued text can run a signed number straight on ("35-15"): the sign starts a new cell.
        for (;;) {
          const m = NUMBER.exec(part) ?? CHANGE.exec(part);
          if (!m) {
            stop = true;
            break;
          }
          const rest = part.slice(m[0].length);
          const unit = UNIT.exec(rest)?.[0] ?? '';
          tokens.push({ kind: 'num', raw: m[0] + unit });
          part = rest.slice(unit.length);
          if (part === '') break;
          if (!/^[+-]\d/.test(part)) {
            glued ||= /^[\u4e00-\u9fff（(]/.test(part);
            stop = true;
            break;
          }
        }
        if (stop) break;
      }
      if (stop) break;
    }
    lines.push(tokens);
    if (stop) break;
  }
  glued ||= lines.some((l) => l.some(leadingZero));
  return { lines, glued };
}

export function parseNumber(raw: string): number | null {
  const m = NUMBER.exec(
    raw
      .replace(/\s/g, '')
      .replace(/^减少?/, '-')
      .replace(/^增加?/, '+'),
  );
  return m ? Number(m[0].replace(/,/g, '')) : null;
}

/**
 * Reads `expected` cells from a window. In order of preference: exactly the expected count on
 * the row's line(s); a tab grid whose empty fields are blank cells, or one cell a line with the
 * blank ones as empty lines; in text that shows glued cells,
 * digit runs split in the one way the row's sum rule admits. Anything else is unparsed: NULL cells, never a guess.
 */
export function readRow(window: string, expected: number, check?: RowCheck, closers?: number): RowRead {
  const { lines, glued } = tokenizeWindow(window);
  const taken: Token[] = [];
  let count = 0;
  let firstLine: Token[] | null = null;
  for (const line of lines) {
    const values = line.filter((t) => t.kind !== 'empty');
    if (values.length === 0) continue;
    firstLine ??= line;
    if (count + values.length > expected) {
      if (count === 0) break;
      return unparsed(expected, `more values than the ${expected} columns`);
    }
    taken.push(...values);
    count += values.length;
    // "00" is no printed count (an OCR misread, or digits run together): only a sum rule may split it.
    if (count === expected && !taken.some(leadingZero)) return { cells: taken.map(toCell) };
  }
  if (count === 0 && !firstLine) return unparsed(expected, 'no values after the row label');

  const grid =
    (firstLine && (gridRead(firstLine, expected) ?? shortGridRead(firstLine, expected, check))) ??
    cellPerLineRead(window, lines, expected, closers);
  if (grid) return { cells: grid };

  const readings = glued ? recoverGlued(taken.length ? taken : (firstLine ?? []), expected, check) : [];
  if (readings.length === 1) return { cells: readings[0]! };
  const row = unparsed(expected, `${count} values for ${expected} columns, not readable unambiguously`);
  return readings.length > 1 ? { ...row, candidates: readings } : row;
}

const leadingZero = (t: Token) => t.kind === 'num' && /^0\d/.test(t.raw);

function toCell(t: Token): ReadCell {
  if (t.kind === 'num') return { value: parseNumber(t.raw), raw: t.raw, status: 'ok' };
  return { value: null, raw: t.kind === 'blank' ? t.raw : '', status: 'blank' };
}

/** A tab-separated row whose blank cells are empty fields: the fields from the first value on. */
function gridRead(line: Token[], expected: number): ReadCell[] | null {
  const first = line.findIndex((t) => t.kind !== 'empty');
  if (first < 0) return null;
  const fields = line.slice(first, first + expected);
  if (fields.length < expected || !fields.some((t) => t.kind === 'empty')) return null;
  const after = line.slice(first + expected);
  if (after.some((t) => t.kind !== 'empty')) return null;
  return fields.map(toCell);
}

/**
 * A tab row cut short: a Word export drops the blank cells that end a row (上海 表四's
 * "5 · · 2 7 8 · · 1 9" for fifteen columns). Padded with blanks, it is read only when the row's
 * sum rule holds over numbers not all zero, which a row shifted by a missing leading cell fails.
 */
function shortGridRead(line: Token[], expected: number, check?: RowCheck): ReadCell[] | null {
  const first = line.findIndex((t) => t.kind !== 'empty');
  const fields = line.slice(first);
  while (fields.at(-1)?.kind === 'empty') fields.pop();
  if (!check || first < 0 || fields.length >= expected || !fields.some((t) => t.kind === 'empty')) return null;
  const padded: Token[] = [
    ...fields,
    ...Array.from({ length: expected - fields.length }, () => ({ kind: 'empty' as const })),
  ];
  const numbers = padded.map((t) => (t.kind === 'num' ? (parseNumber(t.raw) ?? Number.NaN) : 0));
  return numbers.some((n) => n !== 0) && check(numbers) ? padded.map(toCell) : null;
}

/**
 * One cell a line, a blank cell printed as an empty field on a line of its own (a crawler's "|"
 * lines): the row's cells are its lines, the empty lines that close it ("||") aside, when they
 * are exactly as many as the columns. Where the table's complete rows show how many empty lines
 * close a row (`closers`), only those are set aside: one more is a blank last cell (规章 | 0 | 0 | | |).
 */
function cellPerLineRead(window: string, lines: Token[][], expected: number, closers?: number): ReadCell[] | null {
  // A window opens with the tab before its first cell, which is no cell, and ends with a newline, which is none either.
  const cells = lines
    .slice(0, window.endsWith('\n') ? -1 : undefined)
    .map((l, i) => (i === 0 && window.startsWith('\t') ? l.slice(1) : l));
  if (cells.some((l) => l.length !== 1)) return null;
  const tokens = cells.map((l) => l[0]!);
  const trailing = tokens.length - 1 - tokens.findLastIndex((t) => t.kind !== 'empty');
  tokens.splice(tokens.length - (closers !== undefined && trailing > closers ? closers : trailing));
  if (tokens.length !== expected || !tokens.some((t) => t.kind === 'empty') || !tokens.some((t) => t.kind === 'num'))
    return null;
  return tokens.map(toCell);
}

function unparsed(expected: number, problem: string): RowRead {
  return {
    cells: Array.from({ length: expected }, () => ({ value: null, raw: '', status: 'unparsed' as const })),
    problem,
  };
}

/** Readings kept for one ambiguous row; more than this and the row stays unparsed. */
const MAX_READINGS = 12;

/**
 * Crawler dumps glue a row's cells together ("200000121"). Each digit run is split into one or
 * more cells (no leading zeros) so that the row has its column count and obeys its sum rule.
 * Returns every such reading, up to MAX_READINGS (none when there are more): one reading is a
 * recovery; several are left for the table's column rules to choose between.
 */
export function recoverGlued(tokens: Token[], expected: number, check?: RowCheck): ReadCell[][] {
  const values = tokens.filter((t): t is Extract<Token, { kind: 'num' }> => t.kind === 'num');
  if (values.length !== tokens.filter((t) => t.kind !== 'empty').length || values.length === 0) return [];
  const runs = values.map((t) => t.raw);
  if (runs.join('').length > 48) return [];
  const solutions: string[][] = [];
  const search = (i: number, acc: string[]) => {
    if (solutions.length > MAX_READINGS) return;
    if (i === runs.length) {
      if (acc.length === expected && (!check || check(acc.map(Number)))) solutions.push([...acc]);
      return;
    }
    const run = runs[i]!;
    const left = expected - acc.length - (runs.length - i - 1);
    if (!/^\d+$/.test(run)) {
      if (left >= 1) search(i + 1, [...acc, run]);
      return;
    }
    splits(run, left, (parts) => search(i + 1, [...acc, ...parts]));
  };
  search(0, []);
  if (solutions.length > MAX_READINGS) return [];
  const changed = (parts: string[]) => parts.length !== runs.length;
  return solutions.map((parts) =>
    parts.map((raw) => ({ value: parseNumber(raw), raw, status: changed(parts) ? 'recovered' : 'ok' })),
  );
}

/** Every way to cut a digit run into at most `max` numbers without leading zeros. */
function splits(run: string, max: number, emit: (parts: string[]) => void, acc: string[] = []): void {
  if (run === '') {
    if (acc.length > 0) emit(acc);
    return;
  }
  if (acc.length >= max) return;
  const maxLen = run[0] === '0' ? 1 : run.length;
  for (let len = 1; len <= maxLen; len++) splits(run.slice(len), max, emit, [...acc, run.slice(0, len)]);
}
