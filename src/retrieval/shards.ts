import type {
  CitedReport,
  FactRow,
  Passage,
  FailedCheck,
  ReportCheck,
  ReportFilter,
  ReportInfo,
  ReportPage,
  RowMerge,
  Store,
  TermStats,
  VectorIndex,
  YearCount,
} from '../domain/ports.ts';
import type { Cell, RuleResult, Section } from '../domain/types.ts';
import { compareSql, mergeRows, orderBy } from './merge-rows.ts';
import { citedReports, failedChecks } from './lexical.ts';

/** Facts a store returns at most (factsOf's LIMIT). */
const MAX_FACTS = 5000;

/** Where each org and report lives, read from every shard's report list. */
interface Directory {
  orgShards: Map<string | null, Set<number>>;
  regionShards: { region: string; shard: number }[];
  reportShard: Map<number, number>;
}

/**
 * One Store over several shards, each a Store over part of the corpus: whole orgs, each in one
 * shard, every id (report, chunk) unique over all of them. A question's reads go to the shards
 * its orgs and regions name, or to all of them; their rows are merged into what one database
 * holding everything would return (plan queries by the RowMerge they carry, lexical search with
 * the whole corpus's term statistics). The answering code sees one Store.
 *
 * `search`, when given, is a store holding every chunk's full-text row (and the reports' org,
 * region, level, year and title to filter by, not their texts): a full-text match not limited to
 * named orgs runs there, ranked by FTS5's bm25 over the whole corpus as one database ranks it.
 * Without it each shard's bm25 uses its own statistics and the merged ranking can differ.
 */
export class ShardedStore<S extends Store = Store> implements Store {
  private directory: Promise<Directory> | null = null;

  constructor(
    readonly shards: S[],
    readonly search?: Store,
  ) {
    if (shards.length === 0) throw new Error('a sharded store needs at least one shard');
  }

  /** Forgets where orgs and reports live (the data was reloaded), and the shards' caches. */
  invalidate(): void {
    this.directory = null;
    for (const s of [...this.shards, this.search]) (s as { invalidate?: () => void } | undefined)?.invalidate?.();
  }

  private dir(): Promise<Directory> {
    this.directory ??= Promise.all(this.shards.map((s) => s.reports())).then(directoryOf);
    return this.directory;
  }

  /** The shards that may hold rows for these orgs and regions (text in a region's name). */
  private async route(orgs: string[] = [], regions: string[] = []): Promise<number[]> {
    let at = this.shards.map((_, i) => i);
    if (!orgs.length && !regions.length) return at;
    const d = await this.dir();
    if (orgs.length) {
      const named = new Set(orgs.flatMap((o) => [...(d.orgShards.get(o) ?? [])]));
      at = at.filter((i) => named.has(i));
    }
    // A region written with LIKE's wildcards could match more than its text: ask every shard.
    if (regions.length && !regions.some((r) => /[%_]/.test(r))) {
      const named = new Set(
        d.regionShards.filter((x) => regions.some((r) => x.region.includes(r))).map((x) => x.shard),
      );
      at = at.filter((i) => named.has(i));
    }
    return at;
  }

  private routeFilter(f: ReportFilter): Promise<number[]> {
    return this.route(f.org, f.region ? [f.region] : []);
  }

  /** The shard that holds a report, or every shard when the directory does not know it. */
  private async byId<T>(id: number, read: (s: S) => Promise<T>, found: (t: T) => boolean): Promise<T> {
    const at = (await this.dir()).reportShard.get(id);
    if (at !== undefined) return read(this.shards[at]!);
    const all = await Promise.all(this.shards.map(read));
    return all.find(found) ?? all[0]!;
  }

  private async each<T>(at: number[], read: (s: S) => Promise<T>): Promise<T[]> {
    return Promise.all(at.map((i) => read(this.shards[i]!)));
  }

