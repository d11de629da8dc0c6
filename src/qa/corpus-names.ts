/**
 * The names a corpus's orgs go by, looked up a question's words at a time: from a table the
 * database keeps (Node: `org_names`, written when an org's reports change) or from rows derived in
 * memory (the Worker, tests). A fresh process over 100,000 reports no longer derives and hashes
 * 340,000 names before its first answer (1.1–1.5 s of CPU): it looks up the substrings of the
 * question, and what each name stands for is worked out from its rows when first asked.
 */
import { orgAliases } from '../domain/org-names.ts';
import type { OrgEntry } from './corpus.ts';

/** One name one org goes by, as `orgAliases` derives it. */
export interface NameRow {
  name: string;
  org: string;
  /** Whether the name names a region, so that another org of that name elsewhere cannot be meant. */
  regional: boolean;
  /** Its place among the org's names, in `orgAliases` order. */
  pos: number;
}

/** What an org's names are derived from: its identity, the region of its first report that gives one, the aliases its reports give. */
export interface OrgNameSource {
  org: string;
  region: string | null;
  given: string[];
}

/** Where an org's names are kept: rows looked up by name or by org. */
export interface StoredNames {
  /** Each length a name has (any order, repeats allowed). */
  lengths: Iterable<number>;
  /** The rows of each of the names. */
  rowsOf(names: readonly string[]): NameRow[];
  /** Which of the openings some name opens with, where that is cheaper to ask than the names (a table's key range). */
  opens?(openings: readonly string[]): ReadonlySet<string>;
  /** The rows of every name the orgs go by, the other orgs' rows of those names too. */
  rowsOfOrgs(orgs: readonly string[]): NameRow[];
  /** The rows of every name more than one org goes by. */
  sharedRows(): NameRow[];
}

/** An org's names as rows, in `orgAliases` order. */
export const nameRows = (s: OrgNameSource): NameRow[] =>
  orgAliases(s.org, s.region, s.given).map(({ alias, regional }, pos) => ({ name: alias, org: s.org, regional, pos }));

/** Every org's names derived at once and kept in memory. */
export function memoryNames(sources: readonly OrgNameSource[]): StoredNames {
  const byName = new Map<string, NameRow[]>();
  const byOrg = new Map<string, string[]>();
  for (const s of sources) {
    const rows = nameRows(s);
    byOrg.set(
      s.org,
      rows.map((r) => r.name),
    );
    for (const r of rows) {
      const at = byName.get(r.name);
      if (at) at.push(r);
      else byName.set(r.name, [r]);
    }
  }
  const rowsOf = (names: readonly string[]) => names.flatMap((n) => byName.get(n) ?? []);
  return {
    lengths: [...byName.keys()].map((n) => n.length),
    rowsOf,
    rowsOfOrgs: (orgs) => rowsOf([...new Set(orgs.flatMap((o) => byOrg.get(o) ?? []))]),
    sharedRows: () => [...byName.values()].filter((rows) => rows.length > 1).flat(),
  };
}

/** What one name stands for. */
export interface Named {
  name: string;
  /** The orgs it may mean: its owner alone when it is an alias, else every org that has it. */
  orgs: OrgEntry[];
  /** Its owner's place in the corpus's orgs (-1: none, the name is ambiguous or a region's only). */
  owner: number;
  /**
   * Its order among its owner's names: the place of the first org that has it, then its place
   * among that org's names (the order in which a pass over every org's names first meets it).
   */
  seq: number;
  /** Its place in the corpus's regions (-1: none). */
  region: number;
  /** Whether some org has it without a region before it. */
  unqualified: boolean;
}

/** Orgs' places are multiplied by this in `seq`, above any count of one org's names. */
const SEQ_SPAN = 2 ** 20;

/** Names whose meaning is kept, hits and misses: a question's substrings, some thousands of questions' worth. */
const REMEMBERED_NAMES = 200_000;

/** The names of one corpus: what each stands for, worked out from its rows when first looked up. */
export class CorpusNames {
  /** Each length a name or region has, longest first. */
  readonly lengths: number[];
  private readonly known = new Map<string, Named | null>();
  private readonly placeOf: Map<string, number>;
  private readonly regionAt: Map<string, number>;

  /**
   * Which places of a text a name may start at, by their first `length` characters (every name
   * has that many): a text's places no name starts at are not looked up at all.
   */
  readonly opening?: { length: number; opens(openings: readonly string[]): ReadonlySet<string> };

