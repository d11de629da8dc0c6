import {
  T2_COLS,
  T2_ROWS,
  T3_COLS,
  T3_GROUPS,
  T3_ROWS,
  T3_VARIANTS,
  T4_BLOCKS,
  T4_COLS,
  TABLE_SECTION,
  type RowSpec,
  type TableId,
  type TemplateVersion,
} from '../../src/domain/catalogue.ts';
import type { Cell, Section } from '../../src/domain/types.ts';
import { placeByPosition } from './columns.ts';
import { type GridCell, gridCells } from './grid.ts';
import { type Anchor, alignRows, type Candidate } from './match.ts';
import { type ReadCell, type RowCheck, type RowRead, readRow } from './values.ts';

export interface TableProblem {
  table: TableId;
  row?: string;
  message: string;
}

export interface Tables {
  cells: Cell[];
  problems: TableProblem[];
}

const t3RowSum: RowCheck = (v) => v[6] === v.slice(0, 6).reduce((a, b) => a + b, 0);
const t4BlockSums: RowCheck = (v) => [0, 5, 10].every((o) => v[o + 4] === v[o]! + v[o + 1]! + v[o + 2]! + v[o + 3]!);

/**
 * Extracts tables 二, 三 and 四 into canonical cells. Each table is read inside its own section
 * (the whole text when sections are missing), rows are found by their printed labels in
 * template order, and every canonical cell is present in the result: read, blank, recovered,
 * unparsed or missing.
 */
export function extractTables(text: string, template: TemplateVersion, sections: Section[]): Tables {
  const top = sections.filter((s) => s.depth === 1);
  const region = (num: string, fallback: [number, number]): [number, number] => {
    const s = top.find((x) => x.num === num);
    return s ? [s.start, s.end] : fallback;
  };
  const problems: TableProblem[] = [];
  const cells: Cell[] = [];

  const t2 = region(TABLE_SECTION.t2, [0, text.length]);
  cells.push(
    ...readRows(text, 't2', T2_ROWS[template], t2, problems, (row, read) => t2Cell(text, t2, template, row, read)),
  );

  const t3 = region(TABLE_SECTION.t3, [t2[0], text.length]);
  const ambiguous = new Map<string, ReadCell[][]>();
  const variants = T3_VARIANTS[template];
  const t3Cells = readRows(text, 't3', t3Rows(template), t3, problems, undefined, t3RowSum, ambiguous, variants);
  cells.push(...resolveByColumns(t3Cells, template, ambiguous, problems));

  const t4 = region(TABLE_SECTION.t4, [t3[0], text.length]);
  cells.push(...readT4(text, t4, problems));
  return { cells, problems };
}

/** 表三's rows as a report may print them: its template's, and the variants some reports still print. */
function t3Rows(template: TemplateVersion): RowSpec[] {
  const rows = [...T3_ROWS[template]];
  // After the rows it replaces: a group header printed above them is never taken for the variant row.
  for (const v of T3_VARIANTS[template])
    rows.splice(rows.findIndex((r) => r.key === v.replaces[v.replaces.length - 1]) + 1, 0, v.row);
  return rows;
}

type CellFix = (row: RowSpec, read: { col: string; cell: ReadCell }) => Partial<Cell>;

/** The row's values: the value cells after its label, up to the next row's label. */
interface RowValues {
  read: RowRead;
  /** Where the values read end in the text (the label's end when none were read). */
  end: number;
}