  async reports(filter: ReportFilter = {}): Promise<ReportInfo[]> {
    const lists = await this.each(await this.routeFilter(filter), (s) => s.reports(filter));
    // Every shard's whole list (read when data is loaded): the directory comes with it.
    if (Object.values(filter).every((v) => v === undefined || (Array.isArray(v) && v.length === 0)))
      this.directory ??= Promise.resolve(directoryOf(lists));
    return lists.flat().sort(orderBy<ReportInfo>([{ col: 'org' }, { col: 'year' }]));
  }

  async reportPage(filter: ReportFilter, limit: number, offset: number): Promise<ReportPage> {
    const pages = await this.each(await this.routeFilter(filter), (s) => s.reportPage(filter, limit + offset, 0));
    const years = new Map<number | null, number>();
    for (const p of pages) for (const y of p.years) years.set(y.year, (years.get(y.year) ?? 0) + y.count);
    const byYear: YearCount[] = [...years].map(([year, count]) => ({ year, count }));
    byYear.sort((a, b) => compareSql(b.year, a.year));
    const reports = pages
      .flatMap((p) => p.reports)
      .sort(orderBy<ReportInfo>([{ col: 'year', desc: true }, { col: 'org' }, { col: 'id' }]))
      .slice(offset, offset + Math.max(limit, 0));
    return { total: pages.reduce((n, p) => n + p.total, 0), years: byYear, reports };
  }

  report(id: number): Promise<ReportInfo | null> {
    return this.byId(
      id,
      (s) => s.report(id),
      (r) => r !== null,
    );
  }

  reportText(id: number): Promise<string | null> {
    return this.byId(
      id,
      (s) => s.reportText(id),
      (t) => t !== null,
    );
  }

  sections(id: number): Promise<Section[]> {
    return this.byId(
      id,
      (s) => s.sections(id),
      (x) => x.length > 0,
    );
  }

  cells(id: number, keys?: string[]): Promise<Cell[]> {
    return this.byId(
      id,
      (s) => s.cells(id, keys),
      (x) => x.length > 0,
    );
  }

  validation(id: number): Promise<RuleResult[]> {
    return this.byId(
      id,
      (s) => s.validation(id),
      (x) => x.length > 0,
    );
  }

  async reportChecks(filter: ReportFilter): Promise<ReportCheck[]> {
    const lists = await this.each(await this.routeFilter(filter), (s) => s.reportChecks(filter));
    return lists.flat().sort((a, b) => a.reportId - b.reportId);
  }

  /** Each report's shard is asked for it (a report the directory does not know, every shard). */
  async citedReports(ids: number[], keys: string[]): Promise<Map<number, CitedReport>> {
    const maps = await Promise.all(
      [...(await this.idsByShard(ids))].map(([i, part]) => citedReports(this.shards[i]!, part, keys)),
    );
    return new Map(maps.flatMap((m) => [...m]));
  }

  /** As citedReports; a stable sort keeps each report's checks in their order. */
  async failedChecks(ids: number[]): Promise<FailedCheck[]> {
    const lists = await Promise.all(
      [...(await this.idsByShard(ids))].map(([i, part]) => failedChecks(this.shards[i]!, part)),
    );
    return lists.flat().sort((a, b) => a.reportId - b.reportId);
  }

  /** The ids by the shard that holds each; one the directory does not know goes to every shard. */
  private async idsByShard(ids: number[]): Promise<Map<number, number[]>> {
    const d = await this.dir();
    const out = new Map<number, number[]>();
    for (const id of ids) {
      const at = d.reportShard.get(id);
      for (const i of at === undefined ? this.shards.map((_, j) => j) : [at]) out.set(i, [...(out.get(i) ?? []), id]);
    }
    return out;
  }

  /** A plan query on the shards it names, merged by its RowMerge; without one it cannot be merged. */
  async query(sql: string, params: unknown[], merge?: RowMerge): Promise<Record<string, unknown>[]> {
    if (!merge) {
      if (this.shards.length === 1) return this.shards[0]!.query(sql, params);
      throw new Error('a query over several shards needs a RowMerge to combine their rows');
    }
    const at = await this.route(merge.scope.orgs, merge.scope.regions);
    const [rows, totals] = await Promise.all([
      this.each(at, (s) => s.query(sql, params, merge)),
      merge.totals
        ? this.each(at, async (s) => (await s.query(merge.totals!.sql, merge.totals!.params))[0])
        : Promise.resolve([]),
    ]);
    return mergeRows(merge, rows, totals);
  }

