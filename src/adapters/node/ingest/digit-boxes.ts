/**
 * A third reading of OCR'd numbers, each on its own: the page readings of one image share their
 * mistakes (both read a "12" whose box is three digits wide as "2"), while the same box cut out
 * and read alone as one line of digits does not. Each box is cut from the page (a PGM as
 * rules-image.ts reads it) into an image of its own; tesseract reads a list of them in one run,
 * one page each.
 */
import type { PdfPage, PdfWord } from '../../../../ingest/read/pdf-layout.ts';
import { readPgm } from './rules-image.ts';

/**
 * White kept around a word's box when it is cut out, in line heights: across, enough to take in a
 * digit the page reading left out of every box (which then reads otherwise alone), but never a
 * piece of another word on the line.
 */
const PAD_X_EM = 1;
const PAD_Y_EM = 0.3;

/** Each word's box (page pixels, padded) cut from the page as a PGM image; `page`: all the page's words. */
export function cutBoxes(pgm: Uint8Array, words: PdfWord[], page: PdfWord[] = words): Uint8Array[] {
  const { w, h, off } = readPgm(pgm);
  return words.map((b) => {
    const [px, py] = [Math.round(PAD_X_EM * (b.y1 - b.y0)), Math.round(PAD_Y_EM * (b.y1 - b.y0))];
    const line = page.filter((o) => o !== b && Math.min(o.y1, b.y1) - Math.max(o.y0, b.y0) > 0);
    const left = Math.max(Math.floor(b.x0) - px, ...line.filter((o) => o.x1 <= b.x0).map((o) => Math.ceil(o.x1) + 1));
    const right = Math.min(Math.ceil(b.x1) + px, ...line.filter((o) => o.x0 >= b.x1).map((o) => Math.floor(o.x0) - 1));
    const [x0, y0] = [Math.max(0, left), Math.max(0, Math.floor(b.y0) - py)];
    const [x1, y1] = [Math.min(w, right), Math.min(h, Math.ceil(b.y1) + py)];
    const head = new TextEncoder().encode(`P5\n${x1 - x0} ${y1 - y0}\n255\n`);
    const out = new Uint8Array(head.length + (x1 - x0) * (y1 - y0));
    out.set(head);
    for (let y = y0; y < y1; y++)
      out.set(pgm.subarray(off + y * w + x0, off + y * w + x1), head.length + (y - y0) * (x1 - x0));
    return out;
  });
}

/** What each cut-out box reads as alone: its words left to right, joined; "" for none. */
export function boxReadings(pages: PdfPage[]): string[] {
  return pages.map((p) =>
    [...p.words]
      .sort((a, b) => a.x0 - b.x0)
      .map((x) => x.text)
      .join(''),
  );
}
