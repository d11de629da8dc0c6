import nodejieba from 'nodejieba';
import { DOMAIN_TERMS } from '../../domain/terms.ts';
import type { Segmenter } from '../../domain/ports.ts';

/**
 * nodejieba with the domain terms and the corpus's org and region names added to its dictionary
 * (without them 花马池镇 splits). HMM mode keeps digit runs whole (2021, not 2/0/2/1).
 * nodejieba's dictionary is process-wide, so one segmenter serves the process.
 */
/** Cuts of texts up to this long are remembered. */
const CACHED_CHARS = 160;

class JiebaSegmenter implements Segmenter {
  private readonly known = new Set<string>();
  /**
   * Indexing cuts each chunk twice (vector and lexical features), and every report's table rows
   * read the same: remember recent cuts.
   */
  private readonly recent = new Map<string, string[]>();

  constructor() {
    this.addWords(DOMAIN_TERMS);
  }

  /** Adds names (e.g. new orgs at ingest) to the dictionary; words already added are skipped. */
  addWords(words: Iterable<string>): void {
    for (const w of words) {
      if (!w || this.known.has(w)) continue;
      this.known.add(w);
      nodejieba.insertWord(w);
      // Only cuts of texts holding the new word can change.
      for (const text of this.recent.keys()) if (text.includes(w)) this.recent.delete(text);
    }
  }

  cut(text: string): string[] {
    const hit = this.recent.get(text);
    if (hit) return hit;
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
