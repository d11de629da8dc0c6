/**
 * Near matches: a word of a question that is no known name, read as the one known name it is a
 * single typing slip away from (葛赛镇 → 葛寨镇, 马花池镇 → 花马池镇, 行政处法 → 行政处罚). A slip is
 * one edit — a character swapped for another, two neighbours swapped, one character doubled, added
 * or dropped — scored by how much of the name is left to carry it and by how ordinary the written
 * character is among such names; taken only when one known name is clearly best.
 */
import { regionForms } from '../domain/org-names.ts';
import { placeStems } from '../domain/regions.ts';
import type { CorpusIndex, OrgEntry } from './corpus.ts';
import { homophones, splitOrgName } from './org-match.ts';
import { ENTITY_CUES } from './understand/lexicon.ts';

/** What the writer did to the known word. */
export type Edit =
  | { kind: 'substituted'; at: number; wrote: string; meant: string }
  | { kind: 'swapped'; at: number }
  | { kind: 'doubled' | 'inserted'; at: number; wrote: string }
  | { kind: 'dropped'; at: number };

/** The one edit that turns `known` into `written`, or null when they are equal or further apart. */
export function oneEdit(written: string, known: string): Edit | null {
  let i = 0;
  while (i < written.length && i < known.length && written[i] === known[i]) i++;
  if (written.length === known.length) {
    if (i === written.length) return null;
    if (written.slice(i + 1) === known.slice(i + 1))
      return { kind: 'substituted', at: i, wrote: written[i]!, meant: known[i]! };
    const swapped = written[i] === known[i + 1] && written[i + 1] === known[i];
    return swapped && written.slice(i + 2) === known.slice(i + 2) ? { kind: 'swapped', at: i } : null;
  }
  if (written.length === known.length + 1 && written.slice(i + 1) === known.slice(i)) {
    const wrote = written[i]!;
    const doubled = wrote === written[i - 1] || wrote === written[i + 1];
    return { kind: doubled ? 'doubled' : 'inserted', at: i, wrote };
  }
  if (written.length + 1 === known.length && written.slice(i) === known.slice(i + 1)) return { kind: 'dropped', at: i };
  return null;
}

/**
 * Whether text from `from` may be one edit from `w`, by its first two characters alone: an edit
 * after the first keeps the first, and one at the first keeps or shifts the second.
 */
const mayBeNear = (text: string, from: number, w: string): boolean => {
  const [a, b] = [text[from], text[from + 1]];
  return a === w[0] || a === w[1] || b === w[1] || b === w[0];
};

/**
 * What each slip costs, in characters of the name: a swap or a doubled key keeps every character
 * and is the commonest slip; a dropped character leaves the least to go by.
 */
const COST: Record<Edit['kind'], number> = { swapped: 0.5, doubled: 0.5, substituted: 1, inserted: 1.25, dropped: 2 };
/** The least score taken: a two-character stem bears a substitution only by an unusual character. */
export const MIN_SCORE = 0.4;
/** How far the best must lead every other known name one edit away. */
export const MARGIN = 0.15;
/** Shorter words are never read as another: 南部 is not a slip of 南郊. */
export const MIN_WRITTEN = 3;

export interface Known<T> {
  /** The known word as written (葛寨镇, 行政处罚). */
  name: string;
  value: T;
  /** Its characters that carry no identity, at its end (the 镇 of 葛寨镇): they must be written as they are. */
  tail?: string;
}

export interface NearOptions {
  /** The fewest characters of a known word (its tail aside) that can bear a slip; MIN_WRITTEN by default. */
  minLength?: number;
  /** Whether a character of the known word carries it; one that does not (多, 少) counts for no length. */
  carries?: (c: string) => boolean;
  /** Whether a character added or dropped at either end counts: over a whole text it is the text around the word. */
  innerOnly?: boolean;
  /** Whether a character written at `at` makes another phrase rather than a slip (在城镇, 罚有多少). */
  phraseChar?: (c: string, at: number) => boolean;
  /**
   * What writing `wrote` (for `meant`, when substituted) costs beyond the slip itself: 0…1 for a
   * character ordinary among words of this kind (庄 in place names), more for characters unlike.
   */
  extraCost?: (wrote: string, meant?: string) => number;
  /** Whether the written word is a real word of its own, never a slip (南部镇, 马山镇). */
  isWord?: (written: string) => boolean;
}