  constructor(
    private readonly stored: StoredNames,
    private readonly orgs: readonly OrgEntry[],
    regions: readonly string[],
  ) {
    this.placeOf = new Map(orgs.map((o, i) => [o.org, i]));
    this.regionAt = new Map(regions.map((r, i) => [r, i]));
    this.lengths = [...new Set([...stored.lengths, ...regions.map((r) => r.length)])].sort((a, b) => b - a);
    const length = this.lengths.at(-1);
    if (stored.opens && length) {
      const ofRegions = new Set(regions.map((r) => r.slice(0, length)));
      const ofOrgs = stored.opens.bind(stored);
      this.opening = {
        length,
        opens: (openings) => {
          const open = new Set(ofOrgs(openings));
          for (const o of openings) if (ofRegions.has(o)) open.add(o);
          return open;
        },
      };
    }
  }

  /** What each of the names stands for, the ones that are names. */
  find(names: readonly string[]): Map<string, Named> {
    const out = new Map<string, Named>();
    const asked: string[] = [];
    for (const n of names) {
      const v = this.known.get(n);
      if (v) out.set(n, v);
      else if (v === undefined) asked.push(n);
    }
    if (!asked.length) return out;
    const rows = group(this.stored.rowsOf([...new Set(asked)]));
    if (this.known.size > REMEMBERED_NAMES) this.known.clear();
    for (const n of asked) {
      // Most are no name: nothing to work out.
      const of = rows.get(n);
      const v = of || this.regionAt.has(n) ? this.named(n, of ?? []) : null;
      this.known.set(n, v);
      if (v) out.set(n, v);
    }
    return out;
  }

  /** A name's meaning from its rows: the orgs that have it, and which of them owns it. */
  private named(name: string, rows: readonly NameRow[]): Named | null {
    const region = this.regionAt.get(name) ?? -1;
    const having = rows
      .map((r) => ({ r, place: this.placeOf.get(r.org) }))
      .filter((h): h is { r: NameRow; place: number } => h.place !== undefined)
      .sort((a, b) => a.place - b.place);
    const first = having[0];
    if (!first) return region < 0 ? null : { name, orgs: [], owner: -1, seq: -1, region, unqualified: false };
    const n: Named = {
      name,
      orgs: having.map((h) => this.orgs[h.place]!),
      owner: first.place,
      seq: first.place * SEQ_SPAN + first.r.pos,
      region,
      unqualified: having.some((h) => !h.r.regional),
    };
    if (n.orgs.length > 1) {
      // An org's own full name is that org's, whatever else shares it as a short form.
      const owner = n.orgs.find((o) => o.org === name);
      if (owner) {
        n.orgs = [owner];
        n.owner = this.placeOf.get(owner.org)!;
      } else {
        n.owner = -1;
        n.seq = -1;
      }
    }
    return n;
  }

  /** The names each org owns, longest first, then in the order a pass over every org's names meets them. */
  aliasesOf(orgs: readonly OrgEntry[]): Map<OrgEntry, string[]> {
    const out = new Map<OrgEntry, Named[]>(orgs.map((o) => [o, []]));
    const rows = group(this.stored.rowsOfOrgs(orgs.map((o) => o.org)));
    for (const [name, of] of rows) {
      const n = this.known.get(name) ?? this.named(name, of);
      if (n && n.owner >= 0) out.get(this.orgs[n.owner]!)?.push(n);
    }
    return new Map(
      [...out].map(([o, ns]) => [
        o,
        ns.sort((a, b) => b.name.length - a.name.length || a.seq - b.seq).map((n) => n.name),
      ]),
    );
  }

  /**
   * Everyday names more than one org has and none owns (发改局 of two counties), with those orgs,
   * in the order a pass over every org's names finds them shared (by the second org's names).
   */
  ambiguous(): Map<string, OrgEntry[]> {
    const found: { n: Named; second: number }[] = [];
    for (const [name, of] of group(this.stored.sharedRows())) {
      const n = this.named(name, of);
      if (!n || n.owner >= 0 || n.orgs.length < 2) continue;
      const [, second] = of
        .filter((r) => this.placeOf.has(r.org))
        .map((r) => this.placeOf.get(r.org)! * SEQ_SPAN + r.pos)
        .sort((a, b) => a - b);
      found.push({ n, second: second! });
    }
    return new Map(found.sort((a, b) => a.second - b.second).map(({ n }) => [n.name, n.orgs]));
  }
}

/** Rows by name. */
function group(rows: readonly NameRow[]): Map<string, NameRow[]> {
  const out = new Map<string, NameRow[]>();
  for (const r of rows) {
    const at = out.get(r.name);
    if (at) at.push(r);
    else out.set(r.name, [r]);
  }
  return out;
}
