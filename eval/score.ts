/**
 * Scoring of one answer against a question's expectations, exactly as docs/questions.md
 * says: numbers (normalised), keywords, sources, route, refusal.
 */
import type { Answer, Route } from '../src/domain/types.ts';

export interface Expected {
  route?: 'sql' | 'retrieval';
  numbers?: number[];
  keywords?: string[];
  sources?: { org: string; year?: number }[];
  refuse?: boolean;
}

export interface Question {
  id: string;
  question: string;
  kind: 'numeric' | 'list' | 'narrative' | 'unanswerable';
  expected: Expected;
  /** Earlier user questions of a conversation (follow-up sets). */
  history?: string[];
}

export interface Score {
  pass: boolean;
  failures: string[];
  numbersHit: number;
  numbersTotal: number;
  keywordsHit: number;
  keywordsTotal: number;
  sourceHit: boolean | null;
  routeOk: boolean | null;
  refused: boolean;
}

/** Full-width to half-width for digits, letters and punctuation; thousands separators removed. */
export function normalise(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** 十二 → 12, 一百零五 → 105, 三千 → 3000; null when the run is not a numeral. */
export function chineseNumeral(s: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      const unit = CN_UNITS[ch]!;
      if (unit === 10000) {
        total += (section + (digit ?? 0)) * unit;
        section = 0;
      } else section += (digit ?? 1) * unit;
      digit = null;
    } else return null;
  }
  return total + section + (digit ?? 0);
}

/** Every number the text states: Arabic (after normalising) and Chinese numerals. */
export function numbersIn(text: string): number[] {
  const t = normalise(text);
  const out = [...t.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  // Only runs with a unit character (十二, 三百) count: a lone 一 or 三 is mostly a word (一是, 三审).
  for (const m of t.matchAll(/[零〇一二两三四五六七八九十百千万]*[十百千万][零〇一二两三四五六七八九十百千万]*/g)) {
    const n = chineseNumeral(m[0]);
    if (n !== null) out.push(n);
  }
  return out;
}

export function routeMatches(expected: Route | undefined, actual: Route): boolean {
  if (!expected) return true;
  return actual === expected || actual === 'hybrid';
}

export function scoreAnswer(q: Question, a: Answer): Score {
  const failures: string[] = [];
  const e = q.expected;
  const text = normalise(a.answer);
  const refused = a.route === 'none' || a.refused === true;
  const nums = numbersIn(a.answer);
  let numbersHit = 0;
  for (const n of e.numbers ?? []) {
    if (nums.some((x) => Math.abs(x - n) < 1e-9)) numbersHit++;
    else failures.push(`number ${n} not in the answer`);
  }
  let keywordsHit = 0;
  for (const k of e.keywords ?? []) {
    if (text.includes(normalise(k))) keywordsHit++;
    else failures.push(`keyword “${k}” not in the answer`);
  }
  let sourceHit: boolean | null = null;
  if (e.sources?.length) {
    sourceHit = e.sources.every((s) => a.citations.some((c) => (c.org ?? '').includes(s.org) && (s.year === undefined || c.year === s.year)));
    if (!sourceHit) failures.push(`no citation of ${e.sources.map((s) => `${s.org}${s.year ?? ''}`).join(', ')}`);
  }
  let routeOk: boolean | null = null;
  if (e.route) {
    routeOk = routeMatches(e.route, a.route);
    if (!routeOk) failures.push(`route ${a.route}, expected ${e.route}`);
  }
  if (e.refuse === true && !refused) failures.push('answered, expected a refusal');
  if (e.refuse !== true && refused) failures.push('refused, expected an answer');
  return {
    pass: failures.length === 0,
    failures,
    numbersHit,
    numbersTotal: e.numbers?.length ?? 0,
    keywordsHit,
    keywordsTotal: e.keywords?.length ?? 0,
    sourceHit,
    routeOk,
    refused,
  };
}
