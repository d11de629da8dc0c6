import nodejieba from 'nodejieba';
import { fileURLToPath } from 'node:url';
import { DOMAIN_TERMS } from '../../domain/terms.ts';
import type { Segmenter } from '../../domain/ports.ts';

/**
 * nodejieba with the domain terms and the corpus's org and region names added to its dictionary
 * (without them 花马池镇 splits). HMM mode keeps digit runs whole (2021, not 2/0/2/1).
 * nodejieba's dictionary is process-wide, so one segmenter serves the process.
 */
/** Cuts of texts up to this long are remembered. */
const CACHED_CHARS = 160;

/**
 * Keyword extraction's IDF and stop-word lists, which nodejieba loads beside the dictionary: only
 * `extract` reads them, and this service never calls it. One line each (nodejieba asserts that
 * a list is not empty) instead of 6 MB saves a quarter of the load.
 */
const UNUSED_LISTS = fileURLToPath(new URL('./jieba-unused.utf8', import.meta.url));

class JiebaSegmenter implements Segmenter {
  private readonly known = new Set<string>();
  /**
   * Words given before the dictionary is loaded, read when it is: loading it takes a second, and
   * the corpus's names 100,000 reports long, which a question answered from the tables alone need
   * not wait for (the service's first answer).
   */
  private pending: Iterable<string>[] | null = [];
  /**
   * Indexing cuts each chunk twice (vector and lexical features), and every report's table rows
   * read the same: remember recent cuts.
   */
  private readonly recent = new Map<string, string[]>();

  constructor() {
    this.addWords(DOMAIN_TERMS);
  }

  /**
   * Adds names (e.g. new orgs at ingest) to the dictionary; words already added are skipped.
   * Before the dictionary is loaded the words are kept as given and read at the load.
   */
  addWords(words: Iterable<string>): void {
    if (this.pending) {
      this.pending.push(words);
      return;
    }
    for (const w of words) {
      if (!w || this.known.has(w)) continue;
      this.known.add(w);
      nodejieba.insertWord(w);
      // Only cuts of texts holding the new word can change.
      for (const text of this.recent.keys()) if (text.includes(w)) this.recent.delete(text);
    }
  }

  /** Loads the dictionary with the words added so far (at the first cut, unless called before). */
  load(): void {
    if (!this.pending) return;
    nodejieba.load({ idfDict: UNUSED_LISTS, stopWordDict: UNUSED_LISTS });
    const pending = this.pending;
    this.pending = null;
    for (const words of pending) this.addWords(words);
  }

  cut(text: string): string[] {
    const hit = this.recent.get(text);
    if (hit) return hit;
    this.load();
    const words = nodejieba.cut(text, true);
    // Short texts repeat (table labels, questions); prose chunks do not, and kept they would only
    // outlive young-generation collections.
    if (text.length > CACHED_CHARS) return words;
    if (this.recent.size >= 512) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(text, words);
    return words;
  }
}

let instance: JiebaSegmenter | null = null;

export function jiebaSegmenter(): JiebaSegmenter {
  instance ??= new JiebaSegmenter();
  return instance;
}

export type { JiebaSegmenter };
