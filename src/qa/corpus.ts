import { orgAliases, ownName, UNNAMED_ORG } from '../domain/org-names.ts';
import type { ReportInfo } from '../domain/ports.ts';
import { regionUnits } from '../domain/regions.ts';

export interface OrgEntry {
  /** Its identity, name and region (盐池县新集镇): what reports, cells and plans name it by. */
  org: string;
  /** Its own name, without the unit its identity opens with (新集镇). */
  name: string;
  region: string | null;
  years: number[];
  /** Ways a question may name it that no other org shares: 花马池镇, 盐池县花马池镇, 花马池, 花马池镇人民政府. */
  aliases: string[];
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
  /** Everyday names that more than one org has (发改局 of two counties): never one of them silently. */
  ambiguous: Map<string, OrgEntry[]>;
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

/**
 * The names of one map found in a text, place by place, each place's longest first. A question
 * is looked at some 130 times while it is understood (each name set, each place of a blanking
 * pass): its hits are found once and the last texts' kept, for every set that views the map.
 */
class Scanner<V> {
  private readonly seen = new Map<string, (Hit<V>[] | undefined)[]>();

  constructor(
    readonly byName: ReadonlyMap<string, V>,
    private readonly lengths: number[],
  ) {}

  /** The hits at each place of s (undefined where there are none). */
  hits(s: string): (Hit<V>[] | undefined)[] {
    const known = this.seen.get(s);
    if (known) return known;
    const places: (Hit<V>[] | undefined)[] = new Array(s.length);
    for (let i = 0; i < s.length; i++)
      for (const len of this.lengths) {
        if (i + len > s.length) continue;
        const name = s.slice(i, i + len);
        const v = this.byName.get(name);
        if (v !== undefined) (places[i] ??= []).push({ name, v });
      }
    if (this.seen.size >= REMEMBERED_TEXTS) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(s, places);
    return places;
  }
}

/** Texts whose hits a scanner keeps: the few a question is rewritten into while it is understood. */
const REMEMBERED_TEXTS = 16;

/**
 * Literal names looked up by hashing a text's substrings of each length a name has: the cost of
 * finding names in a question grows with the question, not with the corpus (a province has
 * 100,000 aliases; scanning them, or compiling them into one RegExp, took 10 ms a question).
 */
export class NameSet<T> {
  /**
   * @param scanner the map's names, found in texts
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
    return new NameSet(new Scanner(byName, lengthsOf(byName.keys())), (v) => v as T[]);
  }

  /**
   * Sets over the names of one map, each of the names whose `pick` is not empty: several sets
   * over one map hash each of 300,000 names once at start instead of once per set, and each
   * question's substrings once instead of once per set.
   * @param lengths each length a name may have, longest first (extra lengths only find nothing)
   */
  static views<V>(byName: ReadonlyMap<string, V>, lengths: number[]): <T>(pick: (v: V) => readonly T[]) => NameSet<T> {
    const scanner = new Scanner(byName, lengths);
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
    const v = this.scanner.byName.get(name);
    return v === undefined ? [] : [...this.pick(v)];
  }

