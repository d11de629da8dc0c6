/**
 * Which grid cell prints which template row: a tolerant score of a label against a row (its
 * numbering and the characters of its wording, in order), and the best assignment of the rows,
 * in template order, to labels in text order. Labels split over cells, glued to headers, or with
 * a typo still score high; a numbering that contradicts the row's scores low.
 */
import type { RowSpec } from '../../src/domain/catalogue.ts';
import { type GridCell, NUMBERING } from './grid.ts';

/** A label that may start a row: one cell, or a few label cells read together (a label split over lines). */
export interface Candidate {
  /** Index of its first cell in the grid, and one past its last. */
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface Anchor {
  row: RowSpec;
  at: Candidate;
}

/** A row is matched only at this score or above (1 is a label printed exactly with its numbering). */
const MIN_SCORE = 0.7;
/** Label cells read together as one label at most. */
const MAX_PARTS = 4;
/** Characters of a long label cell (a dump's glued headers) that can belong to the row label before a value. */
const MAX_LABEL_CHARS = 60;

interface Numbering {
  kind: 'cn' | 'paren' | 'digit';
  value: string;
}

function numberingOf(label: string): { numbering: Numbering | null; rest: string } {
  const m = NUMBERING.exec(label.trim());
  if (!m) return { numbering: null, rest: label };
  const numbering: Numbering = m[1]
    ? { kind: 'cn', value: m[1] }
    : m[2]
      ? { kind: 'paren', value: m[2] }
      : { kind: 'digit', value: m[3]! };
  return { numbering, rest: label.trim().slice(m[0].length) };
}

/** A label's wording for comparison: no numbering, no bracketed notes, no spaces or punctuation. */
function core(text: string): string {
  return text.replace(/[(（][^)）]*(?:[)）]|$)/g, '').replace(/[\s“”"‘’'、，,.．。：:；;|｜]/g, '');
}

/** A row's label read once: its numbering, its wording, and which UTF-16 codes its wording uses. */
interface RowKey {
  numbering: Numbering | null;
  core: string;
  chars: Uint8Array;
}

const ROW_KEYS = new Map<RowSpec, RowKey>();

function rowKey(row: RowSpec): RowKey {
  let k = ROW_KEYS.get(row);
  if (!k) {
    const { numbering, rest } = numberingOf(row.label);
    const c = core(rest);
    const chars = new Uint8Array(0x10000);
    for (let i = 0; i < c.length; i++) chars[c.charCodeAt(i)] = 1;
    k = { numbering, core: c, chars };
    ROW_KEYS.set(row, k);
  }
  return k;
}

/**
 * Longest common subsequence of `a` with each suffix of `b`: out[j] for the last j characters of b.
 * Labels sit just before their values, so a label glued after a header matches as a suffix.
 */
function suffixLcs(a: string, b: string): Int16Array {
  const n = b.length;
  let prev = new Int16Array(n + 1);
  let cur = new Int16Array(n + 1);
  for (let i = a.length - 1; i >= 0; i--) {
    const ca = a.charCodeAt(i);
    for (let j = 1; j <= n; j++)
      cur[j] = ca === b.charCodeAt(n - j) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev;
}

/** A printed label read once for scoring against every row. */
export interface PreparedLabel {
  numbering: Numbering | null;
  core: string;
}

export function prepareLabel(label: string): PreparedLabel {
  const { numbering, rest } = numberingOf(label);
  return { numbering, core: core(rest).slice(-MAX_LABEL_CHARS) };
}

/** How well a printed label matches a template row, about 0–1.25. */
export function labelScore(label: string | PreparedLabel, row: RowSpec): number {
  const want = rowKey(row);
  const { numbering, core: got } = typeof label === 'string' ? prepareLabel(label) : label;
  const L = want.core.length;
  let shared = 0;
  for (let i = 0; i < got.length; i++) shared += want.chars[got.charCodeAt(i)]!;
  // An upper bound from the shared characters alone: most labels are no match for most rows.
  const most = Math.min(shared, L);
  if (Math.max((2 * most) / (L + got.length) + 0.25, most / L - 0.1) < MIN_SCORE) return 0;
  const lcs = suffixLcs(want.core, got);
  const f1 = (j: number) => (2 * lcs[j]!) / (want.core.length + j);
  let numberTerm = 0;
  if (numbering && want.numbering)
    numberTerm = numbering.kind === want.numbering.kind && numbering.value === want.numbering.value ? 0.25 : -0.5;
  else if (numbering && !want.numbering) numberTerm = -0.2;
  // A label of one or two characters (规章, 3.其他) is itself only with its numbering, if it has one.
  const short = want.core.length <= 2;
  const bare = short && !(numberTerm > 0) && (want.numbering !== null || got !== want.core);
  const whole = bare ? 0 : f1(got.length) + numberTerm;
  // A label read from the end of a longer cell (headers glued before it) loses its numbering.
  let tail = 0;
  for (let j = want.core.length; j < got.length; j++) {
    if (short && (want.numbering !== null || got.slice(-j) !== want.core)) continue;
    tail = Math.max(tail, f1(j) - 0.1);
  }
  return Math.max(whole, tail);
}

/** Every label cell as a candidate, alone and joined with the unnumbered label cells after it; none from prose. */
export function candidates(cells: GridCell[]): Candidate[][] {
  const out: Candidate[][] = [];
  cells.forEach((c, i) => {
    if (c.kind !== 'label' || c.prose) return;
    const group: Candidate[] = [];
    for (let j = i; j < cells.length && j - i < MAX_PARTS; j++) {
      const d = cells[j]!;
      if (d.kind !== 'label' || (j > i && d.numbered) || d.prose) break;
      group.push({ first: i, last: j + 1, start: c.start, end: d.end });
    }
    out.push(group);
  });
  return out;
}

const textOf = (cells: GridCell[], c: Candidate) =>
  cells
    .slice(c.first, c.last)
    .map((x) => x.text)
    .join('');

/**
 * The assignment of template rows (in printed order) to candidates (in text order) with the highest
 * total score: each candidate used once, order kept, a row left out when nothing scores enough.
 * `valueFit` adds a small bonus for a candidate followed by as many values as the row has columns.
 */
export function alignRows(
  rows: RowSpec[],
  cells: GridCell[],
  valueFit: (row: RowSpec, c: Candidate) => number,
): Anchor[] {
  const groups = candidates(cells);
  const prepared = groups.map((g) => g.map((c) => prepareLabel(textOf(cells, c))));
  const n = rows.length;
  const m = groups.length;
  const best: { score: number; at: Candidate | null }[][] = rows.map((row) =>
    groups.map((g, gi) => {
      let top: { score: number; at: Candidate | null } = { score: 0, at: null };
      for (const [ci, c] of g.entries()) {
        const s = labelScore(prepared[gi]![ci]!, row);
        if (s >= MIN_SCORE && s + valueFit(row, c) > top.score) top = { score: s + valueFit(row, c), at: c };
      }
      return top;
    }),
  );
  const dp = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const here = best[i - 1]![j - 1]!;
      dp[i]![j] = Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!, here.at ? dp[i - 1]![j - 1]! + here.score : 0);
    }
  const anchors: Anchor[] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = best[i - 1]![j - 1]!;
    if (dp[i]![j] === dp[i - 1]![j]) i--;
    else if (dp[i]![j] === dp[i]![j - 1]) j--;
    else {
      anchors.push({ row: rows[i - 1]!, at: here.at! });
      i--;
      j--;
    }
  }
  return anchors.reverse();
}
