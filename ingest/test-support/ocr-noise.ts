/**
 * The misreads tesseract makes in a ruled table, applied to a rendered OCR text (render.ts's
 * 'ocr' layout): a rule read as 1 and glued to the number beside it (|37 → 137, 26| → 261), a
 * rule read as a 1 of its own, a digit dropped (34 → 3). Each applies to a number on a table
 * line with the given chance; what a misread changed is returned for the test's message.
 */
import { seeded } from './render.ts';

const NUMBER = /(?<![\d.])\d+(?![\d.])/g;
/** A number with the rule printed before it, if any. */
const RULED_NUMBER = /([|｜]\s*)?(?<![\d.])(\d+)(?![\d.])/g;

export function ocrNoise(text: string, seed: number, rate = 0.04): { text: string; misreads: string[] } {
  const rnd = seeded(seed);
  const misreads: string[] = [];
  const lines = text.split('\n').map((line) => {
    // Table rows only: two numbers or more, the last at the end (prose keeps its dates and figures).
    if ((line.match(NUMBER) ?? []).length < 2 || !/\d\s*$/.test(line)) return line;
    return line.replace(RULED_NUMBER, (all, rule: string | undefined, n: string) => {
      if (rnd() >= rate) return all;
      const r = rnd();
      // A rule read as 1 takes the rule's place; where no rule glyph was printed, it comes on its own.
      const lead = rule === undefined ? '' : ' ';
      const out =
        r < 0.35
          ? `${lead}1${n}`
          : r < 0.55
            ? `${rule ?? ''}${n}1`
            : r < 0.75
              ? `${lead}1 ${n}`
              : `${rule ?? ''}${n.length > 1 ? n.slice(0, -1) : n}`;
      if (out !== all) misreads.push(`${all.trim()} → ${out.trim()}`);
      return out;
    });
  });
  return { text: lines.join('\n'), misreads };
}
