/**
 * Table cells of a scanned page, each read again on its own. Tesseract's page reading drops a lone
 * digit in a narrow cell beside a rule, or reads two cells' "0 0" as one "oo": the row then has
 * too few values to place, and all of it stays NULL. The cells are found from the rules themselves
 * (each region the erased rules wall in, rules-image.ts); a cell the page reading left empty or
 * filled with neither text nor a number is cut out and read alone twice (pdf-tools.ts), and its
 * reading stands only where both agree.
 */
import type { PdfWord } from '../../../../ingest/read/pdf-layout.ts';
import { DARK, readPgm } from './rules-image.ts';

export interface CellBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A cell to read alone: its box, its ink's, and the page reading's words in it. */
export interface CellToRead {
  cell: CellBox;
  ink: CellBox;
  own: PdfWord[];
}

/** The wall map is looked at this many pixels to a side: cells are large, and it is fast. */
const SCALE = 2;
/** Gaps in a rule up to about this many (scaled) pixels are closed, as a scanned rule has them. */
const CLOSE = 1;
/** A region is a cell when it fills this much of its bounding box (a leak between cells does not). */
const FILL = 0.85;
/** A cell is at least this many page pixels to a side (smaller: a gap between two rules). */
const MIN_SIDE = 16;
/** Pixels kept off each side of a cell when it is read: a rule's remnant reads as a 1. */
const INSET = 4;
/** Dark pixels a cell must hold to be read: speckle alone has fewer. */
const MIN_INK = 40;
const CJK = /[\u4e00-\u9fff]/;
const CJK_ALL = /[\u4e00-\u9fff]/g;
const DIGITS = /\d/g;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
const NUMBER = /^[+-]?\d[\d.,]*$/;
const NONE = /^[/／\\—–-]+$/;

/**
 * The regions `ruled` (one byte per page pixel, 1 on a rule) walls in, each a cell's box in page
 * pixels; a region touching the page's edge is the page around the tables, not a cell.
 */
export function ruledCells(ruled: Uint8Array, w: number, h: number): CellBox[] {
  const [sw, sh] = [Math.ceil(w / SCALE), Math.ceil(h / SCALE)];
  const wall = new Uint8Array(sw * sh);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) if (ruled[y * w + x]) wall[((y / SCALE) | 0) * sw + ((x / SCALE) | 0)] = 1;
  const closed = wall.slice();
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++)
      if (wall[y * sw + x])
        for (let dy = -CLOSE; dy <= CLOSE; dy++)
          for (let dx = -CLOSE; dx <= CLOSE; dx++) {
            const [nx, ny] = [x + dx, y + dy];
            if (nx >= 0 && ny >= 0 && nx < sw && ny < sh) closed[ny * sw + nx] = 1;
          }
  const seen = new Uint8Array(sw * sh);
  const stack = new Int32Array(sw * sh);
  const cells: CellBox[] = [];
  for (let start = 0; start < sw * sh; start++) {
    if (closed[start] || seen[start]) continue;
    let [top, x0, y0, x1, y1, area] = [0, sw, sh, 0, 0, 0];
    stack[top++] = start;
    seen[start] = 1;
    while (top) {
      const i = stack[--top]!;
      const [x, y] = [i % sw, (i / sw) | 0];
      area++;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      for (const j of [x > 0 ? i - 1 : -1, x < sw - 1 ? i + 1 : -1, y > 0 ? i - sw : -1, y < sh - 1 ? i + sw : -1])
        if (j >= 0 && !closed[j] && !seen[j]) {
          seen[j] = 1;
          stack[top++] = j;
        }
    }
    const edge = x0 === 0 || y0 === 0 || x1 === sw - 1 || y1 === sh - 1;
    const box = { x0: x0 * SCALE, y0: y0 * SCALE, x1: (x1 + 1) * SCALE, y1: (y1 + 1) * SCALE };
    if (
      !edge &&
      area >= FILL * (x1 - x0 + 1) * (y1 - y0 + 1) &&
      box.x1 - box.x0 >= MIN_SIDE &&
      box.y1 - box.y0 >= MIN_SIDE
    )
      cells.push(box);
  }
  return cells;
}

