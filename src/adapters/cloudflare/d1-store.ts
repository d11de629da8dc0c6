import type { FactRow, Passage, ReportFilter, ReportInfo, Store } from '../../domain/ports.ts';
import type { Cell, RuleResult, Section } from '../../domain/types.ts';
import { ftsAny } from '../../retrieval/features.ts';
import type { D1Database, D1PreparedStatement } from './bindings.ts';
import { assertReadOnlySelect } from './sql-guard.ts';

/** The same limits as the Node store (rows), and D1's own: at most 100 bound parameters. */
export const MAX_ROWS = 1000;
export const MAX_QUERY_MS = 5000;
export const D1_MAX_PARAMS = 100;
/** Lists bound as `IN (?, …)` are split in pieces of this many values. */
const PIECE = 90;

const REPORT_COLS = 'id, file, title, org, region, level, year, template, published';

/**
 * Report filters as SQL over `reports r`, parameters bound, never spliced in: the Node store's
 * filterSql, the same text for lists of up to 45 values (export-d1.test.ts checks they agree); a
 * longer list, which D1's parameter limit may not hold, is bound as one JSON array instead.
 */
export function filterSql(f: ReportFilter): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (col: string, xs: unknown[]) => {
    if (xs.length > PIECE / 2) {
      parts.push(`${col} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(xs));
    } else {
      parts.push(`${col} IN (${xs.map(() => '?').join(', ')})`);
      params.push(...xs);
    }
  };
  if (f.org?.length) list('r.org', f.org);
  if (f.year?.length) list('r.year', f.year);
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

function pieces<T>(xs: T[], n = PIECE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * The Store over D1, loaded from `npm run export:d1`: the Node store's SQL (FTS5 with bm25 over
 * pre-segmented words and Han bigrams, the plain `chunks_vocab` table for document frequencies
 * in place of fts5vocab), awaited. Report texts are cached for the isolate's life; `invalidate`
 * forgets them when the data was reloaded.
 */
export class D1Store implements Store {
  private readonly texts = new Map<number, string>();

  constructor(private readonly db: D1Database) {}

  private async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (params.length > D1_MAX_PARAMS) throw new Error(`D1 takes at most ${D1_MAX_PARAMS} bound parameters per query (this one has ${params.length})`);
    const st: D1PreparedStatement = params.length ? this.db.prepare(sql).bind(...params) : this.db.prepare(sql);
    return (await st.all<T>()).results;
  }

  invalidate(): void {
    this.texts.clear();
  }

  async reports(filter: ReportFilter = {}): Promise<ReportInfo[]> {
    const { where, params } = filterSql(filter);
    return this.all<ReportInfo>(`SELECT ${REPORT_COLS} FROM reports r WHERE ${where} ORDER BY r.org, r.year`, params);
  }

  async report(id: number): Promise<ReportInfo | null> {
    return (await this.all<ReportInfo>(`SELECT ${REPORT_COLS} FROM reports WHERE id = ?`, [id]))[0] ?? null;
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
    return this.all<Section>('SELECT num, depth, title, path, start, end FROM sections WHERE report_id = ? ORDER BY ord', [id]);
  }

  async cells(id: number, keys?: string[]): Promise<Cell[]> {
    type Row = { key: string; tbl: Cell['table']; row_key: string; col_key: string; value: number | null; raw: string | null; unit: string; status: Cell['status']; start: number | null; end: number | null };
    const sql = 'SELECT key, tbl, row_key, col_key, value, raw, unit, status, start, end FROM cells WHERE report_id = ?';
    let rows: Row[];
    if (!keys) rows = await this.all<Row>(`${sql} ORDER BY key`, [id]);
    else {
      rows = (await Promise.all(pieces(keys).map((ks) => this.all<Row>(`${sql} AND key IN (${ks.map(() => '?').join(', ')}) ORDER BY key`, [id, ...ks])))).flat();
      rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return rows.map((r) => ({ key: r.key, table: r.tbl, row: r.row_key, col: r.col_key, value: r.value, raw: r.raw, unit: r.unit, status: r.status, start: r.start, end: r.end }));
  }

  async validation(id: number): Promise<RuleResult[]> {
    const rows = await this.all<Omit<RuleResult, 'cells'> & { cells: string }>('SELECT rule, status, cells, message FROM validation WHERE report_id = ? ORDER BY rowid', [id]);
    return rows.map((r) => ({ ...r, cells: JSON.parse(r.cells) as string[] }));
  }

  /**
   * One read-only SELECT (checked: D1 has no read-only connection), bound parameters only, at
   * most MAX_ROWS rows and MAX_QUERY_MS.
   */
  async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    assertReadOnlySelect(sql);
    if (params.length > D1_MAX_PARAMS) throw new Error(`query has ${params.length} bound parameters; D1 takes at most ${D1_MAX_PARAMS}`);
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

  async searchText(q: { words: string[]; bigrams: string[] }, filter: ReportFilter, k: number): Promise<{ chunkId: number; score: number }[]> {
    const terms = [...new Set([...q.words, ...q.bigrams])];
    if (terms.length === 0) return [];
    const [countRows, ...dfRows] = await this.db.batch<Record<string, unknown>>([
      this.db.prepare('SELECT COUNT(*) AS n FROM chunks'),
      ...pieces(terms).map((ts) => this.db.prepare(`SELECT term, doc FROM chunks_vocab WHERE term IN (${ts.map(() => '?').join(', ')})`).bind(...ts)),
    ]);
    const total = Number((countRows!.results[0] as { n: number } | undefined)?.n ?? 0) || 1;
    const df = new Map(dfRows.flatMap((r) => r.results as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
    const idf = (t: string) => Math.log(1 + (total - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
    if (filter.org?.length) return this.scoreDirect(q, filter, k, idf);
    // As on Node: terms in over a twentieth of all chunks are left out unless nothing else is
    // left; words first, bigrams only when words find too little.
    const keep = (ts: string[]) => {
      const rare = ts.filter((t) => (df.get(t) ?? 0) <= total / 20);
      return rare.length ? rare : ts.filter((t) => (df.get(t) ?? 0) > 0).sort((a, b) => df.get(a)! - df.get(b)!).slice(0, 2);
    };
    const { where, params } = filterSql(filter);
    const sql = where === '1'
      ? 'SELECT rowid AS id, bm25(chunks_fts, 1.0, 0.35) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?'
      : `SELECT f.rowid AS id, bm25(chunks_fts, 1.0, 0.35) AS score FROM chunks_fts f
         JOIN chunks c ON c.id = f.rowid JOIN reports r ON r.id = c.report_id
         WHERE chunks_fts MATCH ? AND ${where} ORDER BY score LIMIT ?`;
    const run = async (match: string | null) => (match ? this.all<{ id: number; score: number }>(sql, [match, ...params, k]) : []);
    let rows = await run(ftsAny('words', keep(q.words)));
    if (rows.length < Math.min(k, 10)) rows = await run([ftsAny('words', keep(q.words)), ftsAny('bigrams', keep(q.bigrams))].filter(Boolean).join(' OR ') || null);
    return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
  }

  /** BM25 over the chunks of a few named orgs, computed from their text (as the Node store does). */
  private async scoreDirect(q: { words: string[]; bigrams: string[] }, filter: ReportFilter, k: number, idf: (t: string) => number): Promise<{ chunkId: number; score: number }[]> {
    const { where, params } = filterSql(filter);
    const chunks = await this.all<{ id: number; report_id: number; section: string; start: number; end: number }>(
      `SELECT c.id, c.report_id, c.section, c.start, c.end FROM chunks c JOIN reports r ON r.id = c.report_id WHERE ${where} LIMIT 20000`,
      params,
    );
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
    const rows = (
      await Promise.all(
        pieces([...new Set(chunkIds)]).map((ids) =>
          this.all<{ id: number; report_id: number; section: string; start: number; end: number }>(`SELECT id, report_id, section, start, end FROM chunks WHERE id IN (${ids.map(() => '?').join(', ')})`, ids),
        ),
      )
    ).flat();
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
    const rows = await this.all<{ report_id: number; value: number; unit: string; approx: number; subject: string; start: number; end: number; sentence_start: number; sentence_end: number }>(
      `SELECT f.report_id, f.value, f.unit, f.approx, f.subject, f.start, f.end, f.sentence_start, f.sentence_end
       FROM facts f JOIN reports r ON r.id = f.report_id WHERE ${where} ORDER BY f.report_id, f.ord LIMIT 5000`,
      params,
    );
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

  /** What the loaded export recorded: embedder, segmenter, export time (empty before a load). */
  async indexMeta(): Promise<Map<string, string>> {
    const rows = await this.all<{ key: string; value: string }>('SELECT key, value FROM index_meta');
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Changes whenever a new export is loaded: the corpus index is rebuilt when it does. */
  async fingerprint(): Promise<string> {
    const row = (await this.all<{ n: number; m: number | null; e: string | null }>(
      "SELECT COUNT(*) AS n, MAX(id) AS m, (SELECT value FROM index_meta WHERE key = 'exported_at') AS e FROM reports",
    ))[0];
    return `${row?.n ?? 0}:${row?.m ?? ''}:${row?.e ?? ''}`;
  }
}
