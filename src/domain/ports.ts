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
  /** One read-only SELECT with bound parameters only, a row limit and a time limit. */
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** Full-text search over chunks (BM25), best first. */
  searchText(
    q: { words: string[]; bigrams: string[] },
    filter: ReportFilter,
    k: number,
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
