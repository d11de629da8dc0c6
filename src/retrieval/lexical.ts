import { keyParts, type TableId } from '../domain/catalogue.ts';
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
  ReportSummary,
  TermStats,
  YearCount,
} from '../domain/ports.ts';
import { type Cell, READ_STATUSES } from '../domain/types.ts';
import { ftsAny } from './features.ts';

/**
 * The reads the Node (SQLite) and Workers (D1) stores share, written once: lexical search over the
 * chunks — BM25 in FTS5 over jieba words and Han bigrams or, for a search filtered to a few orgs,
 * BM25 computed here over their chunks' text — passages and prose facts. Each store only supplies
 * how to run a read query and fetch a report's text.
 */
export interface LexicalSource {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  reportText(id: number): Promise<string | null>;
  /**
   * A key that changes whenever the chunks may have: the chunk count and document frequencies
   * read under one key are kept (each df walks the term's whole posting list, 30 ms for 公开 at
   * 2.2 million chunks). Without it, they are read for each search.
   */
  dataVersion?(): string;
}

/** A row of `cells` as both stores (and the D1 export) select it. */
export interface CellRow {
  key: string;
  value: number | null;
  raw: string | null;
  unit: string;
  status: Cell['status'];
  start: number | null;
  end: number | null;
}

/** The cell of a row: its table, row and column are parts of its key. */
export const cellOf = (r: CellRow): Cell => ({
  ...keyParts(r.key),
  key: r.key,
  value: r.value,
  raw: r.raw,
  unit: r.unit,
  status: r.status,
  start: r.start,
  end: r.end,
});

export interface LexicalHit {
  chunkId: number;
  score: number;
}

/** Lists longer than this are bound as one JSON array (D1 takes at most 100 parameters). */
const LIST_PARAMS = 45;
/** Look-ups of many terms go in pieces of this many parameters. */
const PIECE = 90;

/**
 * Report filters as SQL over `reports r`: parameters bound, never spliced in; a long list is
 * bound as one JSON array through json_each, which SQLite and D1 both have.
 */