  /** The longest name starting at i, if any. */
  longestAt(s: string, i: number): string | undefined {
    for (const h of this.scanner.hits(s)[i] ?? []) if (this.pick(h.v).length) return h.name;
    return undefined;
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

/** What one name stands for. */
export interface Named {
  name: string;
  /** The orgs it may mean: its owner alone when it is an alias, else every org that has it. */
  orgs: OrgEntry[];
  /** An alias's place among all aliases of the same length: its owner's in `orgs`, then its own (-1: none). */
  owner: number;
  seq: number;
  /** Its place in `regions` (-1: none). */
  region: number;
  /** Whether some org has it without a region before it. */
  unqualified: boolean;
}

/** The order of `corpus.aliases`: longest first, then in the order of the orgs and of each org's aliases. */
const aliasOrder = (a: Named, b: Named) => b.name.length - a.name.length || a.owner - b.owner || a.seq - b.seq;

export function buildCorpusIndex(reports: ReportInfo[]): CorpusIndex {
  const byOrg = new Map<string, OrgEntry>();
  const reportsByOrg = new Map<string, number[]>();
  // A report may give aliases of its own (read when the metadata carries them).
  const given = new Map<string, string[]>();
  const yearsSeen = new Set<number>();
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i]!;
    if (r.year !== null) yearsSeen.add(r.year);
    if (!r.org) continue;
    const at = reportsByOrg.get(r.org);
    if (at) at.push(i);
    else reportsByOrg.set(r.org, [i]);
    let e = byOrg.get(r.org);
    if (!e) byOrg.set(r.org, (e = { org: r.org, name: r.org, region: r.region, years: [], aliases: [] }));
    if (r.year !== null && !e.years.includes(r.year)) e.years.push(r.year);
    e.region ??= r.region;
    const own = (r as { aliases?: string[] }).aliases;
    if (own?.length) given.set(r.org, [...(given.get(r.org) ?? []), ...own]);
  }
  // Every name is hashed once, into one map that the name sets below are views of. A name is
  // numbered as it is first met (the order a pass over the map gives) and taken to be its first
  // org's: only the names several orgs give are looked at again, not all 300,000.
  const named = new Map<string, Named>();
  const shared: Named[] = [];
  let place = 0;
  let seq = 0;
  for (const e of byOrg.values()) {
    e.name = ownName(e.org, e.region);
    e.years.sort((a, b) => a - b);
    for (const { alias, regional } of orgAliases(e.org, e.region, given.get(e.org))) {
      let n = named.get(alias);
      if (!n)
        named.set(alias, (n = { name: alias, orgs: [e], owner: place, seq: seq++, region: -1, unqualified: false }));
      else if (n.orgs.push(e) === 2) shared.push(n);
      if (!regional) n.unqualified = true;
    }
    place++;
  }
  const ambiguous = new Map<string, OrgEntry[]>();
  const orgs = [...byOrg.values()];
  const placeOf = new Map(orgs.map((o, i) => [o, i]));
  for (const n of shared) {
    // An org's own full name is that org's, whatever else shares it as a short form.
    const owner = n.orgs.find((o) => o.org === n.name);
    if (owner) {
      n.orgs = [owner];
      n.owner = placeOf.get(owner)!;
    } else {
      ambiguous.set(n.name, [...n.orgs]);
      n.owner = -1;
      n.seq = -1;
    }
  }
  for (const n of named.values()) if (n.owner >= 0) n.orgs[0]!.aliases.push(n.name);
  for (const e of byOrg.values()) e.aliases.sort((a, b) => b.length - a.length);
  const years = [...yearsSeen].sort((a, b) => a - b);
  const regions = [...new Set([...byOrg.values()].flatMap((e) => regionNames(e.region)))].sort(
    (a, b) => b.length - a.length,
  );
  for (const [i, r] of regions.entries()) {
    const n = named.get(r);
    if (n) n.region = i;
    else named.set(r, { name: r, orgs: [], owner: -1, seq: -1, region: i, unqualified: false });
  }
  const view = NameSet.views(named, lengthsOf(named.keys()));
  let aliases: [string, OrgEntry][] | undefined;
  return {
    orgs,
    years,
    regions,
    latestYear: years.at(-1) ?? null,
    reports,
    reportsByOrg,
    get aliases() {
      aliases ??= [...byOrg.values()]
        .flatMap((o) => o.aliases.map((a): [string, OrgEntry] => [a, o]))
        .sort((a, b) => b[0].length - a[0].length);
      return aliases;
    },
    aliasNames: view((n) => (n.owner < 0 ? [] : [n])),
    orgNames: view((n) => n.orgs),
    regionNames: view((n) => (n.region < 0 ? [] : [n.region])),
    byOrg,
    ambiguous,
    unqualified: { has: (name) => named.get(name)?.unqualified ?? false },
    namePattern: named.size ? view(() => [true] as const) : null,
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
