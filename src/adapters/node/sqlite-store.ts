import Database from 'better-sqlite3';
import type {
  CitedReport,
  FactRow,
  FailedCheck,
  Passage,
  ReportCheck,
  ReportFilter,
  ReportInfo,
  ReportPage,
  Store,
  TermStats,
} from '../../domain/ports.ts';
import type { Cell, RuleResult, Section } from '../../domain/types.ts';
import {
  cellOf,
  type CellRow,
  citedReportsOf,
  factsOf,
  failedChecksOf,
  lexicalSearch,
  termStats,
  type LexicalSource,
  passagesOf,
  REPORT_COLS,
  reportChecksOf,
  reportFilterSql as filterSql,
  reportInfo,
  reportPageOf,
  type StoredReport,
} from '../../retrieval/lexical.ts';
import { dataVersion, statement, type DB } from './db.ts';

export const MAX_ROWS = 1000;
/** REPORT_COLS by name, for rows read as arrays. */
const REPORT_KEYS = REPORT_COLS.split(', ');
export const MAX_QUERY_MS = 2000;
const MAX_PLANS = 256;
const MAX_TEXTS = 256;

/**
 * The Store over the service's SQLite file. Plan SQL runs on a second, read-only connection:
 * one SELECT, bound parameters, at most MAX_ROWS rows and MAX_QUERY_MS between rows.
 */
export class SqliteStore implements Store {
  /** Read access for the queries both stores share (src/retrieval/lexical.ts). */
  private readonly source: LexicalSource = {
    all: async <T>(sql: string, params: unknown[]) => statement(this.db, sql).all(...params) as T[],
    reportText: (id) => this.reportText(id),
    dataVersion: () => dataVersion(this.db),
  };
  private readonly ro: DB;
  private readonly texts = new Map<number, string>();
  /** Plan SQL compiled once: preparing a plan's statement took longer than running it. */
  private readonly plans = new Map<string, Database.Statement>();

  constructor(private readonly db: DB) {
    this.ro = new Database(db.name, { readonly: true, fileMustExist: true });
  }

  close(): void {
    this.ro.close();
  }

  async reports(filter: ReportFilter = {}): Promise<ReportInfo[]> {
    const { where, params } = filterSql(filter);
    const rows = this.db.prepare(`SELECT ${REPORT_COLS} FROM reports r WHERE ${where} ORDER BY r.org, r.year`);
    // The corpus index reads every report at start: rows read as arrays and made into objects
    // here cost a third less than better-sqlite3's objects copied by `reportInfo`.
    // Rows come by org: a value the row before had (its org, region, level…) is kept as that
    // row's string, once instead of once a report, which the collector then need not copy.
    const out: ReportInfo[] = [];
    const before: unknown[] = [];
    for (const row of rows.raw(true).iterate(...params) as IterableIterator<unknown[]>) {
      const r: Record<string, unknown> = {};
      for (let i = 0; i < REPORT_KEYS.length; i++) {
        if (row[i] !== before[i]) before[i] = row[i];
        r[REPORT_KEYS[i]!] = before[i];
      }
      r.aliases = r.aliases === '[]' ? [] : JSON.parse(r.aliases as string);
      out.push(r as unknown as ReportInfo);
    }
    return out;
  }

  async reportPage(filter: ReportFilter, limit: number, offset: number): Promise<ReportPage> {
    return reportPageOf(this.source, filter, limit, offset);
  }

  async report(id: number): Promise<ReportInfo | null> {
    const row = statement(this.db, `SELECT ${REPORT_COLS} FROM reports WHERE id = ?`).get(id) as
      | StoredReport
      | undefined;
    return row ? reportInfo(row) : null;
  }

  async reportText(id: number): Promise<string | null> {
    const hit = this.cachedTexts.get(id);
    if (hit !== undefined) return hit;
    const row = statement(this.db, 'SELECT text FROM reports WHERE id = ?').get(id) as { text: string } | undefined;
    if (!row) return null;
    this.cachedTexts.set(id, row.text);
    return row.text;
  }

