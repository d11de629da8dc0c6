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
  /** Every alias with its org, longest first. */
  aliases: [string, OrgEntry][];
  /** Positions in `aliases` by alias, for `aliasesIn`. */
  aliasNames: NameSet<number>;
  /** Every alias and ambiguous name with the orgs it may mean (one, or several when ambiguous). */
  orgNames: NameSet<OrgEntry>;
  /** Positions in `regions` by name, for `regionsIn`. */
  regionNames: NameSet<number>;
  byOrg: Map<string, OrgEntry>;
  /** Everyday names that more than one org has (发改局 of two counties): never one of them silently. */
  ambiguous: Map<string, OrgEntry[]>;
  /** Aliases that name no region (古城镇, 发改局): a region the question puts before them must be the org's. */
  unqualified: Set<string>;
  /** Every alias, ambiguous name and region name: `q.replace(namePattern, ' ')` blanks each, longest first. */
  namePattern: NameSet<true> | null;
}

/**
 * Literal names looked up by hashing a text's substrings of each length a name has: the cost of
 * finding names in a question grows with the question, not with the corpus (a province has
 * 100,000 aliases; scanning them, or compiling them into one RegExp, took 10 ms a question).
 */
export class NameSet<T> {
  private readonly byName = new Map<string, T[]>();
  /** Each length a name has, longest first. */
  private readonly lengths: number[];

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [name, value] of entries) {
      if (!name) continue;
      const at = this.byName.get(name);
      if (at) {
        if (!at.includes(value)) at.push(value);
      } else this.byName.set(name, [value]);
    }
    this.lengths = [...new Set([...this.byName.keys()].map((n) => n.length))].sort((a, b) => b - a);
  }

  /** The values of every name occurring anywhere in s (overlapping ones too), each once. */
  valuesIn(s: string): T[] {
    const found = new Set<T>();
    for (let i = 0; i < s.length; i++)
      for (const len of this.lengths) {
        if (i + len > s.length) continue;
        for (const v of this.byName.get(s.slice(i, i + len)) ?? []) found.add(v);
      }
    return [...found];
  }

  /** The values a name stands for (none when it is not in the set). */
  valuesOf(name: string): T[] {
    return this.byName.get(name) ?? [];
  }

  /** The longest name starting at i, if any. */
  longestAt(s: string, i: number): string | undefined {
    for (const len of this.lengths) {
      if (i + len > s.length) continue;
      const name = s.slice(i, i + len);
      if (this.byName.has(name)) return name;
    }
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

/** The aliases that occur in q, in `corpus.aliases` order (longest first). */
export function aliasesIn(q: string, corpus: CorpusIndex): [string, OrgEntry][] {
  return corpus.aliasNames
    .valuesIn(q)
    .sort((a, b) => a - b)
    .map((n) => corpus.aliases[n]!);
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

export function buildCorpusIndex(reports: ReportInfo[]): CorpusIndex {
  const byOrg = new Map<string, OrgEntry>();
  const reportsByOrg = new Map<string, number[]>();
  for (const [i, r] of reports.entries()) {
    if (!r.org) continue;
    const at = reportsByOrg.get(r.org);
    if (at) at.push(i);
    else reportsByOrg.set(r.org, [i]);
    const e = byOrg.get(r.org) ?? { org: r.org, name: r.org, region: r.region, years: [], aliases: [] };
    if (r.year !== null && !e.years.includes(r.year)) e.years.push(r.year);
    e.region ??= r.region;
    e.name = ownName(e.org, e.region);
    byOrg.set(r.org, e);
  }
  // A report may give aliases of its own (read when the metadata carries them).
  const given = new Map<string, string[]>();
  for (const r of reports)
    if (r.org) given.set(r.org, [...(given.get(r.org) ?? []), ...((r as { aliases?: string[] }).aliases ?? [])]);
  const owners = new Map<string, OrgEntry[]>();
  const unqualified = new Set<string>();
  for (const e of byOrg.values()) {
    e.years.sort((a, b) => a - b);
    for (const { alias, regional } of orgAliases(e.org, e.region, given.get(e.org))) {
      owners.set(alias, [...(owners.get(alias) ?? []), e]);
      if (!regional) unqualified.add(alias);
    }
  }
  const ambiguous = new Map<string, OrgEntry[]>();
  for (const [alias, os] of owners) {
    // An org's own full name is that org's, whatever else shares it as a short form.
    const owner = os.length === 1 ? os[0] : os.find((o) => o.org === alias);
    if (owner) owner.aliases.push(alias);
    else ambiguous.set(alias, os);
  }
  for (const e of byOrg.values()) e.aliases.sort((a, b) => b.length - a.length);
  const years = [...new Set(reports.map((r) => r.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const regions = [...new Set([...byOrg.values()].flatMap((e) => regionNames(e.region)))].sort(
    (a, b) => b.length - a.length,
  );
  const aliases = [...byOrg.values()]
    .flatMap((o) => o.aliases.map((a): [string, OrgEntry] => [a, o]))
    .sort((a, b) => b[0].length - a[0].length);
  const names = [...new Set([...aliases.map(([a]) => a), ...ambiguous.keys(), ...regions])];
  return {
    orgs: [...byOrg.values()],
    years,
    regions,
    latestYear: years.at(-1) ?? null,
    reports,
    reportsByOrg,
    aliases,
    aliasNames: new NameSet(aliases.map(([a], i) => [a, i] as const)),
    orgNames: new NameSet<OrgEntry>([
      ...aliases,
      ...[...ambiguous].flatMap(([a, os]) => os.map((o) => [a, o] as const)),
    ]),
    regionNames: new NameSet(regions.map((r, i) => [r, i] as const)),
    byOrg,
    ambiguous,
    unqualified,
    namePattern: names.length ? new NameSet(names.map((n) => [n, true] as const)) : null,
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