export function reportFilterSql(f: ReportFilter): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const list = (col: string, xs: unknown[]) => {
    if (xs.length > LIST_PARAMS) {
      parts.push(`${col} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(xs));
    } else {
      parts.push(`${col} IN (${xs.map(() => '?').join(', ')})`);
      params.push(...xs);
    }
  };
  if (f.org?.length) list('r.org', f.org);
  if (f.year?.length) list('r.year', f.year);
  // instr, not LIKE: the text is taken literally, % and _ included
  if (f.region) {
    parts.push('instr(r.region, ?) > 0');
    params.push(f.region);
  }
  if (f.text) {
    parts.push('(instr(r.org, ?) > 0 OR instr(r.region, ?) > 0 OR instr(r.title, ?) > 0)');
    params.push(f.text, f.text, f.text);
  }
  if (f.level) {
    parts.push('r.level = ?');
    params.push(f.level);
  }
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

/** The list's order: SQLite sorts NULL first, so year DESC puts reports without a year last. */
const PAGE_ORDER = 'r.year DESC, r.org, r.id';

/** The columns a ReportInfo is read from (SELECT them, then `reportInfo` the row). */
export const REPORT_COLS = 'id, file, title, org, aliases, region, level, year, template, published';

/** A report row as stored. */
export type StoredReport = Omit<ReportInfo, 'aliases'> & { aliases: string };

/** A report row as the core takes it: `aliases` is stored as a JSON array (schema 10). */
export const reportInfo = <T extends { aliases: string }>(row: T): Omit<T, 'aliases'> & { aliases: string[] } => ({
  ...row,
  aliases: JSON.parse(row.aliases) as string[],
});

/**
 * One page of reports with their validation counts in two queries however long the page: the
 * count by year, and the page joined to its validation rows. Both filter and order over the
 * reports_year_org index (year, org, template, level, region, title: schema 9), never a report's
 * large row, and CROSS JOIN keeps the page's ids the outer loop (a plain JOIN let SQLite scan every
 * report row: 200 ms at 50k reports instead of 30). Ties end on id, so pages are stable and
 * concatenate to the whole list.
 */
export async function reportPageOf(
  src: LexicalSource,
  filter: ReportFilter,
  limit: number,
  offset: number,
): Promise<ReportPage> {
  const { year: asked, ...others } = filter;
  const facet = reportFilterSql(others);
  const years = await src.all<YearCount>(
    `SELECT r.year AS year, COUNT(*) AS count FROM reports r WHERE ${facet.where} GROUP BY r.year ORDER BY r.year DESC`,
    facet.params,
  );
  const total = years.reduce(
    (n, y) => (!asked?.length || (y.year !== null && asked.includes(y.year)) ? n + y.count : n),
    0,
  );
  if (limit <= 0 || offset >= total) return { total, years, reports: [] };
  const { where, params } = reportFilterSql(filter);
  const rows = await src.all<
    Omit<ReportSummary, 'aliases'> & { aliases: string; pass: number; fail: number; na: number }
  >(
    `SELECT ${REPORT_COLS.split(', ')
      .map((c) => `r.${c}`)
      .join(', ')},
       COALESCE(SUM(v.status = 'PASS'), 0) AS pass, COALESCE(SUM(v.status = 'FAIL'), 0) AS fail, COALESCE(SUM(v.status = 'NA'), 0) AS na
     FROM (SELECT r.id FROM reports r WHERE ${where} ORDER BY ${PAGE_ORDER} LIMIT ? OFFSET ?) p
     CROSS JOIN reports r ON r.id = p.id
     LEFT JOIN validation v ON v.report_id = r.id
     GROUP BY r.id ORDER BY ${PAGE_ORDER}`,
    [...params, limit, offset],
  );
  return {
    total,
    years,
    reports: rows.map(({ pass, fail, na, ...r }) => ({ ...reportInfo(r), validation: { pass, fail, na } })),
  };
}

export function inPieces<T>(xs: T[], n = PIECE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Chunks of the named orgs that a filtered search scores directly (see scoreDirect). */
const DIRECT_LIMIT = 20000;

/** Terms whose document frequency a source keeps, at most (a question has a few dozen). */
const MAX_KEPT_TERMS = 50_000;

/** The chunk count and document frequencies read under a source's current data version. */
const kept = new WeakMap<LexicalSource, { version: string; total: number; df: Map<string, number> }>();

/**
 * The corpus's BM25 statistics for these terms: the chunk count and each term's document
 * frequency; for a search filtered to orgs, also the length of their chunks' texts.
 */
export async function termStats(src: LexicalSource, terms: string[], filter: ReportFilter): Promise<TermStats> {
  const version = src.dataVersion?.();
  let cache = kept.get(src);
  if (!cache || cache.version !== version) {
    const total = (await src.all<{ n: number }>('SELECT COUNT(*) AS n FROM chunks', []))[0]?.n || 1;
    cache = { version: version ?? '', total, df: new Map() };
    if (version !== undefined) kept.set(src, cache);
  }
  const { total } = cache;
  const known = cache.df;
  const missing = [...new Set(terms)].filter((t) => !known.has(t));
  if (known.size + missing.length > MAX_KEPT_TERMS) known.clear();
  for (const piece of inPieces(missing)) {
    const found = new Map<string, number>();
    for (const r of await src.all<{ term: string; doc: number }>(
      `SELECT term, doc FROM chunks_vocab WHERE term IN (${piece.map(() => '?').join(', ')})`,
      piece,
    ))
      found.set(r.term, r.doc);
    for (const t of piece) known.set(t, found.get(t) ?? 0);
  }
  const df = new Map<string, number>();
  for (const t of terms) if (known.get(t)) df.set(t, known.get(t)!);
  if (!filter.org?.length) return { total, df };
  const texts = (await directChunks(src, filter)).texts;
  return { total, df, lengths: { sum: texts.reduce((a, t) => a + t.length, 0), n: texts.length } };
}

/** The chunks of a search filtered to orgs, each with the text BM25 reads (section title + text). */
async function directChunks(
  src: LexicalSource,
  filter: ReportFilter,
): Promise<{ chunks: { id: number; report_id: number }[]; texts: string[] }> {
  const { where, params } = reportFilterSql(filter);
  const chunks = await src.all<{ id: number; report_id: number; section: string; start: number; end: number }>(
    `SELECT c.id, c.report_id, c.section, c.start, c.end FROM chunks c JOIN reports r ON r.id = c.report_id WHERE ${where} LIMIT ${DIRECT_LIMIT}`,
    params,
  );
  const texts = await Promise.all(
    chunks.map(async (c) =>
      `${c.section} ${((await src.reportText(c.report_id)) ?? '').slice(c.start, c.end)}`.replace(/\s+/g, ''),
    ),
  );
  return { chunks, texts };
}

/**
 * Matches a search ranks at most. FTS5's bm25 walks each term's whole posting list to count its
 * chunks, and ranks every match: a term in 130,000 of 2.2 million chunks took 400 ms. A match
 * whose terms' document frequencies sum to more than this is ranked among its newest chunks only,
 * by the BM25 weights of the terms each holds: the index gives which chunks hold a term, not how
 * often nor their lengths (a look-up per chunk that cost more than the rest), so each term
 * counts once and every chunk has the mean length. Any smaller match is ranked by bm25, whole.
 */
export const MATCH_WINDOW = 1000;

/** The weight of each FTS column in a chunk's BM25 score: bigrams only back the words up. */
const COLUMN_WEIGHT = { words: 1, bigrams: 0.35 };
const BM25 = `bm25(chunks_fts, ${COLUMN_WEIGHT.words}, ${COLUMN_WEIGHT.bigrams})`;

/**
 * The best `k` chunks for the words and bigrams, scored with the `given` statistics (a shard is
 * given the whole corpus's, so that every shard picks the same terms and weighs them alike).
 */
export async function lexicalSearch(
  src: LexicalSource,
  q: { words: string[]; bigrams: string[] },
  filter: ReportFilter,
  k: number,
  given?: TermStats,
): Promise<LexicalHit[]> {
  const terms = [...new Set([...q.words, ...q.bigrams])];
  if (terms.length === 0) return [];
  const { total, df, lengths } = given ?? (await termStats(src, terms, {}));
  const idf = (t: string) => Math.log(1 + (total - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  if (filter.org?.length) return scoreDirect(src, q, filter, k, idf, lengths);
  // Terms in over a twentieth of all chunks rank little and make the match slow: leave them out
  // unless nothing else is left. Words come first; bigrams only when words find too little.
  const keep = (ts: string[]) => {
    const rare = ts.filter((t) => (df.get(t) ?? 0) <= total / 20);
    return rare.length
      ? rare
      : ts
          .filter((t) => (df.get(t) ?? 0) > 0)
          .sort((a, b) => df.get(a)! - df.get(b)!)
          .slice(0, 2);
  };
  const { where, params } = reportFilterSql(filter);
  // Unfiltered, the match runs on the FTS table alone: the joins cost four times the match.
  const [id, from] =
    where === '1'
      ? ['rowid', 'FROM chunks_fts WHERE chunks_fts MATCH ?']
      : [
          'f.rowid',
          `FROM chunks_fts f JOIN chunks c ON c.id = f.rowid JOIN reports r ON r.id = c.report_id
           WHERE chunks_fts MATCH ? AND ${where}`,
        ];
  const run = async (cols: [keyof typeof COLUMN_WEIGHT, string[]][]): Promise<LexicalHit[]> => {
    const match = cols
      .map(([col, ts]) => ftsAny(col, ts))
      .filter(Boolean)
      .join(' OR ');
    if (!match) return [];
    const postings = cols.reduce((n, [, ts]) => ts.reduce((m, t) => m + (df.get(t) ?? 0), n), 0);
    if (postings <= MATCH_WINDOW) {
      const rows = await src.all<{ id: number; score: number }>(
        `SELECT ${id} AS id, ${BM25} AS score ${from} ORDER BY score LIMIT ?`,
        [match, ...params, k],
      );
      return rows.map((r) => ({ chunkId: r.id, score: -r.score }));
    }
    // Walked newest first, without bm25, a match stops after the window: the window's chunks,
    // then which of them hold each term (a term's newest WINDOW chunks hold all it has in the
    // window; `rowid >= ?` walked far more of the list).
    const newest = async (m: string) =>
      (
        await src.all<{ id: number }>(`SELECT ${id} AS id ${from} ORDER BY id DESC LIMIT ${MATCH_WINDOW}`, [
          m,
          ...params,
        ])
      ).map((r) => r.id);
    const score = new Map((await newest(match)).map((id) => [id, 0]));
    for (const [col, ts] of cols)
      for (const t of new Set(ts)) {
        const weight = COLUMN_WEIGHT[col] * idf(t);
        for (const id of await newest(ftsAny(col, [t])!)) {
          const s = score.get(id);
          if (s !== undefined) score.set(id, s + weight);
        }
      }
    return [...score]
      .map(([chunkId, s]) => ({ chunkId, score: s }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || b.chunkId - a.chunkId)
      .slice(0, k);
  };
  let hits = await run([['words', keep(q.words)]]);
  if (hits.length < Math.min(k, 10))
    hits = await run([
      ['words', keep(q.words)],
      ['bigrams', keep(q.bigrams)],
    ]);
  return hits;
}

/**
 * BM25 over the chunks of a few named orgs, computed here from their text: faster than an FTS
 * match over the whole corpus that the filter then throws away.
 */
async function scoreDirect(
  src: LexicalSource,
  q: { words: string[]; bigrams: string[] },
  filter: ReportFilter,
  k: number,
  idf: (t: string) => number,
  lengths?: TermStats['lengths'],
): Promise<LexicalHit[]> {
  const { chunks, texts } = await directChunks(src, filter);
  if (chunks.length === 0) return [];
  const avg = lengths ? lengths.sum / lengths.n : texts.reduce((a, t) => a + t.length, 0) / texts.length;
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
    .map((c, i) => ({
      chunkId: c.id,
      score:
        COLUMN_WEIGHT.words * q.words.reduce((a, w) => a + bm25(texts[i]!, w), 0) +
        COLUMN_WEIGHT.bigrams * q.bigrams.reduce((a, b) => a + bm25(texts[i]!, b), 0),
    }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId)
    .slice(0, k);
}

/** Chunks by id, in the order asked, each with its text sliced from its report. */
export async function passagesOf(src: LexicalSource, chunkIds: number[]): Promise<Passage[]> {
  const rows: { id: number; report_id: number; section: string; start: number; end: number }[] = [];
  for (const ids of inPieces([...new Set(chunkIds)])) {
    rows.push(
      ...(await src.all<(typeof rows)[number]>(
        `SELECT id, report_id, section, start, end FROM chunks WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )),
    );
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Passage[] = [];
  for (const id of chunkIds) {
    const r = byId.get(id);
    if (!r) continue;
    const text = (await src.reportText(r.report_id)) ?? '';
    out.push({
      chunkId: id,
      reportId: r.report_id,
      section: r.section,
      start: r.start,
      end: r.end,
      text: text.slice(r.start, r.end),
    });
  }
  return out;
}