const inside = (w: PdfWord, c: CellBox) => {
  const [cx, cy] = [(w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2];
  return cx >= c.x0 && cx < c.x1 && cy >= c.y0 && cy < c.y1;
};
/** A word reaching far out of its cell (over a rule, into the next) is no reading of that cell. */
const fits = (w: PdfWord, c: CellBox) => {
  const slack = 0.3 * (w.x1 - w.x0);
  return w.x0 >= c.x0 - slack && w.x1 <= c.x1 + slack;
};

/** The ink of a cell inside its inset box, or null when it holds too little to be a character. */
function inkBox(pgm: Uint8Array, c: CellBox): CellBox | null {
  const { w, off } = readPgm(pgm);
  let [n, x0, y0, x1, y1] = [0, c.x1, c.y1, c.x0, c.y0];
  for (let y = c.y0 + INSET; y < c.y1 - INSET; y++)
    for (let x = c.x0 + INSET; x < c.x1 - INSET; x++)
      if (pgm[off + y * w + x]! < DARK) {
        n++;
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
      }
  return n >= MIN_INK ? { x0, y0, x1, y1 } : null;
}

/**
 * The cells to read alone: those with ink where the page reading has no text (a CJK word) and no
 * number (none it is unsure of) or "/" of its own that fits the cell. `keep`: the page's words less
 * those inside the cells to read (`own`) and stray marks beside them (misreadings), which the
 * cells' readings replace.
 */
export function cellsToRead(
  pgm: Uint8Array,
  cells: CellBox[],
  words: PdfWord[],
): { read: CellToRead[]; keep: PdfWord[] } {
  const read: CellToRead[] = [];
  const drop = new Set<PdfWord>();
  for (const cell of cells) {
    const own = words.filter((w) => inside(w, cell));
    // A word run over the cell's rules (a "和" boxed across five cells, "0和0" for two 0s) is no
    // reading of it, unless it is a label's words.
    const readings = own.filter((w) => fits(w, cell) || count(w.text, CJK_ALL) > Math.max(1, count(w.text, DIGITS)));
    const value = (w: PdfWord) => (NONE.test(w.text) || (NUMBER.test(w.text) && !w.unsure)) && fits(w, cell);
    if (readings.some((w) => CJK.test(w.text) || value(w))) continue;
    const ink = inkBox(pgm, cell);
    if (!ink) continue;
    read.push({ cell, ink, own });
    for (const w of own) drop.add(w);
  }
  // A stray mark on the rule beside a cell read (the 和 of "0和0") goes too; a label's words and
  // another cell's own number stay.
  const near = (w: PdfWord, c: CellBox) => {
    const [cy, x] = [(w.y0 + w.y1) / 2, Math.min(w.x1, c.x1 + 2 * INSET) - Math.max(w.x0, c.x0 - 2 * INSET)];
    return cy >= c.y0 && cy < c.y1 && x >= 0.3 * (w.x1 - w.x0);
  };
  const ownValue = (w: PdfWord) =>
    (NONE.test(w.text) || (NUMBER.test(w.text) && !w.unsure)) && cells.some((c) => inside(w, c) && fits(w, c));
  for (const w of words)
    if (count(w.text, CJK_ALL) < 2 && !ownValue(w) && read.some((r) => near(w, r.cell))) drop.add(w);
  return { read, keep: words.filter((w) => !drop.has(w)) };
}

/** A cell cut out inside its inset box, with a white margin, as a PGM for tesseract. */
export function cutCell(pgm: Uint8Array, c: CellBox): Uint8Array {
  const { w, off } = readPgm(pgm);
  const [x0, y0, x1, y1] = [c.x0 + INSET, c.y0 + INSET, c.x1 - INSET, c.y1 - INSET];
  const m = 2 * INSET;
  const [cw, ch] = [x1 - x0 + 2 * m, y1 - y0 + 2 * m];
  const head = new TextEncoder().encode(`P5\n${cw} ${ch}\n255\n`);
  const out = new Uint8Array(head.length + cw * ch).fill(255);
  out.set(head);
  for (let y = y0; y < y1; y++)
    out.set(pgm.subarray(off + y * w + x0, off + y * w + x1), head.length + (y - y0 + m) * cw + m);
  return out;
}

/** Whether a cell's first reading (digits model) is a number, to be read a second time. */
export const readsNumber = (t: string) => NUMBER.test(t);

/**
 * The words the cells read as. `first`: the digits model's reading of each; `second`: the Chinese
 * and English model's, of those `first` reads as a number. A number both read alike is that word,
 * at the cell's ink; one the second reads otherwise, but not as text (a label the page reading
 * lost), is an unsure number (printed "?": it holds the row's place, its cell stays NULL). A "/"
 * is taken as it is: it says the cell has no number, and a misread one gives no number either.
 */
export function cellWords(read: { ink: CellBox }[], first: string[], second: Map<number, string>): (PdfWord | null)[] {
  return read.map(({ ink }, i) => {
    const [a, b] = [first[i] ?? '', second.get(i) ?? ''];
    if (NONE.test(a) || (NUMBER.test(a) && a === b)) return { ...ink, text: a };
    if (NUMBER.test(a) && !CJK.test(b)) return { ...ink, text: a, unsure: true };
    return null;
  });
}