export interface NearMatch<T> {
  written: string;
  known: Known<T>;
  edit: Edit;
  score: number;
}

/** The score of `written` as a slip of `known`, 0…1, or null when it is not one edit away. */
export function slipScore<T>(written: string, known: Known<T>, opts: NearOptions = {}): NearMatch<T> | null {
  const tail = known.tail ?? '';
  if (written.length < MIN_WRITTEN || !written.endsWith(tail)) return null;
  const core = written.slice(0, written.length - tail.length);
  const meant = known.name.slice(0, known.name.length - tail.length);
  const edit = oneEdit(core, meant);
  if (!edit || opts.isWord?.(written)) return null;
  const length = [...meant].filter((c) => opts.carries?.(c) ?? true).length;
  if (length < (opts.minLength ?? MIN_WRITTEN)) return null;
  const end = edit.kind === 'dropped' ? meant.length - 1 : core.length - 1;
  if (opts.innerOnly && edit.kind !== 'substituted' && edit.kind !== 'swapped' && (edit.at === 0 || edit.at === end))
    return null;
  if ('wrote' in edit && opts.phraseChar?.(edit.wrote, edit.at)) return null;
  const extra =
    edit.kind === 'substituted'
      ? (opts.extraCost?.(edit.wrote, edit.meant) ?? 0)
      : edit.kind === 'inserted'
        ? (opts.extraCost?.(edit.wrote) ?? 0)
        : 0;
  return { written, known, edit, score: 1 - (COST[edit.kind] + extra) / length };
}

/** A written word read as a known one, and where the text has it (for words read over a whole question). */
export type Reading<T> = [written: string, known: Known<T>, at?: number];

/**
 * The known word a written word is a slip of, given each reading to weigh (a word may be read at
 * several places and lengths): the best scored, at least MIN_SCORE, ahead by MARGIN of every
 * other reading of the same characters as another value — those scored without the extra cost
 * of the written character, for 葛庄镇 is as near 葛寨镇 as 花庄镇, so it is neither.
 */
export function nearest<T>(readings: Iterable<Reading<T>>, opts: NearOptions = {}): NearMatch<T> | null {
  const found: (NearMatch<T> & { at: number })[] = [];
  for (const [w, k, at] of readings) {
    const m = slipScore(w, k, opts);
    if (m) found.push({ ...m, at: at ?? 0 });
  }
  if (found.length === 0) return null;
  const best = found.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < MIN_SCORE - 1e-9) return null;
  const plain = { ...opts, extraCost: () => 0 };
  const overlaps = (m: { at: number; written: string }) =>
    m.at < best.at + best.written.length && best.at < m.at + m.written.length;
  const rivals = found.filter((m) => m.known.value !== best.known.value && overlaps(m));
  return rivals.every((m) => best.score - slipScore(m.written, m.known, plain)!.score >= MARGIN - 1e-9) ? best : null;
}

let charCounts: Map<string, number> | null = null;
/** In how many place stems each character stands (built on first use). */
function stemsHolding(c: string): number {
  if (!charCounts) {
    charCounts = new Map();
    for (const s of placeStems()) for (const x of new Set(s)) charCounts.set(x, (charCounts.get(x) ?? 0) + 1);
  }
  return charCounts.get(c) ?? 0;
}

const FUNCTION_CHAR = ENTITY_CUES.notInName.re;

/** A character standing in one place name in fifty (庄, 家, 东) is an ordinary one: 0 for none, 1 from there. */
const ORDINARY_SHARE = 0.02;

export const placeOptions: NearOptions = {
  // A stem of two characters bears a slip (葛赛 of 葛寨) when the written character is unusual.
  minLength: 2,
  // A name opening with a function word (在城镇, 有道镇) is another phrase.
  phraseChar: (c, at) => at === 0 && FUNCTION_CHAR.test(c),
  extraCost: (c) => Math.min(1, stemsHolding(c) / (placeStems().size * ORDINARY_SHARE)),
  isWord: (written) => placeStems().has(splitOrgName(written).stem),
};

const FORMS = new WeakMap<OrgEntry, string[]>();
/** The ways the question may write an org's region before its name (cached: every unknown name reads them all). */
function formsOf(org: OrgEntry): string[] {
  let forms = FORMS.get(org);
  if (!forms) FORMS.set(org, (forms = regionForms(org.region)));
  return forms;
}

