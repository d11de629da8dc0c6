import {
  labelPattern,
  T2_COLS,
  T2_ROWS,
  T3_COLS,
  T3_ROWS,
  T4_BLOCKS,
  T4_COLS,
  TABLE_SECTION,
  type RowSpec,
  type TableId,
  type TemplateVersion,
} from '../../src/domain/catalogue.ts';
import type { Cell, Section } from '../../src/domain/types.ts';
import { readRow, type ReadCell, type RowCheck } from './values.ts';

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
  const t3Cells = readRows(text, 't3', T3_ROWS[template], t3, problems, undefined, t3RowSum, ambiguous);
  cells.push(...resolveByColumns(t3Cells, template, ambiguous, problems));

  const t4 = region(TABLE_SECTION.t4, [t3[0], text.length]);
  cells.push(...readT4(text, t4, problems));
  return { cells, problems };
}

type CellFix = (row: RowSpec, read: { col: string; cell: ReadCell }) => Partial<Cell>;

function readRows(
  text: string,
  table: TableId,
  rows: RowSpec[],
  [from, to]: [number, number],
  problems: TableProblem[],
  fix?: CellFix,
  check?: RowCheck,
  ambiguous?: Map<string, ReadCell[][]>,
): Cell[] {
  const found: { row: RowSpec; start: number; end: number }[] = [];
  let cursor = from;
  for (const row of rows) {
    const re = new RegExp(labelPattern(row.match), 'g');
    re.lastIndex = cursor;
    const m = re.exec(text);
    if (!m || m.index >= to) {
      found.push({ row, start: -1, end: -1 });
      continue;
    }
    found.push({ row, start: m.index, end: m.index + m[0].length });
    cursor = m.index + m[0].length;
  }
  const cells: Cell[] = [];
  found.forEach((f, i) => {
    if (f.start < 0) {
      problems.push({ table, row: f.row.key, message: `row not found: ${f.row.label}` });
      cells.push(
        ...f.row.cols.map((col) =>
          cellOf(table, f.row, col, { value: null, raw: '', status: 'unparsed' }, null, 'missing'),
        ),
      );
      return;
    }
    const next = found.slice(i + 1).find((x) => x.start >= 0);
    const window = text.slice(f.end, next ? next.start : to);
    const read = readRow(window, f.row.cols.length, check && f.row.cols.length === 7 ? check : undefined);
    if (read.problem) problems.push({ table, row: f.row.key, message: `${f.row.label}: ${read.problem}` });
    if (read.candidates) ambiguous?.set(f.row.key, read.candidates);
    const span: [number, number] = [f.start, f.end + valuesEnd(window, read.cells)];
    f.row.cols.forEach((col, k) => {
      const cell = cellOf(table, f.row, col, read.cells[k]!, span);
      cells.push({ ...cell, ...fix?.(f.row, { col, cell: read.cells[k]! }) });
    });
  });
  return cells;
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

/** 表四 is one data row of 15 values after its last header cell (总计). */
function readT4(text: string, [from, to]: [number, number], problems: TableProblem[]): Cell[] {
  const body = text.slice(from, to);
  let start = -1;
  for (const m of body.matchAll(/总\s*计/g)) {
    if (/^[\s]*(?:\d|[/／-])/.test(body.slice(m.index + m[0].length))) {
      start = m.index + m[0].length;
      break;
    }
  }
  const keys = T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => ({ row: b.key, col: c.key })));
  let read: ReadCell[];
  let span: [number, number] | null = null;
  if (start < 0) {
    problems.push({ table: 't4', message: '表四 values not found' });
    read = keys.map(() => ({ value: null, raw: '', status: 'unparsed' }));
  } else {
    const r = readRow(body.slice(start), 15, t4BlockSums);
    if (r.problem) problems.push({ table: 't4', message: `表四: ${r.problem}` });
    read = r.cells;
    const rest = body.slice(start);
    const lead = rest.length - rest.trimStart().length;
    span = [from + start + lead, from + start + Math.max(lead, valuesEnd(rest, read))];
  }
  return keys.map(({ row, col }, i) => ({
    key: `t4.${row}.${col}`,
    table: 't4',
    row,
    col,
    value: read[i]!.value,
    raw: start < 0 ? null : read[i]!.raw,
    unit: '件',
    status: start < 0 ? 'missing' : read[i]!.status,
    start: span?.[0] ?? null,
    end: span?.[1] ?? null,
  }));
}
