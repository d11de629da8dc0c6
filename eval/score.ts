/**
 * Scoring of one answer against a question's expectations, exactly as docs/questions.md
 * says: numbers (normalised), keywords, sources, route, refusal.
 */
import { CHINESE_NUMERAL_CHARS, CHINESE_UNITS, chineseNumeral } from '../src/domain/numerals.ts';
import type { Answer, Route } from '../src/domain/types.ts';
import { leadOf } from '../src/qa/lead.ts';

export interface Expected {
  route?: Extract<Route, 'sql' | 'retrieval'>;
  numbers?: number[];
  keywords?: string[];
  sources?: { org: string; year?: number }[];
  refuse?: boolean;
  /** Strings the answer's first paragraph must hold: the answer is stated before the evidence. */
  lead?: string[];
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

// Only runs with a unit character (十二, 三百) count: a lone 一 or 三 is mostly a word (一是, 三审).
const CN_NUMBER = new RegExp(`[${CHINESE_NUMERAL_CHARS}]*[${CHINESE_UNITS}][${CHINESE_NUMERAL_CHARS}]*`, 'g');

/** Every number the text states: Arabic (after normalising) and Chinese numerals. */
export function numbersIn(text: string): number[] {
  // A citation mark [4] is no figure stated: it would let any small expected number pass.
  const t = normalise(text).replace(/\[\d+\]/g, ' ');
  const out = [...t.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  for (const m of t.matchAll(CN_NUMBER)) {
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
  const first = leadOf(text);
  for (const k of e.lead ?? [])
    if (!first.includes(normalise(k))) failures.push(`lead “${first.slice(0, 40)}” lacks “${k}”`);
  let sourceHit: boolean | null = null;
  if (e.sources?.length) {
    sourceHit = e.sources.every((s) =>
      a.citations.some((c) => (c.org ?? '').includes(s.org) && (s.year === undefined || c.year === s.year)),
    );
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