const KNOWN = new WeakMap<readonly OrgEntry[], Known<OrgEntry>[]>();
/** Every name of every org that ends with a unit suffix, with its last character as the tail (made once per corpus). */
function knownNames(corpus: Pick<CorpusIndex, 'orgs' | 'aliases'>): Known<OrgEntry>[] {
  let known = KNOWN.get(corpus.orgs);
  if (known) return known;
  const names = new Map<string, OrgEntry>(corpus.orgs.map((o) => [o.org, o]));
  for (const [alias, o] of corpus.aliases) if (!names.has(alias)) names.set(alias, o);
  known = [...names].flatMap(([name, value]) => {
    const suffix = splitOrgName(name).suffix;
    return suffix ? [{ name, value, tail: suffix.at(-1)! }] : [];
  });
  KNOWN.set(corpus.orgs, known);
  return known;
}

/**
 * The corpus org a name the question gives (and the corpus lacks) is a slip of: the question's
 * text from where the name starts, as long as each known name of the org (±1 character) and
 * holding all of the name, compared with it. The org's unit suffix must be written as it is
 * (南郊乡 is another unit than 南郊镇); a region written before the name must be the org's own.
 */
export function nearOrg(
  question: string,
  name: string,
  corpus: Pick<CorpusIndex, 'orgs' | 'aliases'>,
): { org: OrgEntry; written: string; meant: string } | null {
  const at = question.indexOf(name);
  if (at < 0) return null;
  const pairs: Reading<OrgEntry>[] = [];
  for (const known of knownNames(corpus)) {
    const n = known.name;
    const starts = [
      at,
      ...formsOf(known.value)
        .filter((r) => name.startsWith(r) && !n.startsWith(r))
        .map((r) => at + r.length),
    ];
    for (const from of starts)
      for (const d of [-1, 0, 1]) {
        if (!mayBeNear(question, from, n)) break;
        const end = from + n.length + d;
        const written = question.slice(from, end);
        if (end >= at + name.length && end <= question.length && oneEdit(written, n)) pairs.push([written, known]);
      }
  }
  const best = nearest(pairs, placeOptions);
  return best ? { org: best.known.value, written: best.written, meant: best.known.name } : null;
}

const HAN = /^\p{Script=Han}+$/u;

/**
 * A figure's word bears a slip from four characters on that are no question words (多少件 is no
 * slip of 多少钱, 开了多少 none of 罚了多少); a function word written anywhere in it (罚有多少) is the
 * question's own wording; and a character more or less at its ends is the text around it.
 */
const FIGURE_OPTIONS: NearOptions = {
  minLength: 4,
  // Without a measure of which characters make other words, a character put for one that reads
  // otherwise (公文总数 for 公开总数) is a slip only in a word of five characters or more.
  extraCost: (wrote, meant) => (meant === undefined || homophones(wrote, meant) ? 0 : 2),
  carries: (c) => !FUNCTION_CHAR.test(c),
  innerOnly: true,
  phraseChar: (c) => FUNCTION_CHAR.test(c),
};

/**
 * The one word of `text` that is no known word but one slip from exactly one (行政处法 → 行政处罚,
 * 行政复义 → 行政复议): read at each place and length a known word could have, never
 * inside or across a word written right (exact words win), never over a blank (a name taken out).
 */
export function nearWord(text: string, words: readonly string[]): { written: string; meant: string } | null {
  const exact: [number, number][] = [];
  for (const w of words)
    if (w.length >= 2)
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) exact.push([at, at + w.length]);
  const pairs: Reading<string>[] = [];
  for (const w of words) {
    if (w.length < MIN_WRITTEN) continue;
    for (let from = 0; from < text.length; from++)
      for (const d of [-1, 0, 1]) {
        if (!mayBeNear(text, from, w)) break;
        const to = from + w.length + d;
        const written = text.slice(from, to);
        if (to > text.length || !oneEdit(written, w) || !HAN.test(written)) continue;
        const inside = exact.filter(([a, b]) => a < to && from < b);
        if (inside.some(([a, b]) => a < from || b > to)) continue;
        if ([...written].every((_, i) => inside.some(([a, b]) => a <= from + i && from + i < b))) continue;
        // Readings that write the text alike are one (a word, and a longer word holding it, fixed alike).
        pairs.push([written, { name: w, value: text.slice(0, from) + w + text.slice(to) }, from]);
      }
  }
  const best = nearest(pairs, FIGURE_OPTIONS);
  return best ? { written: best.written, meant: best.known.name } : null;
}
