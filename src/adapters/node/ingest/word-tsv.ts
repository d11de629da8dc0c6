import type { PdfPage } from '../../../../ingest/read/pdf-layout.ts';

/**
 * Reads the word boxes of `pdftotext -tsv` and `tesseract … tsv`, which share one format: a header
 * row, then one row per page (level 1) and per word (level 5) with left, top, width, height, conf
 * and text. Page numbers count from 1 in poppler's output and from 1 per image in tesseract's.
 * `minConf` drops OCR words below that confidence (poppler's words all have conf 100).
 * `lineBoxes`: each word takes the height of its line (level 4), as tesseract's Chinese model boxes
 * a character by its ink (a 送 14 pixels high, a 、 reaching the line above), which would tear
 * lines and cells apart.
 */
export function pagesFromTsv(tsv: string, { minConf = -1, lineBoxes = false } = {}): PdfPage[] {
  const head = tsv.split('\n', 1)[0]!.split('\t');
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
  let line = { y0: 0, y1: 0 };
  // Rows are scanned in place: most are blocks, paragraphs and lines, which are not split.
  for (let at = tsv.indexOf('\n') + 1; at > 0 && at < tsv.length; ) {
    const end = tsv.indexOf('\n', at);
    const next = end < 0 ? tsv.length : end;
    // Only pages (level 1), lines (level 4) and words (level 5) are read.
    const lv = tsv.charCodeAt(at);
    if ((lv === 0x31 || lv === 0x35 || (lineBoxes && lv === 0x34)) && tsv.charCodeAt(at + 1) === 0x09) {
      const f = tsv.slice(at, next).split('\t');
      if (f.length > text) {
        const n = Number(f[page]);
        const [x, y, w, h] = [Number(f[left]), Number(f[top]), Number(f[width]), Number(f[height])];
        if (f[level] === '1') pages.set(n, { width: w, height: h, words: [] });
        else if (f[level] === '4') line = { y0: y, y1: y + h };
        else if (f[level] === '5' && f[text]!.trim() !== '' && Number(f[conf]) >= minConf) {
          const box = lineBoxes ? line : { y0: y, y1: y + h };
          pages.get(n)?.words.push({ x0: x, x1: x + w, ...box, text: f[text]!, conf: Number(f[conf]) });
        }
      }
    }
    at = next + 1;
  }
  return [...pages.keys()].sort((a, b) => a - b).map((k) => pages.get(k)!);
}
