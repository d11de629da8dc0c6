import { ownName, UNNAMED_ORG } from '../domain/org-names.ts';
import type { ReportInfo } from '../domain/ports.ts';
import { regionUnits } from '../domain/regions.ts';
import { CorpusNames, memoryNames, type Named, type OrgNameSource, type StoredNames } from './corpus-names.ts';

export interface OrgEntry {
  /** Its identity, name and region (盐池县新集镇): what reports, cells and plans name it by. */
  org: string;
  /** Its own name, without the unit its identity opens with (新集镇). */
  name: string;
  region: string | null;
  years: number[];
  /** Ways a question may name it that no other org shares: 花马池镇, 盐池县花马池镇, 花马池, 花马池镇人民政府 (worked out when first read). */
  readonly aliases: string[];
}

/** What the corpus holds, for naming orgs and years in questions and for saying what exists. */
export interface CorpusIndex {
  orgs: OrgEntry[];
  years: number[];
  /** Region names, longest first. */
  regions: string[];
  latestYear: number | null;
  reports: ReportInfo[];
  /** Positions in `reports` by org, for `reportsOf`. */
  reportsByOrg: Map<string, number[]>;
  /** Every alias with its org, longest first (made when first read: a question needs only `aliasNames`). */
  readonly aliases: [string, OrgEntry][];
  /** Every alias with its place in `aliases`, for `aliasesIn`. */
  aliasNames: NameSet<Named>;
  /** Every alias and ambiguous name with the orgs it may mean (one, or several when ambiguous). */
  orgNames: NameSet<OrgEntry>;
  /** Positions in `regions` by name, for `regionsIn`. */
  regionNames: NameSet<number>;
  byOrg: Map<string, OrgEntry>;
  /** Everyday names that more than one org has (发改局 of two counties): never one of them silently (made when first read). */
  readonly ambiguous: Map<string, OrgEntry[]>;
  /** Aliases that name no region (古城镇, 发改局): a region the question puts before them must be the org's. */
  unqualified: { has(name: string): boolean };
  /** Every alias, ambiguous name and region name: `q.replace(namePattern, ' ')` blanks each, longest first. */
  namePattern: NameSet<true> | null;
}

/** A name found in a text, with what the map holds for it. */
interface Hit<V> {
  name: string;
  v: V;
}

/** Names looked up a text's substrings at a time. */
interface Lookup<V> {
  /** Each length a name has, longest first (extra lengths only find nothing). */
  lengths: number[];
  /** What each of the names stands for, the ones that are names. */
  find(names: readonly string[]): ReadonlyMap<string, V>;
  /** Which places a name may start at, by their first `length` characters (as CorpusNames has it). */
  opening?: { length: number; opens(openings: readonly string[]): ReadonlySet<string> };
}

/**
 * The names of one lookup found in a text, place by place, each place's longest first. A question
 * is looked at some 130 times while it is understood (each name set, each place of a blanking
 * pass): its hits are found once and the last texts' kept, for every set that views the lookup.
 */
class Scanner<V> {
  private readonly seen = new Map<string, (Hit<V>[] | undefined)[]>();

  constructor(readonly lookup: Lookup<V>) {}

  /** The hits at each place of s (undefined where there are none). */
  hits(s: string): (Hit<V>[] | undefined)[] {
    const known = this.seen.get(s);
    if (known) return known;
    const { lengths } = this.lookup;
    // Where each place's names must end: at the next blank, which no name holds.
    const ends: number[] = new Array(s.length);
    for (let i = s.length - 1, end = s.length; i >= 0; i--) {
      if (s[i] === BLANK) end = i;
      ends[i] = end;
    }
    const open = this.openPlaces(s, ends);
    const substrings: string[] = [];
    for (let i = 0; i < s.length; i++)
      if (open[i]) for (const len of lengths) if (i + len <= ends[i]!) substrings.push(s.slice(i, i + len));
    const found = this.lookup.find(substrings);
    const places: (Hit<V>[] | undefined)[] = new Array(s.length);
    if (found.size)
      for (let i = 0; i < s.length; i++)
        for (const len of open[i] ? lengths : []) {
          if (i + len > ends[i]!) continue;
          const name = s.slice(i, i + len);
          const v = found.get(name);
          if (v !== undefined) (places[i] ??= []).push({ name, v });
        }
    if (this.seen.size >= REMEMBERED_TEXTS) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(s, places);
    return places;
  }

  /** Whether a name may start at each place of s, its opening being one some name has (all, when the lookup cannot say). */
  private openPlaces(s: string, ends: readonly number[]): boolean[] {
    const { opening } = this.lookup;
    if (!opening) return new Array(s.length).fill(true);
    const at = (i: number) => (i + opening.length <= ends[i]! ? s.slice(i, i + opening.length) : '');
    const openings = Array.from({ length: s.length }, (_, i) => at(i));
    const open = opening.opens(openings.filter(Boolean));
    return openings.map((o) => o !== '' && open.has(o));
  }

