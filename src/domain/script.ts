import { ConverterFactory, type ConverterFunction } from 'opencc-js/core';
import toSimplified from 'opencc-js/to/cn';

/**
 * Reports mirrored in traditional script (a portal's 繁體 version, a wiki's copy) are read after
 * conversion to simplified, OpenCC's t2s dictionaries (phrases, then characters) doing the work.
 */

/** Said of every report whose text was converted. */
export const TRADITIONAL_WARNING = '本报告原文为繁体字，已转换为简体字后解析，引文以转换后的文字为准';

/**
 * Share of the Han characters that only traditional script writes above which a text is
 * traditional. A simplified report has next to none (a quoted name, a 乾 or 於 in a title); a
 * converted one has one in six or more, since 開 資 報 會 國 們 為 說 recur in every sentence.
 */
const TRADITIONAL_SHARE = 0.05;

/** Fewer Han characters than this tell nothing of the script; more than SAMPLE_HAN add nothing. */
const MIN_HAN = 50;
const SAMPLE_HAN = 3000;

const [[, characters]] = toSimplified as unknown as [[string, string]];

let traditionalOnly: Set<string> | null = null;
/** traditionalOnly's characters in the range a text's Han characters are counted in, by UTF-16 code. */
let traditionalHan: Uint8Array | null = null;
let convert: ConverterFunction | null = null;

/**
 * The characters that only traditional script writes: those OpenCC converts and that are not,
 * in some sense, also simplified (乾 stays 乾 in 乾隆, so it is left out).
 */
function traditionalChars(): Set<string> {
  if (!traditionalOnly) {
    traditionalOnly = new Set();
    for (const entry of characters.split('|')) {
      const [from, ...to] = entry.split(' ');
      if (from && !to.includes(from)) traditionalOnly.add(from);
    }
  }
  return traditionalOnly;
}

/** Whether a text is written in traditional script. */
export function isTraditional(text: string): boolean {
  if (!traditionalHan) {
    traditionalHan = new Uint8Array(0x10000);
    for (const c of traditionalChars()) if (c.length === 1) traditionalHan[c.charCodeAt(0)] = 1;
  }
  let han = 0;
  let only = 0;
  // By UTF-16 code: the Han range holds no surrogate, so a character outside the BMP is skipped as before.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    if (++han > SAMPLE_HAN) break;
    only += traditionalHan[c]!;
  }
  return han >= MIN_HAN && only / han >= TRADITIONAL_SHARE;
}

/**
 * A text written in traditional script and the same in simplified script (a mirror's pinyin
 * glosses are gone by then: see normaliseText); null for any other text. The dictionaries are built into a converter on the first
 * traditional text only.
 */
export function toSimplifiedScript(text: string): { traditional: string; simplified: string } | null {
  if (!isTraditional(text)) return null;
  convert ??= ConverterFactory(toSimplified);
  return { traditional: text, simplified: standardForms(convert(text)) };
}

/**
 * Simplified forms OpenCC keeps that the mainland standard writes otherwise (谘询 for 咨询), so the
 * converted text meets the words questions use.
 */
const NONSTANDARD: [RegExp, string][] = [[/谘/g, '咨']];
const standardForms = (text: string) => NONSTANDARD.reduce((t, [re, to]) => t.replace(re, to), text);

/**
 * A question in simplified script: one written in traditional script (葛寨鎮…公開了多少條) is
 * converted whole. A question is too short for the share a report's text is judged by, so two
 * characters only traditional script writes decide it; one may be a place's own (乾县).
 */
export function simplifiedQuestion(question: string): string {
  const trad = traditionalChars();
  if ([...question].filter((c) => trad.has(c)).length < 2) return question;
  convert ??= ConverterFactory(toSimplified);
  return convert(question);
}