/** The numbers stated in the prose of the filtered reports, each with its sentence. */
export async function factsOf(src: LexicalSource, filter: ReportFilter): Promise<FactRow[]> {
  const { where, params } = reportFilterSql(filter);
  const rows = await src.all<{
    report_id: number;
    value: number;
    unit: string;
    approx: number;
    subject: string;
    start: number;
    end: number;
    sentence_start: number;
    sentence_end: number;
  }>(
    `SELECT f.report_id, f.value, f.unit, f.approx, f.subject, f.start, f.end, f.sentence_start, f.sentence_end
     FROM facts f JOIN reports r ON r.id = f.report_id WHERE ${where} ORDER BY f.report_id, f.ord LIMIT 5000`,
    params,
  );
  const out: FactRow[] = [];
  for (const r of rows) {
    const text = (await src.reportText(r.report_id)) ?? '';
    out.push({
      reportId: r.report_id,
      value: r.value,
      unit: r.unit,
      approx: r.approx === 1,
      subject: r.subject,
      start: r.start,
      end: r.end,
      sentenceStart: r.sentence_start,
      sentenceEnd: r.sentence_end,
      sentence: text.slice(r.sentence_start, r.sentence_end),
    });
  }
  return out;
}

const TABLE_IDS: TableId[] = ['t2', 't3', 't4'];