  /**
   * The texts read last, least recently used first (a Map keeps the order of insertion): a
   * report cited again is not read again, and one read once does not push out every other.
   */
  private readonly cachedTexts = {
    get: (id: number): string | undefined => {
      const text = this.texts.get(id);
      if (text !== undefined) {
        this.texts.delete(id);
        this.texts.set(id, text);
      }
      return text;
    },
    set: (id: number, text: string): void => {
      this.texts.set(id, text);
      if (this.texts.size > MAX_TEXTS) this.texts.delete(this.texts.keys().next().value!);
    },
  };

  /** Forgets cached texts after a report was replaced. */
  invalidate(): void {
    this.texts.clear();
  }

  async sections(id: number): Promise<Section[]> {
    return statement(
      this.db,
      'SELECT num, depth, title, path, start, end FROM sections WHERE report_id = ? ORDER BY ord',
    ).all(id) as Section[];
  }

  async cells(id: number, keys?: string[]): Promise<Cell[]> {
    const only = keys ? ` AND key IN (${keys.map(() => '?').join(', ')})` : '';
    const rows = statement(
      this.db,
      `SELECT key, value, raw, unit, status, start, end FROM cells WHERE report_id = ?${only} ORDER BY key`,
    ).all(id, ...(keys ?? [])) as CellRow[];
    return rows.map(cellOf);
  }

  async validation(id: number): Promise<RuleResult[]> {
    const rows = statement(
      this.db,
      'SELECT rule, status, cells, message FROM validation WHERE report_id = ? ORDER BY rowid',
    ).all(id) as (Omit<RuleResult, 'cells'> & { cells: string })[];
    return rows.map((r) => ({ ...r, cells: JSON.parse(r.cells) as string[] }));
  }

  async reportChecks(filter: ReportFilter): Promise<ReportCheck[]> {
    return reportChecksOf(this.source, filter);
  }

  async failedChecks(ids: number[]): Promise<FailedCheck[]> {
    return failedChecksOf(this.source, ids);
  }

  async citedReports(ids: number[], keys: string[]): Promise<Map<number, CitedReport>> {
    return citedReportsOf(this.source, ids, keys, this.cachedTexts);
  }

  async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    if (!/^\s*(?:SELECT|WITH)\b/i.test(sql)) throw new Error('only a SELECT may run');
    let stmt = this.plans.get(sql);
    if (!stmt) {
      stmt = this.ro.prepare(sql);
      if (!stmt.reader || !stmt.readonly) throw new Error('only a read-only SELECT may run');
      // Plans differ in their lists' lengths and metrics: a bounded number is kept.
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      this.plans.set(sql, stmt);
    }
    const out: Record<string, unknown>[] = [];
    const t0 = performance.now();
    for (const row of stmt.iterate(...params) as IterableIterator<Record<string, unknown>>) {
      out.push(row);
      if (out.length >= MAX_ROWS) break;
      if (performance.now() - t0 > MAX_QUERY_MS) throw new Error(`query took longer than ${MAX_QUERY_MS} ms`);
    }
    return out;
  }

  async searchText(
    q: { words: string[]; bigrams: string[] },
    filter: ReportFilter,
    k: number,
    stats?: TermStats,
  ): Promise<{ chunkId: number; score: number }[]> {
    return lexicalSearch(this.source, q, filter, k, stats);
  }

  async termStats(terms: string[], filter: ReportFilter): Promise<TermStats> {
    return termStats(this.source, terms, filter);
  }

  async passages(chunkIds: number[]): Promise<Passage[]> {
    return passagesOf(this.source, chunkIds);
  }

  async facts(filter: ReportFilter): Promise<FactRow[]> {
    return factsOf(this.source, filter);
  }
}
