/**
 * Lays out the words of PDF pages (from any reader: pdf.js, poppler, OCR) as text by geometry:
 * words on one baseline band form a line, a wide horizontal gap separates table cells with a tab,
 * a row label wrapped over several lines inside its cell is joined onto its row of values, and
 * page numbers are dropped, so a table continuing over a page break stays contiguous.
 */

/** One word or text run, in page units with y growing downwards. */
export interface PdfWord {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
  /** OCR's confidence, 0–100. */
  conf?: number;
  /** A number OCR could not confirm: a table cell of it is printed "?" (unreadable). */
  unsure?: boolean;
}

/** A horizontal table rule, in page units. */
export interface PdfRule {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface PdfPage {
  width: number;
  height: number;
  words: PdfWord[];
  /** Horizontal table rules where the reader sees them (OCR of a rendered page): no cell crosses one. */
  rules?: PdfRule[];
}

/** A gap wider than this many heights of the smaller neighbouring word separates two cells. */
const CELL_GAP_EM = 1.2;
/** Lines of one wrapped cell are at most this many line heights apart (gap between them). */
const WRAP_GAP_EM = 1.3;
/** A fragment this many of its heights nearer one row than the other is clearly that row's. */
const TIE_EM = 0.25;
/** Page margins (fraction of the page height) where a bare number is a page number. */
const MARGIN = 0.1;

interface Cell {
  x0: number;
  x1: number;
  text: string;
  unsure?: boolean;
  /** Where an unsure number run on to the cell's text begins ("行政规范性文件5"). */
  unsureTail?: number;
}

interface Line {
  y0: number;
  y1: number;
  cells: Cell[];
}

const center = (a: { y0: number; y1: number }) => (a.y0 + a.y1) / 2;
const VALUE = /^[+-]?[\d.,，]+(?:万元|元|件|%)?$|^[/／\\—–-]+$/;
const isValue = (c: Cell) => VALUE.test(c.text);
const NUMBER = /^[+-]?[\d.,，]+$/;
const CJK = /^[\u4e00-\u9fff]/;
const PAGE_NUMBER = /^[-—–－]\s*\d{1,4}\s*[-—–－]$|^第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?$/;
const BARE_PAGE_NUMBER = /^\d{1,4}(?:\s*\/\s*\d{1,4})?$/;

/**
 * `ocr`: the words come from OCR, which splits Chinese text into words at random; they join
 * without spaces. (A text layer's word break between Chinese words is a printed space.)
 */
export function layoutPages(pages: PdfPage[], ocr = false): string {
  return pages
    .map((p) => layoutPage(p, ocr))
    .filter((p) => p !== '')
    .join('\n');
}

export function layoutPage(page: PdfPage, ocr = false): string {
  const words = page.words.filter((w) => w.text.trim() !== '');
  const lines = joinHeaderCells(joinWrappedCells(groupLines(words, ocr), page.rules ?? []));
  return lines
    .filter((l) => !isPageNumber(l, page.height))
    .map((l) => l.cells.map((c) => c.text).join('\t'))
    .join('\n');
}

/** Words whose vertical centres fall inside each other's extent share a line; lines top to bottom. */
function groupLines(words: PdfWord[], ocr: boolean): Line[] {
  const sorted = [...words].sort((a, b) => center(a) - center(b) || a.x0 - b.x0);
  const bands: { y0: number; y1: number; words: PdfWord[] }[] = [];
  for (const w of sorted) {
    const c = center(w);
    const band = bands.findLast((b) => c >= b.y0 && c <= b.y1 && center(b) >= w.y0 && center(b) <= w.y1);
    if (band) {
      band.words.push(w);
      band.y0 = Math.min(band.y0, w.y0);
      band.y1 = Math.max(band.y1, w.y1);
    } else bands.push({ y0: w.y0, y1: w.y1, words: [w] });
  }
  return bands.map((b) => ({
    y0: b.y0,
    y1: b.y1,
    cells: cellsOf(
      b.words.sort((p, q) => p.x0 - q.x0),
      ocr,
    ),
  }));
}

function cellsOf(words: PdfWord[], ocr: boolean): Cell[] {
  const cells: Cell[] = [];
  let prev: PdfWord | null = null;
  for (const w of words) {
    const text = w.text.trim();
    const last = cells.at(-1);
    const height = prev ? Math.min(prev.y1 - prev.y0, w.y1 - w.y0) : 0;
    const gap = prev ? w.x0 - prev.x1 : 0;
    // Two numbers apart are two cells however narrow the column: no cell prints "72 64".
    const apart =
      gap > CELL_GAP_EM * height || (gap > 0.2 * height && NUMBER.test(text) && NUMBER.test(last?.text ?? ''));
    if (!prev || !last || apart) cells.push({ x0: w.x0, x1: w.x1, text, ...(w.unsure ? { unsure: true } : {}) });
    else {
      if (w.unsure) last.unsure = true;
      // Latin letters and digits keep a space between words, as does a text layer's Chinese.
      const latin = /[0-9A-Za-z]$/.test(last.text);
      const spaced = gap > 0.15 * height && (ocr ? latin && /^[0-9A-Za-z]/.test(text) : latin !== CJK.test(text));
      last.text += spaced ? ' ' : '';
      if (w.unsure && NUMBER.test(text)) last.unsureTail ??= last.text.length;
      else if (!NUMBER.test(text)) delete last.unsureTail;
      last.text += text;
      last.x1 = Math.max(last.x1, w.x1);
    }
    prev = w;
  }
  // A table value OCR could not confirm is unreadable, never a guessed number, also where it ran
  // on to its row's label.
  const row = cells.some(isValue);
  return cells.map((c) =>
    c.unsure && isValue(c)
      ? { ...c, text: '?' }
      : row && c.unsureTail !== undefined
        ? { ...c, text: `${c.text.slice(0, c.unsureTail)}?` }
        : c,
  );
}

const firstValue = (l: Line) => l.cells.findIndex(isValue);
const isRow = (l: Line) => {
  const i = firstValue(l);
  return i >= 0 && l.cells.slice(i).every(isValue);
};
const isFragment = (l: Line) => l.cells.length === 1 && !isValue(l.cells[0]!);
/** The cell before a row's first value: its label, or another column's cell (the label is not on its line). */
const anchorOf = (l: Line) => {
  const at = firstValue(l);
  return at > 0 ? l.cells[at - 1]! : null;
};
/**
 * A fragment may continue a row's label: it ends before the row's first value and starts where
 * the label starts, or right of another column's cell when the row's line holds no label.
 */
const fits = (frag: Cell, row: Line) => {
  const anchor = anchorOf(row);
  return (
    frag.x1 <= row.cells[firstValue(row)]!.x0 && (!anchor || Math.abs(anchor.x0 - frag.x0) < 3 || anchor.x1 <= frag.x0)
  );
};

/**
 * A row label wrapped inside its cell prints as lines of text above and below the row's values
 * (which sit at the cell's vertical centre). Each such fragment — a line of one text cell that
 * starts where the row's label (or the nearest fragment) starts, or right of another column's cell
 * on the row's line (a group label spanning rows), and ends before its first value — joins the
 * row of values nearest to it, provided no wider gap than a wrapped line's separates them. A
 * fragment joins only the nearest row, and none when the rows above and below are about as near:
 * one that does not fit its nearest row belongs to no row, for figures under the wrong label
 * are worse than a label left apart.
 */
function joinWrappedCells(lines: Line[], rules: PdfRule[]): Line[] {
  // A rule under the fragment's start, between its line and the row's, closes the fragment's cell.
  const ruled = (frag: Line, row: Line) => {
    const [top, bottom] = [Math.min(center(frag), center(row)), Math.max(center(frag), center(row))];
    const x = frag.cells[0]!.x0;
    return rules.some((r) => r.y0 > top && r.y1 < bottom && r.x0 <= x && r.x1 > x);
  };
  const owner = new Map<number, number>();
  lines.forEach((frag, i) => {
    if (!isFragment(frag)) return;
    const near: { j: number; d: number; fits: boolean }[] = [];
    for (const dir of [-1, 1]) {
      // Walk over other fragments of the same column to the nearest row in this direction.
      let j = i + dir;
      let prev = frag;
      while (j >= 0 && j < lines.length) {
        const l = lines[j]!;
        const gap = dir > 0 ? l.y0 - prev.y1 : prev.y0 - l.y1;
        if (gap > WRAP_GAP_EM * Math.min(prev.y1 - prev.y0, frag.y1 - frag.y0) || ruled(frag, l)) break;
        if (isRow(l)) {
          near.push({ j, d: Math.abs(center(l) - center(frag)), fits: fits(frag.cells[0]!, l) });
          break;
        }
        j += dir;
        // A line wholly left of the fragment is another column's cell (a group label spanning rows).
        if (l.cells.at(-1)!.x1 <= frag.cells[0]!.x0) continue;
        if (!isFragment(l) || Math.abs(l.cells[0]!.x0 - frag.cells[0]!.x0) >= 3) break;
        prev = l;
      }
    }
    near.sort((a, b) => a.d - b.d);
    const [best, other] = near;
    const clear = !other || other.d - best!.d > TIE_EM * (frag.y1 - frag.y0);
    if (best?.fits && clear) owner.set(i, best.j);
  });
  if (owner.size === 0) return lines;
  const out: Line[] = [];
  lines.forEach((l, j) => {
    if (owner.has(j)) return;
    const frags = [...owner].filter(([, o]) => o === j).map(([i]) => lines[i]!);
    if (frags.length === 0) {
      out.push(l);
      return;
    }
    const at = firstValue(l);
    // The cell before the values is the label's own line unless it lies wholly left of the fragments.
    const cell = anchorOf(l);
    const own = cell && cell.x1 > Math.min(...frags.map((f) => f.cells[0]!.x0)) ? cell : null;
    const parts = [...frags, { y0: l.y0, y1: l.y1, cells: own ? [own] : [] }]
      .filter((p) => p.cells.length > 0)
      .sort((a, b) => center(a) - center(b));
    const label = parts.map((p) => p.cells[0]!.text).join('');
    const x0 = Math.min(...parts.map((p) => p.cells[0]!.x0));
    out.push({
      y0: Math.min(l.y0, ...frags.map((f) => f.y0)),
      y1: Math.max(l.y1, ...frags.map((f) => f.y1)),
      cells: [...l.cells.slice(0, own ? at - 1 : at), { x0, x1: x0, text: label }, ...l.cells.slice(at)],
    });
  });
  return out;
}

/** Lines of a table's header that are read into one line, at most. */
const HEADER_LINES = 8;

/**
 * A table's header cells wrap over several lines ("结果" above "维持"), and a cell spanning two
 * lines prints at their middle, between the others. The lines just above a row of values whose
 * every cell sits over exactly one of the row's columns (or over its label) are one header row:
 * each column's pieces join top to bottom into one line of tab-separated cells, so the header
 * ends with its last column's text, right before the values.
 */
function joinHeaderCells(lines: Line[]): Line[] {
  const out = [...lines];
  for (let v = out.length - 1; v > 0; v--) {
    const row = out[v]!;
    const first = row.cells.findIndex(isValue);
    if (first < 0 || !row.cells.slice(first).every(isValue) || row.cells.length - first < 2) continue;
    const cols = row.cells.slice(first).map((c) => (c.x0 + c.x1) / 2);
    const labelEnd = row.cells[first]!.x0;
    const pitch = Math.min(...cols.slice(1).map((x, j) => x - cols[j]!));
    // A header cell's column: the one whose values' centre is nearest (header text may be
    // left-aligned where values are centred); a cell over two columns' values spans them.
    const slotOf = (c: Cell) => {
      if (c.x1 <= labelEnd) return 0;
      if (cols.filter((x) => x >= c.x0 - 2 && x <= c.x1 + 2).length > 1) return -1;
      const mid = (c.x0 + c.x1) / 2;
      const j = cols.reduce((b, x, i) => (Math.abs(x - mid) < Math.abs(cols[b]! - mid) ? i : b), 0);
      return Math.abs(cols[j]! - mid) < 0.6 * pitch ? j + 1 : -1;
    };
    let top = v;
    while (top > 0 && v - top < HEADER_LINES) {
      const l = out[top - 1]!;
      const slots = l.cells.map(slotOf);
      if (l.cells.some(isValue) || slots.some((j) => j < 0) || !slots.some((j) => j > 0)) break;
      top--;
    }
    if (v - top < 2) continue;
    const slots: string[] = Array.from({ length: cols.length + 1 }, () => '');
    for (const l of out.slice(top, v)) for (const c of l.cells) slots[slotOf(c)] += c.text.replace(/\s+/g, '');
    const cells = slots.map((text, j) => ({ x0: j === 0 ? row.cells[0]!.x0 : cols[j - 1]!, x1: 0, text }));
    out.splice(top, v - top, { y0: out[top]!.y0, y1: out[v - 1]!.y1, cells: first > 0 ? cells : cells.slice(1) });
    v = top;
  }
  return out;
}

function isPageNumber(line: Line, pageHeight: number): boolean {
  const text = line.cells.map((c) => c.text).join(' ');
  if (PAGE_NUMBER.test(text)) return true;
  const inMargin = line.y1 < pageHeight * MARGIN || line.y0 > pageHeight * (1 - MARGIN);
  return inMargin && BARE_PAGE_NUMBER.test(text);
}