function readRows(
  text: string,
  table: TableId,
  rows: RowSpec[],
  [from, to]: [number, number],
  problems: TableProblem[],
  fix?: CellFix,
  check?: RowCheck,
  ambiguous?: Map<string, ReadCell[][]>,
  variants: Variant[] = [],
): Cell[] {
  const grid = gridCells(text, from, to);
  const direct = (c: Candidate) => valueWindow(grid, c.last, grid.length, false);
  const fits = new Map<string, number>();
  const valueFit = (row: RowSpec, c: Candidate) => {
    const key = `${c.last} ${row.cols.length}`;
    let f = fits.get(key);
    if (f === undefined) {
      const w = direct(c);
      fits.set(key, (f = w && readRow(w.window, row.cols.length).problem === undefined ? 0.1 : 0));
    }
    return f;
  };
  const anchors = dropOverlaps(alignRows(rows, grid, valueFit));
  // The last row's window runs to the table's end, not to a next row: no evidence of a closer.
  const closers = rowClosers(
    anchors
      .slice(0, -1)
      .map((a, i) => ({ cols: a.row.cols.length, used: windowCells(grid, a.at.last, anchors[i + 1]!.at.first) })),
  );
  const found = new Map<string, { anchor: Anchor; values: RowValues | null }>();
  const used = new Map<string, GridCell[]>();
  anchors.forEach((a, i) => {
    const next = anchors[i + 1]?.at.first ?? grid.length;
    const w = valueWindow(grid, a.at.last, next, true);
    const read = w
      ? readRow(w.window, a.row.cols.length, check && a.row.cols.length === 7 ? check : undefined, closers)
      : null;
    found.set(a.row.key, { anchor: a, values: w && read ? { read, end: w.endOf(read.cells) } : null });
    if (w) used.set(a.row.key, w.used);
  });
  placeShortRows(found, used, table === 't3' ? [[0, 1, 2, 3, 4, 5, 6]] : []);
  settleVariants(variants, found);
  if (table === 't3') placeOrphans(rows, found, used, check);
  const cells: Cell[] = [];
  for (const row of rows) {
    const f = found.get(row.key);
    if (!f) {
      if (variants.some((v) => v.row.key === row.key)) continue;
      if (!variants.some((v) => found.has(v.row.key) && v.replaces.includes(row.key)))
        problems.push({ table, row: row.key, message: `row not found: ${row.label}` });
      cells.push(...row.cols.map((col) => cellOf(table, row, col, UNREAD, null, 'missing')));
      continue;
    }
    const read = f.values?.read ?? unparsedRow(row.cols.length, 'no values after the row label');
    if (read.problem) problems.push({ table, row: row.key, message: `${row.label}: ${read.problem}` });
    if (read.candidates) ambiguous?.set(row.key, read.candidates);
    const span: [number, number] = [f.anchor.at.start, f.values?.end ?? f.anchor.at.end];
    row.cols.forEach((col, k) => {
      const cell = cellOf(table, row, col, read.cells[k]!, span);
      cells.push({ ...cell, ...fix?.(row, { col, cell: read.cells[k]! }) });
    });
  }
  return cells;
}

/** The cells after a row's label up to the next row's label. */
function windowCells(grid: GridCell[], from: number, to: number): GridCell[] {
  const cells = grid.slice(from, to);
  const label = cells.findIndex((c) => c.kind === 'label');
  return label < 0 ? cells : cells.slice(0, label);
}

/**
 * How many empty lines close a row in a table printed one cell a line ("|" lines): the count
 * after every complete row (all its cells on lines of their own, each a value), when at least two
 * such rows agree and none disagrees; else undefined.
 */
function rowClosers(rows: { cols: number; used: GridCell[] }[]): number | undefined {
  const counts = new Set<number>();
  let complete = 0;
  for (const { cols, used } of rows) {
    const lines = new Set(used.map((c) => c.line));
    const values = used.filter((c) => c.kind === 'value');
    const last = used.findLastIndex((c) => c.kind !== 'empty');
    if (lines.size !== used.length || values.length !== cols || last !== cols - 1) continue;
    counts.add(used.length - cols);
    complete++;
  }
  return complete >= 2 && counts.size === 1 ? [...counts][0] : undefined;
}

const UNREAD: ReadCell = { value: null, raw: '', status: 'unparsed' };

function unparsedRow(expected: number, problem: string): RowRead {
  return { cells: Array.from({ length: expected }, () => UNREAD), problem };
}

/** Values all on one line, none glued or empty: a row a fixed-width layout printed. */
const oneLine = (cells: GridCell[]) =>
  cells.length > 0 && cells.every((c) => c.kind === 'value' && !c.glued && c.line === cells[0]!.line);

/**
 * Rows read with fewer values than columns, placed by the columns' positions in the table's
 * complete rows when the row's sums confirm it (see columns.ts).
 */
function placeShortRows(
  found: Map<string, { anchor: Anchor; values: RowValues | null }>,
  used: Map<string, GridCell[]>,
  sums: number[][],
): void {
  const complete = [...found.entries()]
    .filter(
      ([k, f]) =>
        !f.values?.read.problem && oneLine(used.get(k) ?? []) && used.get(k)!.length === f.anchor.row.cols.length,
    )
    .map(([k]) => used.get(k)!);
  for (const [k, f] of found) {
    const cells = used.get(k) ?? [];
    const n = f.anchor.row.cols.length;
    if (!f.values?.read.problem || !oneLine(cells) || cells.length >= n) continue;
    const same = complete.filter((r) => r.length === n);
    const placed = placeByPosition(cells, same, n, sums);
    if (placed) f.values = { read: { cells: placed }, end: cells[cells.length - 1]!.end };
  }
}