/** The reports with their texts and the cells of `keys`: one query for the reports, one for the cells. */
export async function citedReportsOf(
  src: LexicalSource,
  ids: number[],
  keys: string[],
  texts?: { get(id: number): string | undefined; set(id: number, text: string): void },
): Promise<Map<number, CitedReport>> {
  const out = new Map<number, CitedReport>();
  if (ids.length === 0) return out;
  const list = JSON.stringify(ids);
  // Texts the caller holds already are not read again (the text is read only in the ELSE branch).
  const held = new Map<number, string>();
  for (const id of ids) {
    const text = texts?.get(id);
    if (text !== undefined) held.set(id, text);
  }
  const reports = await src.all<StoredReport & { text: string | null }>(
    `SELECT ${REPORT_COLS}, CASE WHEN id IN (SELECT value FROM json_each(?)) THEN NULL ELSE text END AS text
       FROM reports WHERE id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify([...held.keys()]), list],
  );
  for (const { text, ...r } of reports) {
    if (text !== null) texts?.set(r.id, text);
    out.set(r.id, { info: reportInfo(r), text: text ?? held.get(r.id)!, cells: [] });
  }
  if (keys.length === 0) return out;
  const cells = await src.all<CellRow & { report_id: number }>(
    `SELECT report_id, key, value, raw, unit, status, start, end FROM cells
      WHERE report_id IN (SELECT value FROM json_each(?)) AND key IN (SELECT value FROM json_each(?))
      ORDER BY report_id, key`,
    [list, JSON.stringify(keys)],
  );
  for (const { report_id, ...c } of cells) out.get(report_id)?.cells.push(cellOf(c));
  return out;
}

/** The reports with their texts and the cells of `keys`, in two queries when the store can. */
export async function citedReports(store: Store, ids: number[], keys: string[]): Promise<Map<number, CitedReport>> {
  if (store.citedReports) return store.citedReports(ids, keys);
  const out = new Map<number, CitedReport>();
  for (const id of ids) {
    const info = await store.report(id);
    if (info) out.set(id, { info, text: (await store.reportText(id)) ?? '', cells: await store.cells(id, keys) });
  }
  return out;
}

/** The failed checks of the reports, in one query when the store can. */
export async function failedChecks(store: Store, ids: number[]): Promise<FailedCheck[]> {
  if (store.failedChecks) return store.failedChecks(ids);
  const each = await Promise.all(
    ids.map(async (id) =>
      (await store.validation(id))
        .filter((v) => v.status === 'FAIL')
        .map(({ rule, cells, message }) => ({ reportId: id, rule, cells, message })),
    ),
  );
  return each.flat();
}

/** The failed checks of the given reports, by the validation index on report id. */
export async function failedChecksOf(src: LexicalSource, ids: number[]): Promise<FailedCheck[]> {
  if (ids.length === 0) return [];
  const rows = await src.all<Omit<FailedCheck, 'cells'> & { cells: string }>(
    `SELECT report_id AS reportId, rule, cells, message FROM validation
      WHERE report_id IN (SELECT value FROM json_each(?)) AND status = 'FAIL' ORDER BY report_id, rowid`,
    [JSON.stringify(ids)],
  );
  return rows.map((r) => ({ ...r, cells: JSON.parse(r.cells) as string[] }));
}

/**
 * Each filtered report's failed rules and the tables it has a cell read from: a table ingest did
 * not find, or could not read, has only 'missing' or 'unparsed' cells. Each table is one seek on
 * the cells' primary key.
 */
export async function reportChecksOf(src: LexicalSource, filter: ReportFilter): Promise<ReportCheck[]> {
  const { where, params } = reportFilterSql(filter);
  const has = (t: TableId) =>
    `EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.key > '${t}.' AND c.key < '${t}/' AND c.status IN (${READ_STATUSES.map((s) => `'${s}'`).join(', ')})) AS ${t}`;
  const rows = await src.all<{ id: number; failed: string } & Record<TableId, number>>(
    `SELECT r.id,
       (SELECT json_group_array(json_object('rule', v.rule, 'message', v.message)) FROM validation v
        WHERE v.report_id = r.id AND v.status = 'FAIL') AS failed,
       ${TABLE_IDS.map(has).join(', ')}
     FROM reports r WHERE ${where} ORDER BY r.id`,
    params,
  );
  return rows.map((r) => ({
    reportId: r.id,
    failed: JSON.parse(r.failed) as ReportCheck['failed'],
    tables: TABLE_IDS.filter((t) => r[t] === 1),
  }));
}
