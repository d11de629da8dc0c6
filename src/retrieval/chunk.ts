import { holdsTable, printedGroup, rowLabel, TABLE_TITLES } from '../domain/catalogue.ts';
import type { Cell, Section } from '../domain/types.ts';

export interface ChunkSpan {
  section: string;
  start: number;
  end: number;
  kind: 'prose' | 'table';
  /** What is indexed when it differs from the quoted text (a table row with its labels). */
  indexText?: string;
}

export const CHUNK_MIN = 150;
export const CHUNK_MAX = 400;
/** Characters of the previous chunk repeated at the start of the next one. */
export const CHUNK_OVERLAP = 40;

const SENTENCE_END = /[。！？；!?;]|\n/g;

/** Sentence spans [start, end) of text[from, to), each ending after its punctuation. */
export function sentences(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  SENTENCE_END.lastIndex = from;
  for (let m = SENTENCE_END.exec(text); m && m.index < to; m = SENTENCE_END.exec(text)) {
    const end = m.index + 1;
    pushTrimmed(text, start, end, out);
    start = end;
  }
  pushTrimmed(text, start, to, out);
  return out;
}

function pushTrimmed(text: string, start: number, end: number, out: [number, number][]): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) out.push([start, end]);
}

/**
 * Chunks of the prose sections: sentences packed to 150–400 characters, a small overlap, never
 * across a (sub)section boundary. Sections 二/三/四 are tables: their rows are indexed separately
 * (see `tableRowChunks`), not as prose — unless the report has no tables (`tables` false: one
 * before 2019, whose every section is prose).
 */
export function proseChunks(text: string, sections: Section[], tables = true): ChunkSpan[] {
  const leaves = leafSections(text, sections, tables);
  const out: ChunkSpan[] = [];
  for (const leaf of leaves) {
    let cur: [number, number] | null = null;
    for (const [s, e] of sentences(text, leaf.start, leaf.end)) {
      if (cur && e - cur[0] > CHUNK_MAX && cur[1] - cur[0] >= CHUNK_MIN) {
        out.push({ section: leaf.path, start: cur[0], end: cur[1], kind: 'prose' });
        cur = [overlapStart(text, cur, s), e];
      } else cur = cur ? [cur[0], e] : [s, e];
      while (cur[1] - cur[0] > CHUNK_MAX * 1.5) {
        const cut: number = cur[0] + CHUNK_MAX;
        out.push({ section: leaf.path, start: cur[0], end: cut, kind: 'prose' });
        cur = [cut - CHUNK_OVERLAP, cur[1]];
      }
    }
    if (cur) out.push({ section: leaf.path, start: cur[0], end: cur[1], kind: 'prose' });
  }
  return out;
}

/** The overlap: whole trailing sentences of the previous chunk up to CHUNK_OVERLAP characters. */
function overlapStart(text: string, prev: [number, number], next: number): number {
  const within = sentences(text, prev[0], prev[1]).filter(([s]) => prev[1] - s <= CHUNK_OVERLAP);
  return within.length ? within[0]![0] : next;
}

interface Leaf {
  path: string;
  start: number;
  end: number;
}

/** The text outside tables split into its smallest sections (a title/preamble leaf first). */
function leafSections(text: string, sections: Section[], tables: boolean): Leaf[] {
  const top = sections.filter((s) => s.depth === 1);
  const leaves: Leaf[] = [];
  const first = top[0]?.start ?? text.length;
  if (first > 0) leaves.push({ path: '标题与导语', start: 0, end: first });
  for (const t of top) {
    if (tables && holdsTable(t.num)) continue;
    const subs = sections.filter((s) => s.depth === 2 && s.start >= t.start && s.end <= t.end);
    const bodyStart = t.start + t.title.length;
    const firstSub = subs[0]?.start ?? t.end;
    if (firstSub > bodyStart) leaves.push({ path: t.title, start: bodyStart, end: firstSub });
    for (const s of subs) leaves.push({ path: s.path, start: s.start, end: s.end });
  }
  return leaves.filter((l) => text.slice(l.start, l.end).trim() !== '');
}

/** Rows that are read together: a 表二 block, a 表三 group (不予公开 1–8, …), 表四. */
function rowGroup(c: Cell): string {
  if (c.table === 't4') return 't4';
  if (c.table === 't2')
    return `t2.${['reg', 'norm'].includes(c.row) ? 'docs' : ['license', 'other_mgmt_service'].includes(c.row) ? 'license' : ['penalty', 'coercion'].includes(c.row) ? 'enforce' : c.row}`;
  const group = printedGroup(c.row);
  if (group) return `t3.${group}`;
  if (c.row === 'new' || c.row === 'carried_over') return 't3.received';
  if (c.row === 'granted' || c.row === 'partial') return 't3.granted';
  return `t3.${c.row}`;
}

/**
 * One chunk per group of printed table rows, quoting the rows as printed but indexed with the
 * table title and row labels, so "which table has 行政处罚" still retrieves them. Their numbers
 * are answered from cells, not from these chunks.
 */
export function tableRowChunks(cells: Cell[]): ChunkSpan[] {
  const groups = new Map<string, Cell[]>();
  for (const c of cells) {
    if (c.start === null || c.end === null) continue;
    const k = rowGroup(c);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const c0 = group[0]!;
    const rows = new Map<string, Cell[]>();
    for (const c of group) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
    // Labels only: the figures are answered from cells, and every report prints the same columns.
    const described = [...rows.keys()].map((row) => rowLabel(c0.table, row));
    return {
      section: TABLE_TITLES[c0.table],
      start: Math.min(...group.map((c) => c.start!)),
      end: Math.max(...group.map((c) => c.end!)),
      kind: 'table' as const,
      indexText: `${TABLE_TITLES[c0.table]} ${described.join(' ')}`,
    };
  });
}