/**
 * A row whose label was lost (OCR) but whose values were printed on a line of their own, between
 * two rows that were found with exactly it missing between them, is that row's by position:
 * kept only when 表三's sum rules over every column confirm it (see `t3Confirms`).
 */
function placeOrphans(
  rows: RowSpec[],
  found: Map<string, { anchor: Anchor; values: RowValues | null }>,
  used: Map<string, GridCell[]>,
  check?: RowCheck,
): void {
  const keys = rows.map((r) => r.key);
  for (const [key, f] of [...found]) {
    const at = keys.indexOf(key);
    const missing = rows[at + 1];
    if (!missing || found.has(missing.key) || !found.has(keys[at + 2] ?? '') || f.values?.read.problem) continue;
    // Leading empty fields (merged label cells of a tab grid) are no values.
    const cells = (used.get(key) ?? []).filter((c) => c.kind === 'value');
    const lines = [...new Set(cells.map((c) => c.line))];
    const own = cells.filter((c) => c.line === lines[0]);
    const rest = cells.filter((c) => c.line !== lines[0]);
    if (lines.length !== 2 || own.length !== f.anchor.row.cols.length || !oneLine(rest)) continue;
    if (rest.length !== missing.cols.length) continue;
    const read = readRow(`\t${rest.map((c) => c.text).join('\t')}\n`, missing.cols.length, check);
    if (read.problem) continue;
    const orphan = { ...read, cells: read.cells.map((c) => ({ ...c, status: 'recovered' as const })) };
    const first = rest[0]!;
    const anchor: Anchor = { row: missing, at: { first: -1, last: -1, start: first.start, end: first.start } };
    found.set(missing.key, { anchor, values: { read: orphan, end: rest[rest.length - 1]!.end } });
    if (!t3Confirms(rows, found, missing.key)) found.delete(missing.key);
  }
}

/**
 * Whether 表三's sum rules that involve `key` hold in every column with the values found (T3.R2
 * for a result row, T3.R1 for the four totals): a row placed by position needs this.
 */
function t3Confirms(rows: RowSpec[], found: Map<string, { values: RowValues | null }>, key: string): boolean {
  const keys = rows.map((r) => r.key).filter((k) => found.has(k));
  const v = (k: string, c: number) => found.get(k)?.values?.read.cells[c]?.value ?? null;
  const sum = (ks: string[], c: number) =>
    ks.reduce<number | null>((a, k) => (a === null || v(k, c) === null ? null : a + v(k, c)!), 0);
  const results = rows
    .map((r) => r.key)
    .slice(
      keys.length ? rows.findIndex((r) => r.key === 'granted') : 0,
      rows.findIndex((r) => r.key === 'total_processed'),
    );
  const printed = results.filter((k) => found.has(k));
  const R1 = ['new', 'carried_over', 'total_processed', 'carry_forward'];
  return T3_COLS.every((_, c) => {
    if (R1.includes(key)) {
      const left = sum(['new', 'carried_over'], c);
      return left !== null && left === sum(['total_processed', 'carry_forward'], c);
    }
    if (!printed.includes(key)) return false;
    const total = v('total_processed', c);
    return total !== null && total === sum(printed, c);
  });
}

/** Two rows never share a label cell: a later anchor inside an earlier one's label is dropped. */
function dropOverlaps(anchors: Anchor[]): Anchor[] {
  const out: Anchor[] = [];
  for (const a of anchors) if (!out.length || a.at.first >= out[out.length - 1]!.at.last) out.push(a);
  return out;
}

type Variant = (typeof T3_VARIANTS)[TemplateVersion][number];

/**
 * A variant row (2021's single （六）其他处理) counts only when it carries values and none of the rows
 * it stands for was printed; otherwise its label was the group header over those rows.
 */
function settleVariants(variants: Variant[], found: Map<string, { values: RowValues | null }>): void {
  for (const v of variants) {
    const f = found.get(v.row.key);
    if (!f) continue;
    const hasValues = f.values !== null && f.values.read.problem !== 'no values after the row label';
    if (!hasValues || v.replaces.some((k) => found.has(k))) found.delete(v.row.key);
  }
}

const GROUP_HEADERS = Object.values(T3_GROUPS).map((g) => g.replace(/\s/g, ''));

