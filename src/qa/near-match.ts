/**
 * Near matches: a word of a question that is no known name, read as the one known name it is a
 * single typing slip away from (葛赛镇 → 葛寨镇, 马花池镇 → 花马池镇, 行政处法 → 行政处罚). A slip is
 * one edit — a character swapped for another, two neighbours swapped, one character doubled, added
 * or dropped — scored by how much of the name is left to carry it and by how ordinary the written
 * character is among such names; taken only when one known name is clearly best.
 */
import { regionForms } from '../domain/org-names.ts';
import { PLACE_STEMS } from '../domain/place-stems.ts';
import type { CorpusIndex, OrgEntry } from './corpus.ts';
import { splitOrgName } from './org-match.ts';
import { ENTITY_CUES } from './understand/lexicon.ts';

/** What the writer did to the known word. */
export type Edit =
  | { kind: 'substituted'; at: number; wrote: string }
  | { kind: 'swapped'; at: number }
  | { kind: 'doubled' | 'inserted'; at: number; wrote: string }
  | { kind: 'dropped'; at: number };

/** The one edit that turns `known` into `written`, or null when they are equal or further apart. */
export function oneEdit(written: string, known: string): Edit | null {
  let i = 0;
  while (i < written.length && i < known.length && written[i] === known[i]) i++;
  if (written.length === known.length) {
    if (i === written.length) return null;
    if (written.slice(i + 1) === known.slice(i + 1)) return { kind: 'substituted', at: i, wrote: written[i]! };
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
  /** 0…1: how ordinary a written character is among words of this kind; a substitution costs that much more. */
  commonness?: (c: string) => number;
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
  const edit = oneEdit(core, known.name.slice(0, known.name.length - tail.length));
  if (!edit || opts.isWord?.(written)) return null;
  const ordinary = edit.kind === 'substituted' || edit.kind === 'inserted' ? (opts.commonness?.(edit.wrote) ?? 0) : 0;
  // A word opening with a function word (在城镇, 有道镇) is another phrase, not a slip.
  if ('wrote' in edit && edit.at === 0 && ENTITY_CUES.notInName.re.test(edit.wrote)) return null;
  const length = known.name.length - tail.length;
  return { written, known, edit, score: 1 - (COST[edit.kind] + ordinary) / length };
}

/**
 * The known word a written word is a slip of, given each pair to weigh (a word may be read at
 * several lengths): the best scored, at least MIN_SCORE, ahead by MARGIN of every other known
 * value one edit away — those scored without the commonness of the written character, for 葛庄镇
 * is as near 葛寨镇 as 花庄镇, so it is neither.
 */
export function nearest<T>(
  pairs: Iterable<[written: string, known: Known<T>]>,
  opts: NearOptions = {},
): NearMatch<T> | null {
  const found: NearMatch<T>[] = [];
  for (const [w, k] of pairs) {
    const m = slipScore(w, k, opts);
    if (m) found.push(m);
  }
  if (found.length === 0) return null;
  const best = found.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < MIN_SCORE - 1e-9) return null;
  const plain = { ...opts, commonness: () => 0 };
  const rivals = found.filter((m) => m.known.value !== best.known.value);
  return rivals.every((m) => best.score - slipScore(m.written, m.known, plain)!.score >= MARGIN - 1e-9) ? best : null;
}

let places: { stems: Set<string>; count: Map<string, number> } | null = null;
/** The place stems, and in how many of them each character stands (built on first use). */
function placeStems(): { stems: Set<string>; count: Map<string, number> } {
  if (places) return places;
  const stems = new Set(PLACE_STEMS.flatMap((line) => line.split(' ')));
  const count = new Map<string, number>();
  for (const s of stems) for (const c of new Set(s)) count.set(c, (count.get(c) ?? 0) + 1);
  places = { stems, count };
  return places;
}

/** A character standing in one place name in fifty (庄, 家, 东) is an ordinary one: 0 for none, 1 from there. */
const ORDINARY_SHARE = 0.02;

export const placeOptions: NearOptions = {
  commonness: (c) => {
    const { stems, count } = placeStems();
    return Math.min(1, (count.get(c) ?? 0) / (stems.size * ORDINARY_SHARE));
  },
  isWord: (written) => placeStems().stems.has(splitOrgName(written).stem),
};

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
  const names = new Map<string, OrgEntry>(corpus.orgs.map((o) => [o.org, o]));
  for (const [alias, o] of corpus.aliases) if (!names.has(alias)) names.set(alias, o);
  const pairs: [string, Known<OrgEntry>][] = [];
  for (const [n, org] of names) {
    const suffix = splitOrgName(n).suffix;
    if (!suffix) continue;
    const known = { name: n, value: org, tail: suffix.at(-1)! };
    const starts = [
      at,
      ...regionForms(org.region)
        .filter((r) => name.startsWith(r) && !n.startsWith(r))
        .map((r) => at + r.length),
    ];
    for (const from of starts)
      for (const d of [-1, 0, 1]) {
        const end = from + n.length + d;
        if (end >= at + name.length && end <= question.length) pairs.push([question.slice(from, end), known]);
      }
  }
  const best = nearest(pairs, placeOptions);
  return best ? { org: best.known.value, written: best.written, meant: best.known.name } : null;
}
