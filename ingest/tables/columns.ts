/**
 * A row printed with its blank cells left out (pdftotext -layout, OCR) has fewer values than
 * columns. Where the table's complete rows show each column's position on the line, each value
 * is placed in the column it stands under, and the placement is kept only when the row's sums
 * confirm it (its total equals its printed parts); otherwise the row stays unread.
 */
import type { GridCell } from './grid.ts';
import type { ReadCell } from './values.ts';
import { parseNumber } from './values.ts';

/** Complete rows needed before column positions are trusted. */
const MIN_COMPLETE = 2;

const center = (c: GridCell) => (c.col ?? 0) + c.text.length / 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * `short`: a row's values, all on one line; `complete`: other rows of the table with a value in
 * every column, each on one line; `sums`: groups of column indexes whose last is the total of
 * the others. Null when the placement is not unique or not confirmed.
 */
export function placeByPosition(
  short: GridCell[],
  complete: GridCell[][],
  expected: number,
  sums: number[][],
): ReadCell[] | null {
  if (complete.length < MIN_COMPLETE || sums.length === 0 || short.length >= expected) return null;
  const centers = Array.from({ length: expected }, (_, k) => median(complete.map((r) => center(r[k]!))));
  let gap = Number.POSITIVE_INFINITY;
  for (let k = 1; k < expected; k++) gap = Math.min(gap, centers[k]! - centers[k - 1]!);
  if (!(gap > 0)) return null;
  const placed: (GridCell | null)[] = new Array(expected).fill(null);
  let last = -1;
  for (const v of short) {
    let k = 0;
    for (let j = 1; j < expected; j++) if (Math.abs(center(v) - centers[j]!) < Math.abs(center(v) - centers[k]!)) k = j;
    if (Math.abs(center(v) - centers[k]!) >= gap / 2 || k <= last) return null;
    placed[k] = v;
    last = k;
  }
  const value = (k: number) => (placed[k] ? parseNumber(placed[k]!.text) : null);
  for (const group of sums) {
    if (!group.some((k) => placed[k])) continue;
    const total = value(group[group.length - 1]!);
    const parts = group.slice(0, -1).reduce((a, k) => a + (value(k) ?? 0), 0);
    if (total === null || total !== parts) return null;
  }
  return placed.map((c) =>
    c ? { value: parseNumber(c.text), raw: c.text, status: 'recovered' } : { value: null, raw: '', status: 'blank' },
  );
}
