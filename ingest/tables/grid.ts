import { CHANGE_WORD } from './values.ts';

/**
 * A table region of the normalised text as cells in reading order, whatever the layout it was
 * printed in: tab-separated rows (HTML, docx, PDF readers), markdown pipe tables, columns set
 * apart by runs of spaces (pdftotext -layout, OCR), one cell per line, or a crawler dump with a
 * whole table on one line and its digits glued to the labels. Every cell keeps its offsets into
 * the text, so a value read from it cites the text it came from.
 */

export interface GridCell {
  kind: 'label' | 'value' | 'empty';
  text: string;
  start: number;
  end: number;
  /** Index of the text line the cell is on. */
  line: number;
  /** Characters from the start of its line to the cell: where a fixed-width layout printed it. */
  col?: number;
  /** A value touching label text with no separator (crawler dumps): its digits may run cells together. */
  glued?: boolean;
  /** A label that starts with a row numbering (一、 （一） 1.). */
  numbered?: boolean;
  /** On a line that ends a sentence (…办理行政许可21件。): prose, whose words label no table row. */
  prose?: boolean;
}

/** Page footers printed inside a table that runs over a page break: "- 4 -", "— 5 —", "第 3 页". */
const PAGE_NUMBER = /^(?:[-—–－~]\s*\d{1,3}\s*[-—–－~]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)$/;
/** A markdown table's header separator row: |---|:---:|. */
const MD_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$/;

const NUMBER = '[+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:万元|元|件|条|个|项|次)?';
const VALUE_WORD = new RegExp(`^(?:${NUMBER}|${CHANGE_WORD})$`);
/** A character the conversion could not write ("? 0" for a no-break space before the 0). */
const LOST_CHAR = /^[?？\uFFFD]+$/;
const GLUED_NUMBER = new RegExp(NUMBER, 'g');
export const BLANK_WORD = /^(?:[/／\\]|[-－—–]+|无)$/;

/** A row numbering at the start of a label: 一、 （一） (1) 1. 1、 */
export const NUMBERING =
  /^(?:([一二三四五六七八九十]+)\s*[、.．]|[(（]\s*([一二三四五六七八九十]+|\d{1,2})\s*[)）]|(\d{1,2})\s*[.、．,，](?!\d))/;
/** Where a numbering starts inside a run of label text (a dump glues labels together). */
const INNER_NUMBERING = /[一二三四五六七八九十]、|[(（][一二三四五六七八九十][)）]|(?<![\d.])\d[.、．](?![\d])/g;
/** Column names some converters and OCR tools print instead of the real headers. */
const COLUMN_NAME = /数据\s*\d{1,2}|列\s*\d{1,2}|Column\s*\d{1,2}/gi;

/** The cells of `text` between `from` and `to`, line by line, page footers and table rules dropped. */
export function gridCells(text: string, from: number, to: number): GridCell[] {
  const cells: GridCell[] = [];
  let at = from;
  let line = 0;
  for (const raw of text.slice(from, to).split('\n')) {
    const start = at;
    at += raw.length + 1;
    line++;
    const trimmed = raw.trim();
    if (trimmed === '' || PAGE_NUMBER.test(trimmed) || MD_SEPARATOR.test(trimmed)) continue;
    const prose = raw.includes('。');
    for (const f of fields(raw, start))
      for (const c of splitField(f.text, f.start, line, raw.slice(0, f.start - start).trim() === ''))
        cells.push({ ...c, col: c.start - start, ...(prose && { prose }) });
  }
  return cells;
}

/** A line's fields: tab-separated (empties kept: blank cells), pipe-separated, or set apart by 2+ spaces. */
function fields(line: string, start: number): { text: string; start: number }[] {
  let parts: { text: string; start: number }[];
  if (line.includes('\t')) parts = splitAt(line, /\t/g, start);
  else if (/^\s*\|/.test(line)) {
    const open = line.indexOf('|');
    const close = line.trimEnd().endsWith('|') ? line.lastIndexOf('|') : line.length;
    parts = splitAt(line.slice(open + 1, close), /\|/g, start + open + 1);
  } else parts = splitAt(line, /\s{2,}|\s*[|｜]\s*/g, start).filter((p) => p.text.trim() !== '');
  return parts.map((p) => {
    const lead = p.text.length - p.text.trimStart().length;
    return { text: p.text.trim(), start: p.start + lead };
  });
}

