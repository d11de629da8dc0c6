/**
 * Table rules erased from a rendered page before OCR: tesseract reads a cell's border as "|",
 * "]" or a digit 1 glued to the number beside it ("|178" as 1178), which would be a wrong number.
 * The page is a binary-safe PGM (P5, 8-bit grey, as `pdftoppm -gray` writes it); every straight
 * dark run, horizontal or vertical, longer than `minRun` pixels becomes white. Strokes of
 * characters are far shorter than a table's rules.
 */
export function eraseRules(pgm: Uint8Array, minRun: number): Uint8Array {
  const head = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(
    new TextDecoder('latin1').decode(pgm.subarray(0, 200)),
  );
  if (head?.[3] !== '255') throw new Error('not an 8-bit PGM image');
  const [w, h] = [Number(head[1]), Number(head[2])];
  const off = head[0].length;
  if (pgm.length < off + w * h) throw new Error('PGM image is truncated');
  const px = pgm.slice();
  const erase = new Uint8Array(w * h);
  const dark = (i: number) => pgm[off + i]! < 160;
  const mark = (start: number, len: number, step: number) => {
    for (let k = 0; k < len; k++) erase[start + k * step] = 1;
  };
  for (let y = 0; y < h; y++) {
    let run = 0;
    for (let x = 0; x <= w; x++) {
      if (x < w && dark(y * w + x)) run++;
      else {
        if (run >= minRun) mark(y * w + x - run, run, 1);
        run = 0;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let run = 0;
    for (let y = 0; y <= h; y++) {
      if (y < h && dark(y * w + x)) run++;
      else {
        if (run >= minRun) mark((y - run) * w + x, run, w);
        run = 0;
      }
    }
  }
  for (let i = 0; i < w * h; i++) if (erase[i]) px[off + i] = 255;
  return px;
}