/** A merged group header (（四）无法提供) or a piece of one (（三）不, 三、): printed beside rows, never a row. */
const isGroupHeader = (text: string) => {
  const t = text.replace(/\s/g, '');
  return GROUP_HEADERS.some((g) => g.startsWith(t) || t.startsWith(g));
};

/** Leading label cells this short are stray pieces of merged headers (三 / 本 / 年, （三）不 / 予公开). */
const STRAY_LABEL = 4;

/**
 * The value cells from grid index `from` (before `to`) as a window for `readRow`: one line per
 * text line, cells tab-separated, starting with a tab unless the first value is glued to its
 * label. Stray header pieces before the first value are skipped (when `skipStray`); any other
 * label ends the window. Null when no value follows.
 */
function valueWindow(
  grid: GridCell[],
  from: number,
  to: number,
  skipStray: boolean,
): { window: string; used: GridCell[]; endOf: (cells: ReadCell[]) => number } | null {
  const used: GridCell[] = [];
  let i = from;
  for (; i < to; i++) {
    const c = grid[i]!;
    if (c.kind !== 'label') break;
    if (!skipStray || !(isGroupHeader(c.text) || (!c.numbered && c.text.length <= STRAY_LABEL))) return null;
  }
  for (; i < to && grid[i]!.kind !== 'label'; i++) used.push(grid[i]!);
  if (!used.some((c) => c.kind === 'value')) return null;
  let window = used[0]!.glued ? '' : '\t';
  const at: { pos: number; cell: GridCell }[] = [];
  used.forEach((c, k) => {
    if (k > 0) window += c.line === used[k - 1]!.line ? '\t' : '\n';
    at.push({ pos: window.length, cell: c });
    window += c.text;
  });
  const last = used[used.length - 1]!;
  const gluedAfter = last.glued && grid[i]?.kind === 'label' && grid[i]!.start === last.end;
  if (!gluedAfter) window += '\n';
  const endOf = (cells: ReadCell[]) => {
    const e = valuesEnd(window, cells);
    const hit = [...at].reverse().find((x) => x.pos < e) ?? at[0]!;
    return hit.cell.start + Math.min(e - hit.pos, hit.cell.text.length);
  };
  return { window, used, endOf };
}
/** Where the last value read from a window ends (0 when none was read). */
function valuesEnd(window: string, cells: ReadCell[]): number {
  let at = 0;
  for (const c of cells) {
    if (!c.raw) continue;
    const i = window.indexOf(c.raw, at);
    if (i < 0) break;
    at = i + c.raw.length;
  }
  return at;
}

function cellOf(
  table: TableId,
  row: RowSpec,
  col: string,
  read: ReadCell,
  span: [number, number] | null,
  status?: Cell['status'],
): Cell {
  return {
    start: span?.[0] ?? null,
    end: span?.[1] ?? null,
    key: `${table}.${row.key}.${col}`,
    table,
    row: row.key,
    col,
    value: read.value,
    raw: status === 'missing' ? null : read.raw,
    unit: table === 't2' ? (T2_COLS[col]?.unit ?? '件') : (T3_COLS.find((c) => c.key === col)?.unit ?? '件'),
    status: status ?? read.status,
  };
}

/**
 * Rows of 表三 whose glued digits split several ways are settled together by the column rules
 * (T3.R1 and T3.R2 in every column): kept only when exactly one combination of readings obeys
 * them all.
 */
