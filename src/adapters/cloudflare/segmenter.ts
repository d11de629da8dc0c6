import { DOMAIN_TERMS } from '../../domain/terms.ts';
import type { ReportInfo, Segmenter } from '../../domain/ports.ts';

/** The two jieba-wasm calls used; the Node build (export) and the web build (Worker) both have them. */
export interface JiebaWasm {
  cut(text: string, hmm?: boolean | null): string[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

/** Recorded in D1's index_meta: the FTS words and local-hashed vectors were made by this segmenter. */
export const WASM_SEGMENTER = 'jieba-wasm@2.4.0 hmm';

/**
 * jieba-wasm with the same dictionary additions as the Node segmenter: the domain terms first,
 * then the corpus's org and region names (in `corpusWords` order). Index time (export:d1, in
 * Node) and query time (the Worker) build it the same way, so a sentence cuts the same on both
 * sides. jieba-wasm's dictionary is module-wide, like nodejieba's.
 */
export class WasmJiebaSegmenter implements Segmenter {
  private readonly known = new Set<string>();

  constructor(private readonly jieba: JiebaWasm) {
    this.addWords(DOMAIN_TERMS);
  }

  addWords(words: Iterable<string>): void {
    for (const w of words) {
      if (!w || this.known.has(w)) continue;
      this.known.add(w);
      this.jieba.add_word(w);
    }
  }

  cut(text: string): string[] {
    return this.jieba.cut(text, true);
  }
}

/** The names a corpus adds to the dictionary, in a fixed order (reports sorted by org, year). */
export function corpusWords(reports: Pick<ReportInfo, 'org' | 'region'>[]): string[] {
  return reports.flatMap((r) => [r.org, r.region]).filter((w): w is string => Boolean(w));
}

const instances = new WeakMap<JiebaWasm, WasmJiebaSegmenter>();

/** One segmenter per jieba-wasm module (its dictionary is global to the module). */
export function wasmSegmenter(jieba: JiebaWasm): WasmJiebaSegmenter {
  let s = instances.get(jieba);
  if (!s) instances.set(jieba, (s = new WasmJiebaSegmenter(jieba)));
  return s;
}