  /**
   * The hits each text opens with, longest first: of texts looked at only there (a name tried
   * with the words after it), only the names they open with are looked up, all at once.
   */
  openingHits(texts: readonly string[]): (Hit<V>[] | undefined)[] {
    const { lengths } = this.lookup;
    const open = this.lookup.opening;
    const opens = open?.opens(texts.map((s) => s.slice(0, open.length)));
    const opening = (s: string) =>
      opens && !opens.has(s.slice(0, open!.length))
        ? []
        : lengths.filter((len) => len <= s.length).map((len) => s.slice(0, len));
    const found = this.lookup.find(texts.flatMap((s) => (this.seen.has(s) ? [] : opening(s))));
    return texts.map((s) => {
      const known = this.seen.get(s);
      if (known) return known[0];
      const hits = opening(s).flatMap((name) => {
        const v = found.get(name);
        return v === undefined ? [] : [{ name, v }];
      });
      return hits.length ? hits : undefined;
    });
  }
}

/** The full-width space a name found in a question is blanked with (findEntities, mentions): no name holds it. */
const BLANK = '　';

/** Texts whose hits a scanner keeps: the few a question is rewritten into while it is understood. */
const REMEMBERED_TEXTS = 16;

/**
 * Literal names looked up by a text's substrings of each length a name has: the cost of finding
 * names in a question grows with the question, not with the corpus (a province has 100,000
 * aliases; scanning them, or compiling them into one RegExp, took 10 ms a question).
 */
export class NameSet<T> {
  /**
   * @param scanner the lookup's names, found in texts
   * @param pick the values a name's entry stands for (none when it is not in the set)
   */
  private constructor(
    private readonly scanner: Scanner<unknown>,
    private readonly pick: (v: unknown) => readonly T[],
  ) {}

  /** The set of the given names, each with the distinct values given for it. */
  static of<T>(entries: Iterable<readonly [string, T]>): NameSet<T> {
    const byName = new Map<string, T[]>();
    for (const [name, value] of entries) {
      if (!name) continue;
      const at = byName.get(name);
      if (at) {
        if (!at.includes(value)) at.push(value);
      } else byName.set(name, [value]);
    }
    const find = (names: readonly string[]) => {
      const out = new Map<string, T[]>();
      for (const n of names) {
        const v = byName.get(n);
        if (v) out.set(n, v);
      }
      return out;
    };
    return new NameSet(new Scanner({ lengths: lengthsOf(byName.keys()), find }), (v) => v as T[]);
  }

  /**
   * Sets over the names of one lookup, each of the names whose `pick` is not empty: a question's
   * substrings are looked up once for every set instead of once per set.
   */
  static views<V>(lookup: Lookup<V>): <T>(pick: (v: V) => readonly T[]) => NameSet<T> {
    const scanner = new Scanner(lookup);
    return (pick) => new NameSet(scanner, pick as (v: unknown) => never[]);
  }

  /** The values of every name occurring anywhere in s (overlapping ones too), each once. */
  valuesIn(s: string): T[] {
    const found = new Set<T>();
    for (const place of this.scanner.hits(s)) for (const h of place ?? []) for (const v of this.pick(h.v)) found.add(v);
    return [...found];
  }

  /** The values a name stands for (none when it is not in the set). */
  valuesOf(name: string): T[] {
    const v = this.scanner.lookup.find([name]).get(name);
    return v === undefined ? [] : [...this.pick(v)];
  }

  /** The longest name starting at i, if any. */
  longestAt(s: string, i: number): string | undefined {
    for (const h of this.scanner.hits(s)[i] ?? []) if (this.pick(h.v).length) return h.name;
    return undefined;
  }

  /** The longest name each text opens with, as `longestAt(s, 0)`, for texts looked at only there. */
  longestOpenings(texts: readonly string[]): (string | undefined)[] {
    return this.scanner.openingHits(texts).map((hits) => hits?.find((h) => this.pick(h.v).length)?.name);
  }

  /** Names found left to right, each the longest at its place, as a global RegExp of them finds. */
  matches(s: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < s.length; ) {
      const name = this.longestAt(s, i);
      if (name) out.push(name);
      i += name?.length ?? 1;
    }
    return out;
  }

  /** `s.replace(names, by)`: each name `matches` finds replaced by `by`, taken literally. */
  [Symbol.replace](s: string, by: string): string {
    let out = '';
    for (let i = 0; i < s.length; ) {
      const name = this.longestAt(s, i);
      out += name ? by : s[i];
      i += name?.length ?? 1;
    }
    return out;
  }
}

/** Each length the names have, longest first. */
const lengthsOf = (names: Iterable<string>): number[] => {
  const lengths = new Set<number>();
  for (const n of names) lengths.add(n.length);
  return [...lengths].sort((a, b) => b - a);
};

/** The aliases that occur in q, in `corpus.aliases` order (longest first). */
export function aliasesIn(q: string, corpus: CorpusIndex): [string, OrgEntry][] {
  return corpus.aliasNames
    .valuesIn(q)
    .sort(aliasOrder)
    .map((n) => [n.name, n.orgs[0]!]);
}

