import type { TableId } from './catalogue.ts';
import type { Cell, ReportMeta, RuleResult, Section } from './types.ts';

/**
 * The interfaces the core depends on. Async, because the Workers adapters (D1, Vectorize,
 * Workers AI) are; the Node adapters wrap synchronous better-sqlite3 calls.
 */

/** A stored report: its metadata, as ingest read it, with its id and source file. */
export interface ReportInfo extends ReportMeta {
  id: number;
  file: string;
}

/** A report with the count of its validation results by status (the report list shows them). */
export interface ReportSummary extends ReportInfo {
  validation: { pass: number; fail: number; na: number };
}

export interface ReportFilter {
  org?: string[];
  region?: string;
  level?: string;
  year?: number[];
  /** Text anywhere in the org, region or title, taken literally (% and _ are characters). */
  text?: string;
}

/** How many reports one year (null: reports that name none) holds. */
export interface YearCount {
  year: number | null;
  count: number;
}

/**
 * One page of the report list. `years` counts the reports the filter matches by year, ignoring the
 * filter's own years, so it lists the years there are to pick from; `total` counts those asked.
 */
export interface ReportPage {
  total: number;
  years: YearCount[];
  reports: ReportSummary[];
}

export interface Passage {
  chunkId: number;
  reportId: number;
  section: string;
  start: number;
  end: number;
  /** The chunk's text: reportText.slice(start, end). */
  text: string;
}

/** A number stated in a report's prose, with the sentence it stands in. */
export interface FactRow {
  reportId: number;
  value: number;
  unit: string;
  approx: boolean;
  subject: string;
  start: number;
  end: number;
  sentenceStart: number;
  sentenceEnd: number;
  sentence: string;
}

/** What ingest's checks found in one report: the rules it failed, and the tables it read cells from (t2…t4). */
export interface ReportCheck {
  reportId: number;
  failed: { rule: string; message: string }[];
  tables: TableId[];
}

/** What citing a report's cells needs: the report, its text and the cells of the keys asked. */
export interface CitedReport {
  info: ReportInfo;
  text: string;
  cells: Cell[];
}

/** A rule a report failed and the cells it checked: an answer warns of those whose cells it used. */
export interface FailedCheck {
  reportId: number;
  rule: string;
  cells: string[];
  message: string;
}

/**
 * What BM25 needs beyond one chunk: how many chunks there are, how many hold each term and, for a
 * search scored over the chunks of a few orgs, their texts' summed length and number.
 */
export interface TermStats {
  total: number;
  df: Map<string, number>;
  lengths?: { sum: number; n: number };
}

/** A column of a query's final order: ascending unless `desc`; NULL lowest, as SQLite sorts. */
export interface OrderKey {
  col: string;
  desc?: boolean;
}

/**
 * How the rows of one plan query, run on each shard (stores holding disjoint sets of whole orgs),
 * combine into the rows it gives over one database holding them all. Rows of one org come from
 * one shard, in that shard's order, so a stable merge on `order` reproduces the single order.
 */
export interface RowMerge {
  /** The orgs and region names the query is limited to: shards holding none of them have no rows. */
  scope: { orgs: string[]; regions: string[] };
  order: OrderKey[];
  limit: number;
  /** Only the rows whose `col` equals the largest (or smallest) over all shards (MAX/MIN queries). */
  extreme?: { col: string; max: boolean };
  /** `col` is 1 + how many rows have a better `by` (RANK() over the rows returned). */
  rank?: { col: string; by: string; desc: boolean };
  /** Columns every row of a shard carries alike (a COUNT(*) OVER ()): summed over the shards. */
  shardCounts?: string[];
  /**
   * A query of one row of partial totals per shard: the columns named here combine over the
   * shards (sums, MIN, MAX, and an average as rounded sum / count) and replace those of every row.
   */
  totals?: {
    sql: string;
    params: unknown[];
    sum: string[];
    min: string[];
    max: string[];
    average?: { col: string; sum: string; count: string; digits: number };
  };
}

export interface Store {
  reports(filter?: ReportFilter): Promise<ReportInfo[]>;
  /** One page of the reports a filter matches, newest year first (no year last), then org, id; with validation counts. */
  reportPage(filter: ReportFilter, limit: number, offset: number): Promise<ReportPage>;
  report(id: number): Promise<ReportInfo | null>;
  reportText(id: number): Promise<string | null>;
  sections(id: number): Promise<Section[]>;
  /** A report's cells, or only those with the given keys. */
  cells(id: number, keys?: string[]): Promise<Cell[]>;
  validation(id: number): Promise<RuleResult[]>;
  /** The checks of every report a filter matches, by id (collection questions: 哪些报告缺表格). */
  reportChecks(filter: ReportFilter): Promise<ReportCheck[]>;
  /**
   * The failed checks of these reports in one query, each report's in the order they were
   * checked. A store without it is read report by report (`validation`).
   */
  failedChecks?(ids: number[]): Promise<FailedCheck[]>;
  /**
   * Several reports with their texts and the cells of `keys`, in two queries (the reports an
   * answer cites). A store without it is read report by report.
   */
  citedReports?(ids: number[], keys: string[]): Promise<Map<number, CitedReport>>;
  /**
   * One read-only SELECT with bound parameters only, a row limit and a time limit. `merge` says how
   * its rows from several shards combine (a store over one database has no use for it).
   */
  query(sql: string, params: unknown[], merge?: RowMerge): Promise<Record<string, unknown>[]>;
  /** The statistics a lexical search over these terms scores with (the whole corpus's, for a shard). */
  termStats(terms: string[], filter: ReportFilter): Promise<TermStats>;
  /** Full-text search over chunks (BM25), best first; scored with `stats` when given. */
  searchText(
    q: { words: string[]; bigrams: string[] },
    filter: ReportFilter,
    k: number,
    stats?: TermStats,
  ): Promise<{ chunkId: number; score: number }[]>;
  passages(chunkIds: number[]): Promise<Passage[]>;
  facts(filter: ReportFilter): Promise<FactRow[]>;
}

export interface VectorIndex {
  search(vector: number[], filter: ReportFilter, k: number): Promise<{ chunkId: number; distance: number }[]>;
  /** Distances to given chunks only (re-scoring lexical candidates), when the index can. */
  score?(vector: number[], chunkIds: number[]): Promise<{ chunkId: number; distance: number }[]>;
}

export interface Segmenter {
  /** Words of a text, for indexing and queries (digit runs kept whole). */
  cut(text: string): string[];
}
