import Database from 'better-sqlite3';
import type { FactRow, Passage, ReportFilter, ReportInfo, Store } from '../../domain/ports.ts';
import type { Cell, RuleResult, Section } from '../../domain/types.ts';
import { ftsAny } from '../../retrieval/features.ts';
import { statement, type DB } from './db.ts';

export const MAX_ROWS = 1000;
export const MAX_QUERY_MS = 2000;

const REPORT_COLS = 'id, file, title, org, region, level, year, template, published';

/** Report filters as SQL over `reports r`, parameters bound, never spliced in. */
export function filterSql(f: ReportFilter): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.org?.length) {
    parts.push(`r.org IN (${f.org.map(() => '?').join(', ')})`);
    params.push(...f.org);
  }
  if (f.year?.length) {
    parts.push(`r.year IN (${f.year.map(() => '?').join(', ')})`);
    params.push(...f.year);
  }
  if (f.region) {
    parts.push(`r.region LIKE '%' || ? || '%'`);
    params.push(f.region);
  }
  if (f.level) {
    parts.push('r.level = ?');
    params.push(f.level);
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

/**
 * The Store over the service's SQLite file. Plan SQL runs on a second, read-only connection:
 * one SELECT, bound parameters, at most MAX_ROWS rows and MAX_QUERY_MS between rows.
 */
export class SqliteStore implements Store {
  private readonly ro: DB;
  private readonly texts = new Map<number, string>();

  constructor(private readonly db: DB) {
    this.ro = new Database(db.name, { readonly: true, fileMustExist: true });
  }

  close(): void {
    this.ro.close();
  }

  async reports(filter: ReportFilter = {}): Promise<ReportInfo[]> {
    const { where, params } = filterSql(filter);
    return this.db.prepare(`SELECT ${REPORT_COLS} FROM reports r WHERE ${where} ORDER BY r.org, r.year`).all(...params) as ReportInfo[];
  }

  async report(id: number): Promise<ReportInfo | null> {
    return (statement(this.db, `SELECT ${REPORT_COLS} FROM reports WHERE id = ?`).get(id) as ReportInfo | undefined) ?? null;
  }

  async reportText(id: number): Promise<string | null> {
    const hit = this.texts.get(id);
    if (hit !== undefined) return hit;
    const row = statement(this.db, 'SELECT text FROM reports WHERE id = ?').get(id) as { text: string } | undefined;
    if (!row) return null;
    if (this.texts.size > 256) this.texts.clear();
    this.texts.set(id, row.text);
    return row.text;
  }

  /** Forgets cached texts after a report was replaced. */
  invalidate(): void {
    this.texts.clear();
  }

  async sections(id: number): Promise<Section[]> {
    return statement(this.db, 'SELECT num, depth, title, path, start, end FROM sections WHERE report_id = ? ORDER BY ord').all(id) as Section[];
  }

  async cells(id: number, keys?: string[]): Promise<Cell[]> {
    const only = keys ? ` AND key IN (${keys.map(() => '?').join(', ')})` : '';
    const rows = this.db.prepare(`SELECT key, tbl, row_key, col_key, value, raw, unit, status, start, end FROM cells WHERE report_id = ?${only} ORDER BY key`).all(id, ...(keys ?? [])) as {
      key: string; tbl: Cell['table']; row_key: string; col_key: string; value: number | null; raw: string | null; unit: string; status: Cell['status']; start: number | null; end: number | null;
    }[];
    return rows.map((r) => ({ key: r.key, table: r.tbl, row: r.row_key, col: r.col_key, value: r.value, raw: r.raw, unit: r.unit, status: r.status, start: r.start, end: r.end }));
  }

  async validation(id: number): Promise<RuleResult[]> {
    const rows = statement(this.db, 'SELECT rule, status, cells, message FROM validation WHERE report_id = ? ORDER BY rowid').all(id) as (Omit<RuleResult, 'cells'> & { cells: string })[];
    return rows.map((r) => ({ ...r, cells: JSON.parse(r.cells) as string[] }));
  }

  async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    if (!/^\s*(?:SELECT|WITH)\b/i.test(sql)) throw new Error('only a SELECT may run');
    const stmt = this.ro.prepare(sql);
    if (!stmt.reader || !stmt.readonly) throw new Error('only a read-only SELECT may run');
    const out: Record<string, unknown>[] = [];
    const t0 = performance.now();
    for (const row of stmt.iterate(...params) as IterableIterator<Record<string, unknown>>) {
      out.push(row);
      if (out.length >= MAX_ROWS) break;
      if (performance.now() - t0 > MAX_QUERY_MS) throw new Error(`query took longer than ${MAX_QUERY_MS} ms`);
    }
    return out;
  }

  async searchText(q: { words: string[]; bigrams: string[] }, filter: ReportFilter, k: number): Promise<{ chunkId: number; score: number }[]> {
    const terms = [...new Set([...q.words, ...q.bigrams])];
    if (terms.length === 0) return [];
    const total = (statement(this.db, 'SELECT COUNT(*) AS n FROM chunks').get() as { n: number }).n || 1;
    const df = new Map((this.db.prepare(`SELECT term, doc FROM chunks_vocab WHERE term IN (${terms.map(() => '?').join(', ')})`).all(...terms) as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
    const idf = (t: string) => Math.log(1 + (total - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
    if (filter.org?.length) return this.scoreDirect(q, filter, k, idf);
    // Terms in over a twentieth of all chunks rank little and make the match slow: leave them
    // out unless nothing else is left. Words come first; bigrams only when words find too little.
    const keep = (ts: string[]) => {
      const rare = ts.filter((t) => (df.get(t) ?? 0) <= total / 20);
      return rare.length ? rare : ts.filter((t) => (df.get(t) ?? 0) > 0).sort((a, b) => df.get(a)! - df.get(b)!).slice(0, 2);
    };
    const { where, params } = filterSql(filter);
    // Unfiltered, the match runs on the FTS table alone: the joins cost four times the match.
    const sql = where === '1'
      ? 'SELECT rowid AS id, bm25(chunks_fts, 1.0, 0.35) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?'
      : `SELECT f.rowid AS id, bm25(chunks_fts, 1.0, 0.35) AS score FROM chunks_fts f
         JOIN chunks c ON c.id = f.rowid JOIN reports r ON r.id = c.report_id
         WHERE chunks_fts MATCH ? AND ${where} ORDER BY score LIMIT ?`;
    const run = (match: string | null) => (match ? (statement(this.db, sql).all(match, ...params, k) as { id: number; score: number }[]) : []);
    let rows = run(ftsAny('words', keep(q.words)));
    if (rows.length < Math.min(k, 10)) rows = run([ftsAny('words', keep(q.words)), ftsAny('bigrams', keep(q.bigrams))].filter(Boolean).join(' OR ') || null);
    return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
  }

  /**
   * BM25 over the chunks of a few named orgs, computed here from their text: faster than an FTS
   * match over the whole corpus that the filter then throws away.
   */
  private async scoreDirect(q: { words: string[]; bigrams: string[] }, filter: ReportFilter, k: number, idf: (t: string) => number): Promise<{ chunkId: number; score: number }[]> {
    const { where, params } = filterSql(filter);
    const chunks = this.db.prepare(`SELECT c.id, c.report_id, c.section, c.start, c.end FROM chunks c JOIN reports r ON r.id = c.report_id WHERE ${where} LIMIT 20000`).all(...params) as {
      id: number; report_id: number; section: string; start: number; end: number;
    }[];
    if (chunks.length === 0) return [];
    const texts = await Promise.all(chunks.map(async (c) => `${c.section} ${((await this.reportText(c.report_id)) ?? '').slice(c.start, c.end)}`.replace(/\s+/g, '')));
    const avg = texts.reduce((a, t) => a + t.length, 0) / texts.length;
    const occurrences = (text: string, t: string) => {
      let n = 0;
      for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length)) n++;
      return n;
    };
    const bm25 = (text: string, t: string) => {
      const tf = occurrences(text, t);
      return tf === 0 ? 0 : (idf(t) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * text.length) / avg));
    };
    return chunks
      .map((c, i) => ({ chunkId: c.id, score: q.words.reduce((a, w) => a + bm25(texts[i]!, w), 0) + 0.35 * q.bigrams.reduce((a, b) => a + bm25(texts[i]!, b), 0) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId)
      .slice(0, k);
  }

  async passages(chunkIds: number[]): Promise<Passage[]> {
    if (chunkIds.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT id, report_id, section, start, end FROM chunks WHERE id IN (${chunkIds.map(() => '?').join(', ')})`)
      .all(...chunkIds) as { id: number; report_id: number; section: string; start: number; end: number }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: Passage[] = [];
    for (const id of chunkIds) {
      const r = byId.get(id);
      if (!r) continue;
      const text = (await this.reportText(r.report_id)) ?? '';
      out.push({ chunkId: id, reportId: r.report_id, section: r.section, start: r.start, end: r.end, text: text.slice(r.start, r.end) });
    }
    return out;
  }

  async facts(filter: ReportFilter): Promise<FactRow[]> {
    const { where, params } = filterSql(filter);
    const rows = this.db
      .prepare(
        `SELECT f.report_id, f.value, f.unit, f.approx, f.subject, f.start, f.end, f.sentence_start, f.sentence_end
         FROM facts f JOIN reports r ON r.id = f.report_id WHERE ${where} ORDER BY f.report_id, f.ord LIMIT 5000`,
      )
      .all(...params) as { report_id: number; value: number; unit: string; approx: number; subject: string; start: number; end: number; sentence_start: number; sentence_end: number }[];
    const out: FactRow[] = [];
    for (const r of rows) {
      const text = (await this.reportText(r.report_id)) ?? '';
      out.push({
        reportId: r.report_id, value: r.value, unit: r.unit, approx: r.approx === 1, subject: r.subject,
        start: r.start, end: r.end, sentenceStart: r.sentence_start, sentenceEnd: r.sentence_end,
        sentence: text.slice(r.sentence_start, r.sentence_end),
      });
    }
    return out;
  }
}