function resolveByColumns(
  cells: Cell[],
  template: TemplateVersion,
  ambiguous: Map<string, ReadCell[][]>,
  problems: TableProblem[],
): Cell[] {
  if (ambiguous.size === 0) return cells;
  const rowKeys = [...ambiguous.keys()];
  const combos = rowKeys.reduce((n, k) => n * ambiguous.get(k)!.length, 1);
  if (combos > 20_000) return cells;
  const rows = T3_ROWS[template].map((r) => r.key);
  const results = rows.slice(rows.indexOf('granted'), rows.indexOf('total_processed'));
  const base = new Map(cells.map((c) => [`${c.row}.${c.col}`, c.value]));
  const fits: ReadCell[][][] = [];
  const pick: ReadCell[][] = [];
  const value = (row: string, col: number) => {
    const i = rowKeys.indexOf(row);
    return i >= 0 ? pick[i]![col]!.value : (base.get(`${row}.${T3_COLS[col]!.key}`) ?? null);
  };
  const obeys = () =>
    T3_COLS.every((_, c) => {
      const v = (r: string) => value(r, c);
      const sum = (rs: string[]) =>
        rs.reduce<number | null>((a, r) => (a === null || v(r) === null ? null : a + v(r)!), 0);
      const r1 = [sum(['new', 'carried_over']), sum(['total_processed', 'carry_forward'])];
      const r2 = [v('total_processed'), sum(results)];
      return r1[0] !== null && r1[0] === r1[1] && r2[0] !== null && r2[0] === r2[1];
    });
  const walk = (i: number) => {
    if (fits.length > 1) return;
    if (i === rowKeys.length) {
      if (obeys()) fits.push([...pick]);
      return;
    }
    for (const reading of ambiguous.get(rowKeys[i]!)!) {
      pick[i] = reading;
      walk(i + 1);
    }
  };
  walk(0);
  if (fits.length !== 1) return cells;
  const chosen = new Map(rowKeys.map((k, i) => [k, fits[0]![i]!]));
  for (let i = problems.length - 1; i >= 0; i--)
    if (problems[i]!.table === 't3' && chosen.has(problems[i]!.row!)) problems.splice(i, 1);
  return cells.map((c) => {
    const reading = chosen.get(c.row);
    if (!reading) return c;
    const r = reading[T3_COLS.findIndex((x) => x.key === c.col)]!;
    return { ...c, value: r.value, raw: r.raw, status: 'recovered' };
  });
}

/** 2019 procurement amounts are printed in 元 or, by a header note, in 万元; store them in 元. */
function t2Cell(
  text: string,
  [from, to]: [number, number],
  template: TemplateVersion,
  row: RowSpec,
  { col, cell }: { col: string; cell: ReadCell },
): Partial<Cell> {
  if (template !== '2019' || row.key !== 'central_procurement' || col !== 'amount') return {};
  if (cell.value === null) return { unit: '元' };
  const inWan =
    /万元$/.test(cell.raw) || (!/元$/.test(cell.raw) && /采购总金额[^\n]{0,12}万元/.test(text.slice(from, to)));
  return { unit: '元', value: inWan ? Math.round(cell.value * 10000 * 100) / 100 : cell.value };
}

/** 表四 is one data row of 15 values: the first run of value cells in its section that holds them. */
function readT4(text: string, [from, to]: [number, number], problems: TableProblem[]): Cell[] {
  const grid = gridCells(text, from, to);
  const keys = T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => ({ row: b.key, col: c.key })));
  let read: ReadCell[] | null = null;
  let span: [number, number] | null = null;
  for (let i = 0; i < grid.length && !read; i++) {
    if (grid[i]!.kind === 'label') continue;
    let j = i;
    while (j < grid.length && grid[j]!.kind !== 'label') j++;
    let run = grid.slice(i, j);
    // A stray number on a line of its own beside the row (a footnote, a misread rule) is not one of its values.
    const full = [...new Set(run.map((c) => c.line))].filter(
      (l) => run.filter((c) => c.line === l && c.kind === 'value').length === keys.length,
    );
    if (full.length === 1) run = run.filter((c) => c.line === full[0]);
    const digits = run.reduce((n, c) => n + c.text.replace(/\D/g, '').length, 0);
    const glued = run.some((c) => c.glued);
    // A tab row whose trailing blank cells were dropped is shorter: it counts only if read.
    const cutShort = run.some((c) => c.kind === 'value') && run.some((c) => c.kind === 'empty');
    const whole = run.length >= keys.length || (glued && digits >= keys.length);
    const w = whole || cutShort ? valueWindow(run, 0, run.length, false) : null;
    const r = w && readRow(w.window, keys.length, t4BlockSums);
    if (w && r && (whole || !r.problem)) {
      if (r.problem) problems.push({ table: 't4', message: `表四: ${r.problem}` });
      read = r.cells;
      span = [run.find((c) => c.kind === 'value')!.start, r.problem ? run[run.length - 1]!.end : w.endOf(r.cells)];
    }
    i = j;
  }
  if (!read) problems.push({ table: 't4', message: '表四 values not found' });
  return keys.map(({ row, col }, i) => ({
    key: `t4.${row}.${col}`,
    table: 't4',
    row,
    col,
    value: read ? read[i]!.value : null,
    raw: read ? read[i]!.raw : null,
    unit: '件',
    status: read ? read[i]!.status : 'missing',
    start: span?.[0] ?? null,
    end: span?.[1] ?? null,
  }));
}
