import type { PdfRule } from '../../../../ingest/read/pdf-layout.ts';

/** A grey level below which a scanned pixel is ink. */
export const DARK = 160;

/** Pixels either side of a rule, lighter than its core (anti-aliasing, JPEG ringing), erased with it: OCR reads them as a 1. */
const HALO = 2;
const HALO_GREY = 230;

/**
 * Table rules erased from a rendered page before OCR: tesseract reads a cell's border as "|",
 * "]" or a digit 1 glued to the number beside it ("|178" as 1178), which would be a wrong number.
 * The page is a binary-safe PGM (P5, 8-bit grey, as `pdftoppm -gray` writes it); every dark run,
 * horizontal or vertical, longer than `minRun` pixels becomes white. A run may waver by a pixel
 * either side, as a rule does on a page scanned a little askew, and its grey fringe goes with it.
 * Strokes of characters are far shorter than a table's rules. The horizontal rules erased are returned too (in pixels, as OCR
 * places its words): the layout keeps a cell's text from joining a row across one; and so is
 * `ruled`, 1 for each pixel erased (row by row), which walls the table's cells in (grid-cells.ts).
 */
export function eraseRules(
  pgm: Uint8Array,
  minRun: number,
): { image: Uint8Array; rules: PdfRule[]; ruled: Uint8Array } {
  const { w, h, off } = readPgm(pgm);
  const px = pgm.slice();
  const erase = new Uint8Array(w * h);
  const dark = (x: number, y: number) => x >= 0 && x < w && y >= 0 && y < h && pgm[off + y * w + x]! < DARK;
  const rules: PdfRule[] = [];
  // Along x for horizontal rules (across = y), then along y for vertical ones.
  for (const horizontal of [true, false]) {
    const [along, across] = horizontal ? [w, h] : [h, w];
    const at = (a: number, c: number) => (horizontal ? dark(a, c) : dark(c, a));
    for (let c = 0; c < across; c++) {
      let run = 0;
      for (let a = 0; a <= along; a++) {
        if (a < along && (at(a, c) || at(a, c - 1) || at(a, c + 1))) run++;
        else {
          if (run >= minRun) {
            for (let k = a - run; k < a; k++)
              for (let d = -HALO; d <= HALO; d++) {
                const [x, y] = horizontal ? [k, c + d] : [c + d, k];
                if (x >= 0 && x < w && y >= 0 && y < h && pgm[off + y * w + x]! < HALO_GREY) erase[y * w + x] = 1;
              }
            if (horizontal) addRun(rules, c, a - run, a);
          }
          run = 0;
        }
      }
    }
  }
  for (let i = 0; i < w * h; i++) if (erase[i]) px[off + i] = 255;
  return { image: px, rules, ruled: erase };
}

/** A rule a few pixels thick is many runs: one on the row just below an overlapping rule widens it. */
function addRun(rules: PdfRule[], y: number, x0: number, x1: number): void {
  const r = rules.findLast((q) => y - q.y1 <= 1 && q.x0 < x1 && x0 < q.x1);
  if (r) Object.assign(r, { y1: y, x0: Math.min(r.x0, x0), x1: Math.max(r.x1, x1) });
  else rules.push({ y0: y, y1: y, x0, x1 });
}

/** An 8-bit PGM's size and where its pixels start. */
export function readPgm(pgm: Uint8Array): { w: number; h: number; off: number } {
  const head = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(
    new TextDecoder('latin1').decode(pgm.subarray(0, 200)),
  );
  if (head?.[3] !== '255') throw new Error('not an 8-bit PGM image');
  const [w, h] = [Number(head[1]), Number(head[2])];
  const off = head[0].length;
  if (pgm.length < off + w * h) throw new Error('PGM image is truncated');
  return { w, h, off };
}
