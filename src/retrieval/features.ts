import { STOP_WORDS } from '../domain/terms.ts';
import type { Segmenter } from '../domain/ports.ts';

const HAN = /[\u4e00-\u9fff]/;
const WORDLIKE = /^[\u4e00-\u9fffA-Za-z0-9%.]+$/;

/** Topic words of a text: segmented, without punctuation, particles and question words. */
export function topicWords(seg: Segmenter, text: string): string[] {
  return seg
    .cut(text)
    .map((w) => w.trim().toLowerCase())
    .filter(
      (w) => w !== '' && WORDLIKE.test(w) && !STOP_WORDS.has(w) && !(w.length === 1 && !HAN.test(w) && !/\d/.test(w)),
    );
}

/**
 * Han-character bigrams: a second lexical view that matches where the question and the report
 * were segmented differently (e.g. 新媒体平台 vs 新媒体 + 平台).
 */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\u4e00-\u9fff]+/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** A string for an FTS5 MATCH that finds any of the terms in one column; terms are quoted. */
export function ftsAny(column: string, terms: string[]): string | null {
  const uniq = [...new Set(terms)].filter((t) => t !== '');
  if (uniq.length === 0) return null;
  return `${column} : (${uniq.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`;
}
