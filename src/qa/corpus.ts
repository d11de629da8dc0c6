import { orgAliases } from '../domain/org-names.ts';
import type { ReportInfo } from '../domain/ports.ts';
import { regionUnits } from '../domain/regions.ts';

export interface OrgEntry {
  org: string;
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
  /** Every alias with its org, longest first. */
  aliases: [string, OrgEntry][];
  /** Positions in `aliases` by an alias's first character: a question is scanned once, not per alias. */
  aliasesByFirstChar: Map<string, number[]>;
  byOrg: Map<string, OrgEntry>;
  /** Everyday names that more than one org has (发改局 of two counties): never one of them silently. */
  ambiguous: Map<string, OrgEntry[]>;
  /** Aliases that name no region (古城镇, 发改局): a region the question puts before them must be the org's. */
  unqualified: Set<string>;
  /** Matches any alias, ambiguous name or region name, longest first. */
  namePattern: RegExp | null;
}

/** A region and the units in it that a question may name (a province never alone). */
const regionNames = (region: string | null): string[] =>
  region ? [region, ...regionUnits(region, { province: false })] : [];

export function buildCorpusIndex(reports: ReportInfo[]): CorpusIndex {
  const byOrg = new Map<string, OrgEntry>();
  for (const r of reports) {
    if (!r.org) continue;
    const e = byOrg.get(r.org) ?? { org: r.org, region: r.region, years: [], aliases: [] };
    if (r.year !== null && !e.years.includes(r.year)) e.years.push(r.year);
    e.region ??= r.region;
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
  const aliasesByFirstChar = new Map<string, number[]>();
  aliases.forEach(([a], i) => {
    const at = aliasesByFirstChar.get(a[0]!);
    if (at) at.push(i);
    else aliasesByFirstChar.set(a[0]!, [i]);
  });
  const names = [...new Set([...aliases.map(([a]) => a), ...ambiguous.keys(), ...regions])].sort(
    (a, b) => b.length - a.length,
  );
  const namePattern = names.length
    ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
    : null;
  return {
    orgs: [...byOrg.values()],
    years,
    regions,
    latestYear: years.at(-1) ?? null,
    reports,
    aliases,
    aliasesByFirstChar,
    byOrg,
    ambiguous,
    unqualified,
    namePattern,
  };
}

/** "花马池镇（2021）、古城镇（2023）…" — what the corpus has, for refusals. */
export function describeCorpus(c: CorpusIndex, max = 12): string {
  const list = c.orgs.slice(0, max).map((o) => `${o.org}（${o.years.join('、')}年）`);
  return list.join('、') + (c.orgs.length > max ? ` 等${c.orgs.length}个单位` : '');
}
