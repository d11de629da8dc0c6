/**
 * A scanned page turned straight before OCR. A sheet fed askew slants every text line and table
 * rule: tesseract then drops or merges lines of a table, and the rules no longer lie on one pixel
 * row, so rules-image.ts erases them in pieces. The slant is found from the page itself (its
 * lines' projection profile) and the page turned back (pure pixel work on the PGM, no tool).
 */
import { DARK, readPgm } from './rules-image.ts';

/** Slants looked for, in degrees either way: a page fed by hand is rarely further off. */
const MAX_DEG = 5;
/** A coarse search, then a fine one around its best. */
const COARSE_STEP = 0.1;
const FINE_STEP = 0.01;
/** Below this the page is left as it is: a rule drifts under a pixel across a 300 dpi page. */
const MIN_DEG = 0.02;
/** Every this many columns sampled: the profile is over rows, which are all kept. */
const X_STEP = 4;

/**
 * The page's slant in degrees: positive when its lines fall to the right (y grows with x), as
 * an image turned clockwise. Found as the shear that stacks the dark pixels into the sharpest
 * rows (the sum of squared row counts is largest when each text line and rule falls on its rows).
 */
export function skewDegrees(pgm: Uint8Array): number {
  const { w, h, off } = readPgm(pgm);
  const pad = Math.ceil((w / 2) * Math.tan((MAX_DEG * Math.PI) / 180)) + 1;
  let n = 0;
  const xs = new Float64Array(Math.ceil(w / X_STEP) * h);
  // Each dark pixel's row, moved down by pad + 0.5 so that truncating it rounds it.
  const ys = new Float64Array(xs.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x += X_STEP)
      if (pgm[off + y * w + x]! < DARK) {
        xs[n] = x - w / 2;
        ys[n++] = y + pad + 0.5;
      }
  if (!n) return 0;
  const rows = new Float64Array(h + 2 * pad);
  const sharpness = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    rows.fill(0);
    for (let i = 0; i < n; i++) rows[(ys[i]! - xs[i]! * t) | 0]! += 1;
    let s = 0;
    for (let r = 0; r < rows.length; r++) s += rows[r]! * rows[r]!;
    return s;
  };
  const best = (from: number, to: number, step: number) => {
    let [at, top] = [0, -1];
    for (let k = Math.round(from / step); k <= Math.round(to / step); k++) {
      const s = sharpness(k * step);
      // Ties keep the smaller slant: an upright page stays untouched.
      if (s > top || (s === top && Math.abs(k * step) < Math.abs(at))) [at, top] = [k * step, s];
    }
    return at;
  };
  const coarse = best(-MAX_DEG, MAX_DEG, COARSE_STEP);
  return best(coarse - COARSE_STEP, coarse + COARSE_STEP, FINE_STEP);
}

/**
 * The page turned by `deg` about its centre, so that lines of that slant come out level (bilinear,
 * white where no page was), at its size. A page within MIN_DEG of level is returned as it is.
 */
export function turnPage(pgm: Uint8Array, deg: number): Uint8Array {
  if (Math.abs(deg) < MIN_DEG) return pgm;
  const { w, h, off } = readPgm(pgm);
  // A copy: a Buffer's slice() shares its memory.
  const out = Uint8Array.from(pgm);
  const [cos, sin] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  const [cx, cy] = [w / 2, h / 2];
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 255 : pgm[off + y * w + x]!);
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // The level output pixel comes from where the slanted page has it: turned back by deg.
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[off + y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}

/** The page with its slant found and turned out. */
export function deskew(pgm: Uint8Array): { image: Uint8Array; degrees: number } {
  const degrees = skewDegrees(pgm);
  return { image: turnPage(pgm, degrees), degrees };
}