function splitAt(s: string, sep: RegExp, start: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let last = 0;
  for (const m of s.matchAll(sep)) {
    out.push({ text: s.slice(last, m.index), start: start + last });
    last = m.index + m[0].length;
  }
  out.push({ text: s.slice(last), start: start + last });
  return out;
}

/**
 * One field as cells: single-space-separated values split off ("规章 1 0 11"), digits glued to
 * label text split off as glued values, and label text cut where a new row's numbering starts.
 * `opensLine`: nothing is before the field on its line.
 */
function splitField(text: string, start: number, line: number, opensLine: boolean): GridCell[] {
  if (text === '') return [{ kind: 'empty', text: '', start, end: start, line }];
  const out: GridCell[] = [];
  let label: { text: string; start: number } | null = null;
  const flush = () => {
    if (label) out.push(...labelCells(label.text.trimEnd(), label.start, line, opensLine && label.start === start));
    label = null;
  };
  const words = [...text.matchAll(/\S+/g)];
  for (const [i, m] of words.entries()) {
    const word = m[0];
    const ws = start + m.index;
    // Lost before a value in the same cell, it is no cell of its own.
    if (LOST_CHAR.test(word) && VALUE_WORD.test(words[i + 1]?.[0] ?? '')) continue;
    if (VALUE_WORD.test(word) || BLANK_WORD.test(word)) {
      flush();
      out.push({ kind: 'value', text: word, start: ws, end: ws + word.length, line });
    } else if (label) label.text = text.slice(label.start - start, m.index + word.length);
    else label = { text: word, start: ws };
  }
  flush();
  return out;
}

/**
 * Label text with glued digits taken out as values and cut at each row numbering inside it.
 * `opensLine`: the label is the first thing on its line.
 */
function labelCells(text: string, start: number, line: number, opensLine: boolean): GridCell[] {
  if (!/\d/.test(text)) return numberedCells(text, start, line);
  const out: GridCell[] = [];
  const protectedSpans = [...text.matchAll(COLUMN_NAME)].map((m) => [m.index, m.index + m[0].length] as const);
  const isProtected = (i: number) => protectedSpans.some(([a, b]) => i >= a && i < b);
  let last = 0;
  for (const m of text.matchAll(GLUED_NUMBER)) {
    let value = m[0];
    if (isProtected(m.index)) continue;
    const after = text.slice(m.index + value.length);
    // "1.属于" "3、其他": a row's own numbering, not a value; "00000003.危及" ends a value and numbers the next row.
    if (/^[.、．,，](?!\d)/.test(after) && /^\d+$/.test(value)) {
      if (m.index === last || value.length === 1) continue;
      value = value.slice(0, -1);
    }
    if (/^[)）]/.test(after) && /[(（]$/.test(text.slice(0, m.index))) continue;
    // "1信访举报…" opening a line: a row's numbering that lost its mark (OCR drops the "."), not
    // a value; taken as one it would fill the row before with a number the page does not show.
    if (opensLine && m.index === 0 && value.length === 1 && /^[\u4e00-\u9fff]/.test(after)) continue;
    if (m.index > last) out.push(...numberedCells(text.slice(last, m.index), start + last, line));
    const touches = m.index > 0 || m.index + value.length < text.length;
    out.push({
      kind: 'value',
      text: value,
      start: start + m.index,
      end: start + m.index + value.length,
      line,
      glued: touches,
    });
    last = m.index + value.length;
  }
  if (last < text.length) out.push(...numberedCells(text.slice(last), start + last, line));
  return out;
}

function numberedCells(text: string, start: number, line: number): GridCell[] {
  const cuts = [0];
  if (text.length > 3) for (const m of text.matchAll(INNER_NUMBERING)) if (m.index > 0) cuts.push(m.index);
  cuts.push(text.length);
  const out: GridCell[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const raw = text.slice(cuts[i], cuts[i + 1]);
    const t = raw.trim();
    if (t === '') continue;
    const s = start + cuts[i]! + (raw.length - raw.trimStart().length);
    out.push({ kind: 'label', text: t, start: s, end: s + t.length, line, numbered: NUMBERING.test(t) });
  }
  return out;
}
