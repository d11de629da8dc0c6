/**
 * Chinese numerals as reports, answers and questions write them: 三十, 一百零五, 两, 二〇二一,
 * 一亿二千万. The one parser of the project; callers decide which runs of text to read.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 万 and 亿: they scale what comes before them, also after Arabic digits ("1.2万"). */
export const BIG_UNITS: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8 };

/** The digit characters, 零 to 九 with 〇 and 两. */
export const CHINESE_DIGITS = Object.keys(DIGITS).join('');
/** The unit characters, 十 to 亿. */
export const CHINESE_UNITS = [...Object.keys(UNITS), ...Object.keys(BIG_UNITS)].join('');
/** Every character a Chinese numeral is written with (for a regex class: `[${CHINESE_NUMERAL_CHARS}]`). */
export const CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + CHINESE_UNITS;

/**
 * The value of a Chinese numeral, or null when `s` is not one.
 * @example chineseNumeral('九千九百九十九') // 9999
 * @example chineseNumeral('二〇二一') // 2021 (digit by digit when there is no unit)
 */
export function chineseNumeral(s: string): number | null {
  if (s === '' || s[0]! in BIG_UNITS) return null;
  if (![...s].some((c) => c in UNITS || c in BIG_UNITS)) {
    const digits = [...s].map((c) => DIGITS[c]);
    return digits.every((d) => d !== undefined) ? Number(digits.join('')) : null;
  }
  let yi = 0;
  let wan = 0;
  let section = 0;
  let num = 0;
  for (const c of s) {
    if (c in DIGITS) num = DIGITS[c]!;
    else if (c in UNITS) {
      section += (num || 1) * UNITS[c]!;
      num = 0;
    } else if (c === '万') {
      wan += (section + num || 1) * 1e4;
      section = 0;
      num = 0;
    } else if (c === '亿') {
      yi += (wan + section + num || 1) * 1e8;
      wan = 0;
      section = 0;
      num = 0;
    } else return null;
  }
  return yi + wan + section + num;
}

/**
 * A whole number written in Arabic or Chinese digits ("15", "十五", "两"), or null.
 * @example parseCount('前十五名'.slice(1, 3)) // 15
 */
export function parseCount(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : chineseNumeral(s);
}

/** A year written digit by digit in Chinese: 二〇一九年, 二零二一年度, and the short 二一年. */
const CHINESE_YEAR =
  /(?<![近第过去前后这那每十百千零〇一二三四五六七八九两])([零〇一二三四五六七八九]{4}|[一二][零〇一二三四五六七八九])(?=\s*年)/g;

/**
 * The text with years written digit by digit in Chinese put in Arabic digits, as reports and the
 * year cues write them: 二零一九年 → 2019年, 二一年 → 21年. Counts of years (近三年, 十一年) stay.
 * @example arabicYears('花马池镇二零一九年行政处罚多少件') // '花马池镇2019年行政处罚多少件'
 */
export function arabicYears(text: string): string {
  return text.replace(CHINESE_YEAR, (y) => String(chineseNumeral(y)).padStart(y.length, '0'));
}

/**
 * The text with full-width digits and Latin letters in half width, as reports and the cues write
 * them: ２０２１年 → 2021年. Punctuation stays: the cues read its full-width forms.
 */
export function halfWidthDigits(text: string): string {
  return text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