/** The reports of the given orgs, in `corpus.reports` order, without a pass over all of them. */
export function reportsOf(corpus: CorpusIndex, orgs: string[]): ReportInfo[] {
  return [...new Set(orgs)]
    .flatMap((o) => corpus.reportsByOrg.get(o) ?? [])
    .sort((a, b) => a - b)
    .map((i) => corpus.reports[i]!);
}

/** The regions that occur in q, in `corpus.regions` order (longest first). */
export function regionsIn(q: string, corpus: CorpusIndex): string[] {
  return corpus.regionNames
    .valuesIn(q)
    .sort((a, b) => a - b)
    .map((n) => corpus.regions[n]!);
}

/** A region and the units in it that a question may name (a province never alone). */
const regionNames = (region: string | null): string[] =>
  region ? [region, ...regionUnits(region, { province: false })] : [];

/** The order of `corpus.aliases`: longest first, then in the order of the orgs and of each org's aliases. */
const aliasOrder = (a: Named, b: Named) => b.name.length - a.name.length || a.owner - b.owner || a.seq - b.seq;

export interface CorpusIndexOptions {
  /**
   * Where the orgs' names are kept (a database table brought up to date with the sources given),
   * or null to derive them all in memory; derived in memory when not given.
   */
  storedNames?: (sources: OrgNameSource[]) => StoredNames | null;
}

export function buildCorpusIndex(reports: ReportInfo[], opts: CorpusIndexOptions = {}): CorpusIndex {
  const byOrg = new Map<string, OrgEntry>();
  const reportsByOrg = new Map<string, number[]>();
  // A report may give aliases of its own (read when the metadata carries them).
  const given = new Map<string, string[]>();
  const yearsSeen = new Set<number>();
  // An org's names are worked out when first asked for, from the names of the corpus.
  let names: CorpusNames;
  const entry = (org: string, region: string | null): OrgEntry => {
    let aliases: string[] | undefined;
    return {
      org,
      name: org,
      region,
      years: [],
      get aliases() {
        aliases ??= names.aliasesOf([this]).get(this)!;
        return aliases;
      },
    };
  };
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i]!;
    if (r.year !== null) yearsSeen.add(r.year);
    if (!r.org) continue;
    const at = reportsByOrg.get(r.org);
    if (at) at.push(i);
    else reportsByOrg.set(r.org, [i]);
    let e = byOrg.get(r.org);
    if (!e) byOrg.set(r.org, (e = entry(r.org, r.region)));
    if (r.year !== null && !e.years.includes(r.year)) e.years.push(r.year);
    e.region ??= r.region;
    const own = (r as { aliases?: string[] }).aliases;
    if (own?.length) given.set(r.org, [...(given.get(r.org) ?? []), ...own]);
  }
  const orgs = [...byOrg.values()];
  for (const e of orgs) {
    e.name = ownName(e.org, e.region);
    e.years.sort((a, b) => a - b);
  }
  const sources = orgs.map((e) => ({ org: e.org, region: e.region, given: given.get(e.org) ?? [] }));
  const years = [...yearsSeen].sort((a, b) => a - b);
  const regions = [...new Set(orgs.flatMap((e) => regionNames(e.region)))].sort((a, b) => b.length - a.length);
  names = new CorpusNames(opts.storedNames?.(sources) ?? memoryNames(sources), orgs, regions);
  const view = NameSet.views(names);
  let aliases: [string, OrgEntry][] | undefined;
  let ambiguous: Map<string, OrgEntry[]> | undefined;
  return {
    orgs,
    years,
    regions,
    latestYear: years.at(-1) ?? null,
    reports,
    reportsByOrg,
    get aliases() {
      if (!aliases) {
        const all = names.aliasesOf(orgs);
        aliases = orgs
          .flatMap((o) => all.get(o)!.map((a): [string, OrgEntry] => [a, o]))
          .sort((a, b) => b[0].length - a[0].length);
      }
      return aliases;
    },
    aliasNames: view((n) => (n.owner < 0 ? [] : [n])),
    orgNames: view((n) => n.orgs),
    regionNames: view((n) => (n.region < 0 ? [] : [n.region])),
    byOrg,
    get ambiguous() {
      ambiguous ??= names.ambiguous();
      return ambiguous;
    },
    unqualified: { has: (name) => names.find([name]).get(name)?.unqualified ?? false },
    namePattern: names.lengths.length ? view(() => [true] as const) : null,
  };
}

/** "花马池镇（2021）、古城镇（2023）…" — what the corpus has, for refusals. */
export function describeCorpus(c: CorpusIndex, max = 12): string {
  const list = c.orgs.slice(0, max).map((o) => `${o.org}（${o.years.join('、')}年）`);
  const unnamed = c.reports.filter((r) => !r.org).length;
  return (
    list.join('、') +
    (c.orgs.length > max ? ` 等${c.orgs.length}个单位` : '') +
    (unnamed ? `；另有${unnamed}份${UNNAMED_ORG}的报告` : '')
  );
}
