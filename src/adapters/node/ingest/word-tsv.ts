import type { PdfPage } from '../../../../ingest/read/pdf-layout.ts';

/**
 * Reads the word boxes of `pdftotext -tsv` and `tesseract … tsv`, which share one format: a header
 * row, then one row per page (level 1) and per word (level 5) with left, top, width, height, conf
 * and text. Page numbers count from 1 in poppler's output and from 1 per image in tesseract's.
 * `minConf` drops OCR words below that confidence (poppler's words all have conf 100).
 */
export function pagesFromTsv(tsv: string, minConf = -1): PdfPage[] {
  const rows = tsv.split('\n');
  const head = rows[0]!.split('\t');
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`word TSV has no ${name} column`);
    return i;
  };
  const [level, page, left, top, width, height, conf, text] = [
    'level',
    'page_num',
    'left',
    'top',
    'width',
    'height',
    'conf',
    'text',
  ].map(col) as [number, number, number, number, number, number, number, number];
  const pages = new Map<number, PdfPage>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    // Only pages (level 1) and words (level 5) are read; blocks, paragraphs and lines are not.
    if (!(row.startsWith('1\t') || row.startsWith('5\t'))) continue;
    const f = row.split('\t');
    if (f.length <= text) continue;
    const n = Number(f[page]);
    const [x, y, w, h] = [left, top, width, height].map((i) => Number(f[i]));
    if (f[level] === '1') pages.set(n, { width: w!, height: h!, words: [] });
    else if (f[level] === '5' && f[text]!.trim() !== '' && Number(f[conf]) >= minConf) {
      pages.get(n)?.words.push({ x0: x!, y0: y!, x1: x! + w!, y1: y! + h!, text: f[text]!, conf: Number(f[conf]) });
    }
  }
  return [...pages.keys()].sort((a, b) => a - b).map((k) => pages.get(k)!);
}