  /** The whole corpus's statistics: counts add up over shards (a chunk is in one shard). */
  async termStats(terms: string[], filter: ReportFilter): Promise<TermStats> {
    if (this.search && !filter.org?.length) return this.search.termStats(terms, filter);
    const parts = await this.each(
      this.shards.map((_, i) => i),
      (s) => s.termStats(terms, filter),
    );
    const df = new Map<string, number>();
    for (const p of parts) for (const [t, n] of p.df) df.set(t, (df.get(t) ?? 0) + n);
    const out: TermStats = { total: parts.reduce((n, p) => n + p.total, 0), df };
    if (filter.org?.length)
      out.lengths = parts.reduce((a, p) => ({ sum: a.sum + (p.lengths?.sum ?? 0), n: a.n + (p.lengths?.n ?? 0) }), {
        sum: 0,
        n: 0,
      });
    return out;
  }

  async searchText(
    q: { words: string[]; bigrams: string[] },
    filter: ReportFilter,
    k: number,
    stats?: TermStats,
  ): Promise<{ chunkId: number; score: number }[]> {
    if (this.search && !filter.org?.length) return this.search.searchText(q, filter, k, stats);
    const at = await this.routeFilter(filter);
    if (at.length === 0) return [];
    const terms = [...new Set([...q.words, ...q.bigrams])];
    // The orgs' chunks' lengths are only needed when they are spread over several shards.
    const scope = at.length > 1 ? filter : { ...filter, org: [] };
    const whole = stats ?? (await this.termStats(terms, scope));
    const hits = await this.each(at, (s) => s.searchText(q, filter, k, whole));
    return hits
      .flat()
      .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId)
      .slice(0, k);
  }

  /** Chunks by id, in the order asked: each shard returns those it holds. */
  async passages(chunkIds: number[]): Promise<Passage[]> {
    const found = new Map(
      (
        await this.each(
          this.shards.map((_, i) => i),
          (s) => s.passages(chunkIds),
        )
      )
        .flat()
        .map((p) => [p.chunkId, p]),
    );
    return chunkIds.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  /** By report id, as one store lists them (a report's facts, in order, come from its shard). */
  async facts(filter: ReportFilter): Promise<FactRow[]> {
    const lists = await this.each(await this.routeFilter(filter), (s) => s.facts(filter));
    return lists
      .flat()
      .sort((a, b) => a.reportId - b.reportId)
      .slice(0, MAX_FACTS);
  }
}

function directoryOf(lists: ReportInfo[][]): Directory {
  const d: Directory = { orgShards: new Map(), regionShards: [], reportShard: new Map() };
  const regions = new Set<string>();
  lists.forEach((reports, shard) => {
    for (const r of reports) {
      d.orgShards.set(r.org, (d.orgShards.get(r.org) ?? new Set<number>()).add(shard));
      d.reportShard.set(r.id, shard);
      if (r.region && !regions.has(`${shard}|${r.region}`)) {
        regions.add(`${shard}|${r.region}`);
        d.regionShards.push({ region: r.region, shard });
      }
    }
  });
  return d;
}

/** One VectorIndex over the shards' indexes: the nearest of every shard's nearest. */
export class ShardedVectorIndex implements VectorIndex {
  constructor(private readonly shards: VectorIndex[]) {}

  async search(vector: number[], filter: ReportFilter, k: number): Promise<{ chunkId: number; distance: number }[]> {
    const hits = await Promise.all(this.shards.map((s) => s.search(vector, filter, k)));
    return nearest(hits.flat(), k);
  }

  async score(vector: number[], chunkIds: number[]): Promise<{ chunkId: number; distance: number }[]> {
    const hits = await Promise.all(this.shards.map(async (s) => (s.score ? s.score(vector, chunkIds) : [])));
    return nearest(hits.flat(), chunkIds.length);
  }
}

const nearest = (hits: { chunkId: number; distance: number }[], k: number) =>
  hits.sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId).slice(0, k);
