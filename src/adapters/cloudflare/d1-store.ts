import type {
  CitedReport,
  FactRow,
  Passage,
  FailedCheck,
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
  inPieces as pieces,
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
import type { D1Database, D1PreparedStatement } from './bindings.ts';
import { assertReadOnlySelect } from './sql-guard.ts';

/** The same limits as the Node store (rows), and D1's own: at most 100 bound parameters. */
export const MAX_ROWS = 1000;
export const MAX_QUERY_MS = 5000;
export const D1_MAX_PARAMS = 100;

/**
 * The Store over D1, loaded from `npm run export:d1`: the Node store's SQL (FTS5 with bm25 over
 * pre-segmented words and Han bigrams, the plain `chunks_vocab` table for document frequencies
 * in place of fts5vocab), awaited. Report texts are cached for the isolate's life; `invalidate`
 * forgets them when the data was reloaded.
 */
export class D1Store implements Store {
  /** Read access for the queries both stores share (src/retrieval/lexical.ts). */
  private readonly source: LexicalSource = {
    all: (sql, params) => this.all(sql, params),
    reportText: (id) => this.reportText(id),
  };
  private readonly texts = new Map<number, string>();

  constructor(private readonly db: D1Database) {}

  private async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (params.length > D1_MAX_PARAMS)
      throw new Error(`D1 takes at most ${D1_MAX_PARAMS} bound parameters per query (this one has ${params.length})`);
    const st: D1PreparedStatement = params.length ? this.db.prepare(sql).bind(...params) : this.db.prepare(sql);
    return (await st.all<T>()).results;
  }

  invalidate(): void {
    this.texts.clear();
  }

  async reports(filter: ReportFilter = {}): Promise<ReportInfo[]> {
    const { where, params } = filterSql(filter);
    return (
      await this.all<StoredReport>(`SELECT ${REPORT_COLS} FROM reports r WHERE ${where} ORDER BY r.org, r.year`, params)
    ).map(reportInfo);
  }

  async reportPage(filter: ReportFilter, limit: number, offset: number): Promise<ReportPage> {
    return reportPageOf(this.source, filter, limit, offset);
  }

  async report(id: number): Promise<ReportInfo | null> {
    const row = (await this.all<StoredReport>(`SELECT ${REPORT_COLS} FROM reports WHERE id = ?`, [id]))[0];
    return row ? reportInfo(row) : null;
  }

  async reportText(id: number): Promise<string | null> {
    const hit = this.texts.get(id);
    if (hit !== undefined) return hit;
    const row = (await this.all<{ text: string }>('SELECT text FROM reports WHERE id = ?', [id]))[0];
    if (!row) return null;
    if (this.texts.size > 256) this.texts.clear();
    this.texts.set(id, row.text);
    return row.text;
  }

  async sections(id: number): Promise<Section[]> {
    return this.all<Section>(
      'SELECT num, depth, title, path, start, end FROM sections WHERE report_id = ? ORDER BY ord',
      [id],
    );
  }

  async cells(id: number, keys?: string[]): Promise<Cell[]> {
    const sql = 'SELECT key, value, raw, unit, status, start, end FROM cells WHERE report_id = ?';
    let rows: CellRow[];
    if (!keys) rows = await this.all<CellRow>(`${sql} ORDER BY key`, [id]);
    else {
      rows = (
        await Promise.all(
          pieces(keys).map((ks) =>
            this.all<CellRow>(`${sql} AND key IN (${ks.map(() => '?').join(', ')}) ORDER BY key`, [id, ...ks]),
          ),
        )
      ).flat();
      rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return rows.map(cellOf);
  }

  async validation(id: number): Promise<RuleResult[]> {
    const rows = await this.all<Omit<RuleResult, 'cells'> & { cells: string }>(
      'SELECT rule, status, cells, message FROM validation WHERE report_id = ? ORDER BY rowid',
      [id],
    );
    return rows.map((r) => ({ ...r, cells: JSON.parse(r.cells) as string[] }));
  }

  /**
   * One read-only SELECT (checked: D1 has no read-only connection), bound parameters only, at
   * most MAX_ROWS rows and MAX_QUERY_MS.
   */
  async reportChecks(filter: ReportFilter): Promise<ReportCheck[]> {
    return reportChecksOf(this.source, filter);
  }

  async failedChecks(ids: number[]): Promise<FailedCheck[]> {
    return failedChecksOf(this.source, ids);
  }

  async citedReports(ids: number[], keys: string[]): Promise<Map<number, CitedReport>> {
    return citedReportsOf(this.source, ids, keys);
  }

  async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    assertReadOnlySelect(sql);
    if (params.length > D1_MAX_PARAMS)
      throw new Error(`query has ${params.length} bound parameters; D1 takes at most ${D1_MAX_PARAMS}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`query took longer than ${MAX_QUERY_MS} ms`)), MAX_QUERY_MS);
    });
    try {
      const st = params.length ? this.db.prepare(sql).bind(...params) : this.db.prepare(sql);
      const res = await Promise.race([st.all<Record<string, unknown>>(), timeout]);
      if (res.meta?.changed_db || (res.meta?.changes ?? 0) > 0) throw new Error('the query changed the database');
      return res.results.slice(0, MAX_ROWS);
    } finally {
      clearTimeout(timer);
    }
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

  /** What the loaded export recorded: embedder, segmenter, export time (empty before a load). */
  async indexMeta(): Promise<Map<string, string>> {
    const rows = await this.all<{ key: string; value: string }>('SELECT key, value FROM index_meta');
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Changes whenever a new export is loaded: the corpus index is rebuilt when it does. */
  async fingerprint(): Promise<string> {
    const row = (
      await this.all<{ n: number; m: number | null; e: string | null }>(
        "SELECT COUNT(*) AS n, MAX(id) AS m, (SELECT value FROM index_meta WHERE key = 'exported_at') AS e FROM reports",
      )
    )[0];
    return `${row?.n ?? 0}:${row?.m ?? ''}:${row?.e ?? ''}`;
  }
}
