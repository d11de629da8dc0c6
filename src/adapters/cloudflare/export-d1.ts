/**
 * npm run export:d1 -- [--db FILE] --out DIR [--shard-by province|region:N …] (sharded: export-shards.ts)
 *
 * Writes what the Worker is loaded from (a build script: runs on Node, never on Workers):
 *  - DIR/d1.sql: the schema and rows as statements D1 takes (each ≤ 90 KB, literals only, no
 *    bound parameters, no writable_schema): the plain tables, a contentless FTS5 table re-filled
 *    with words cut by jieba-wasm (the Worker's segmenter, so index and query tokens agree) and
 *    the Han bigrams, and `chunks_vocab` (the document frequencies fts5vocab gives on Node).
 *    It drops and re-creates the tables, so loading it again replaces the data.
 *  - DIR/vectors.<provider>.<dims>d.ndjson: one line per prose chunk for `wrangler vectorize
 *    insert` (id = chunk id, metadata org, year, reportId). Local hashed vectors are re-embedded
 *    with jieba-wasm; vectors of an embedding endpoint are carried as they are.
 *  - DIR/manifest.json: counts, the embedder, and the commands to load it all.
 * The chunks.vector column and the sqlite-vec table are not exported: D1 has no sqlite-vec.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jiebaNode from 'jieba-wasm/node';
import type { Section } from '../../domain/types.ts';
import { cellOf, type CellRow } from '../../retrieval/lexical.ts';
import { proseChunks, tableRowChunks } from '../../retrieval/chunk.ts';
import { topicWords } from '../../retrieval/features.ts';
import { indexBigrams, indexTextOf } from '../../retrieval/index-report.ts';
import { HASHED_MODEL, HASHED_PROVIDER, HashedEmbeddings } from '../../retrieval/hashed-embeddings.ts';
import * as sqliteVec from 'sqlite-vec';
import { cellTotalsOf, DEFAULT_DB_PATH, SCHEMA_DIR, SCHEMA_VERSION } from '../../sqlite/migrations.ts';
import { corpusWords, WASM_SEGMENTER, wasmSegmenter, type JiebaWasm } from './segmenter.ts';
import { splitSql } from '../../sqlite/sql-split.ts';
import { BGE_M3, MODEL_DIMS, WORKERS_AI_PROVIDER } from './workers-ai-embeddings.ts';
import { exportShards, shardBindings, writeShardedExport } from './export-shards.ts';
import { parseShardBy } from './shard-plan.ts';

type DB = Database.Database;

/** The Node database, read as it is: it must be at the schema version this export knows. */
export function openReadonly(path: string): DB {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  sqliteVec.load(db);
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`database ${path} has schema version ${v}, expected ${SCHEMA_VERSION}: run ingest to migrate`);
  }
  return db;
}

/** D1 takes statements up to 100 KB: stay clear of it. */
export const MAX_STATEMENT_BYTES = 90_000;
/**
 * The Node schema this export knows (001–015): a later migration needs a look here first. 015's
 * org_names is not exported: the Worker derives the names from the reports in memory.
 */
const KNOWN_SCHEMA = 15;
const NODE_SCHEMA = join(SCHEMA_DIR, '001_init.sql');
/**
 * Node migrations D1 takes as they are (002–004 are replaced by D1_RETRIEVAL_SCHEMA; 007's table
 * stays empty there; 012 changes rows only, and the rows exported are the migrated ones; 013's
 * cell_totals is filled from the exported cells).
 */
const NODE_MIGRATIONS_AS_IS = [
  '005_reports_year_org.sql',
  '006_cells_report_columns.sql',
  '007_deferred_indexes.sql',
  '008_cells_without_derived_columns.sql',
  '009_reports_listing.sql',
  '010_report_aliases.sql',
  '011_cells_level.sql',
  '013_cell_totals.sql',
  '014_reports_corpus.sql',
].map((f) => join(SCHEMA_DIR, f));

/** Tables in the order rows are written (parents first); dropped in the reverse order. */
const TABLES = [
  'reports',
  'sections',
  'cells',
  'cell_totals',
  'facts',
  'validation',
  'chunks',
  'chunks_fts',
  'chunks_vocab',
  'index_meta',
];

/** What Node's 002–004 make, in D1's terms: no vector column, FTS5 without contentless_delete, vocab as a table. */
const D1_RETRIEVAL_SCHEMA = `
CREATE TABLE chunks (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('prose', 'table')),
  section   TEXT NOT NULL,
  start     INTEGER NOT NULL,
  end       INTEGER NOT NULL
);
CREATE INDEX chunks_report ON chunks (report_id);
CREATE VIRTUAL TABLE chunks_fts USING fts5(words, bigrams, content = '');
CREATE TABLE chunks_vocab (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface ExportedEmbedder {
  provider: string;
  model: string;
  dims: number;
  /** How the vectors were made for the Worker. */
  how: 're-embedded' | 'copied';
}

export interface D1Export {
  statements: string[];
  /** NDJSON lines for `wrangler vectorize insert`, or null when the database has no vectors. */
  vectors: { file: string; lines: string[] } | null;
  embedder: ExportedEmbedder | null;
  counts: Record<string, number>;
  /** What the Worker must be told, or what must be done, about the vectors. */
  notes: string[];
  /** Each chunk's index text with the words jieba-wasm cut it into (for the segmentation test). */
  segmented: { text: string; words: string[] }[];
  /** How many chunks hold each recomputed bigram (checked against the database's FTS index). */
  bigrams: Map<string, number>;
  /** The size of the loaded export as a SQLite file (page_count × page_size): what D1 will hold. */
  bytes: number;
}

/** A value as a SQL literal. Strings are quoted ('' for '), never spliced unquoted. */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot export the number ${v}`);
    return String(v);
  }
  if (typeof v === 'string') {
    if (v.includes('\0')) throw new Error('cannot export a string with a NUL character');
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v))
      throw new Error('cannot export a string with a lone surrogate (not valid UTF-8)');
    return `'${v.replace(/'/g, "''")}'`;
  }
  throw new Error(`cannot export a ${typeof v} value`);
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Splits a string in pieces of at most `max` UTF-8 bytes, never inside a character. */
export function splitUtf8(s: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  let n = 0;
  for (const ch of s) {
    const b = bytes(ch);
    if (n + b > max && cur) {
      out.push(cur);
      cur = '';
      n = 0;
    }
    cur += ch;
    n += b;
  }
  if (cur || out.length === 0) out.push(cur);
  return out;
}

/**
 * Multi-row INSERTs of at most `max` bytes each. A row too long for one statement (a long report
 * text) goes in with its longest string cut short, the rest appended by UPDATEs on `key`.
 */
export function insertStatements(
  table: string,
  cols: string[],
  rows: unknown[][],
  max = MAX_STATEMENT_BYTES,
  key?: string,
): string[] {
  const head = `INSERT INTO ${table} (${cols.join(', ')}) VALUES\n`;
  const out: string[] = [];
  let batch: string[] = [];
  let size = bytes(head);
  const flush = () => {
    if (batch.length) out.push(`${head}${batch.join(',\n')};`);
    batch = [];
    size = bytes(head);
  };
  for (const row of rows) {
    const tuple = `(${row.map(sqlLiteral).join(', ')})`;
    const b = bytes(tuple) + 2;
    if (bytes(head) + b > max) {
      flush();
      const k = key ? cols.indexOf(key) : -1;
      const long = row.reduce<number>(
        (best, v, i) => (typeof v === 'string' && (best < 0 || v.length > (row[best] as string).length) ? i : best),
        -1,
      );
      if (k < 0 || long < 0) throw new Error(`a row of ${table} is over ${max} bytes and cannot be split`);
      const room = Math.max(1000, max - bytes(head) - (b - bytes(sqlLiteral(row[long]))) - 200);
      const pieces = splitUtf8(row[long] as string, Math.floor(room / 1.01));
      const first = row.map((v, i) => (i === long ? pieces[0] : v));
      out.push(`${head}(${first.map(sqlLiteral).join(', ')});`);
      const appendRoom =
        max -
        200 -
        bytes(`UPDATE ${table} SET ${cols[long]} = ${cols[long]} || '' WHERE ${key} = ${sqlLiteral(row[k])};`);
      for (const rest of pieces.slice(1)) {
        for (const piece of splitUtf8(rest, Math.floor(appendRoom / 1.01))) {
          out.push(
            `UPDATE ${table} SET ${cols[long]} = ${cols[long]} || ${sqlLiteral(piece)} WHERE ${key} = ${sqlLiteral(row[k])};`,
          );
        }
      }
      continue;
    }
    if (size + b > max) flush();
    batch.push(tuple);
    size += b;
  }
  flush();
  for (const s of out) if (bytes(s) > max) throw new Error(`internal: a ${table} statement is ${bytes(s)} bytes`);
  return out;
}

function indexMeta(db: DB): Map<string, string> {
  return new Map(
    (db.prepare('SELECT key, value FROM index_meta').all() as { key: string; value: string }[]).map((r) => [
      r.key,
      r.value,
    ]),
  );
}

type ChunkRow = {
  id: number;
  report_id: number;
  ord: number;
  kind: 'prose' | 'table';
  section: string;
  start: number;
  end: number;
};

/**
 * The text each chunk was indexed with on Node (section path + prose; a table row group with its
 * labels), recomputed from the report with the core's chunkers and matched to the stored chunks.
 */
function indexTexts(db: DB, chunks: ChunkRow[]): Map<number, string> {
  const byReport = new Map<number, ChunkRow[]>();
  for (const c of chunks) byReport.set(c.report_id, [...(byReport.get(c.report_id) ?? []), c]);
  const out = new Map<number, string>();
  const textOf = db.prepare('SELECT text FROM reports WHERE id = ?');
  const sectionsOf = db.prepare(
    'SELECT num, depth, title, path, start, end FROM sections WHERE report_id = ? ORDER BY ord',
  );
  const cellsOf = db.prepare(
    'SELECT key, value, raw, unit, status, start, end FROM cells WHERE report_id = ? ORDER BY key',
  );
  for (const [id, list] of byReport) {
    const text = (textOf.get(id) as { text: string }).text;
    const sections = sectionsOf.all(id) as Section[];
    const cells = (cellsOf.all(id) as CellRow[]).map(cellOf);
    const spans = new Map<string, string>();
    for (const s of [...proseChunks(text, sections, cells.length > 0), ...tableRowChunks(cells)])
      spans.set(`${s.kind}|${s.section}|${s.start}|${s.end}`, indexTextOf(s, text));
    for (const c of list) {
      const t = spans.get(`${c.kind}|${c.section}|${c.start}|${c.end}`);
      if (t === undefined)
        throw new Error(
          `chunk ${c.id} of report ${id} does not match this version's chunker: run \`npm run reindex\` on the database, then export again`,
        );
      out.set(c.id, t);
    }
  }
  return out;
}

/** Checks the recomputed bigram counts against what Node's FTS index holds (one vocabulary query). */
export function checkBigrams(db: DB, mine: Map<string, number>): void {
  const name = `temp.export_vocab_${process.pid}`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING fts5vocab(main, 'chunks_fts', 'col')`);
  const stored = new Map(
    (db.prepare(`SELECT term, cnt FROM ${name} WHERE col = 'bigrams'`).all() as { term: string; cnt: number }[]).map(
      (r) => [r.term, r.cnt],
    ),
  );
  db.exec(`DROP TABLE IF EXISTS ${name}`);
  const differ = [...new Set([...stored.keys(), ...mine.keys()])].filter((t) => stored.get(t) !== mine.get(t));
  if (differ.length) {
    throw new Error(
      `the recomputed index text differs from the database's FTS index (${differ.length} bigrams, e.g. ${differ.slice(0, 3).join(' ')}): run \`npm run reindex\` on the database, then export again`,
    );
  }
}

/**
 * Builds the export of an open Node database (read-only use), or of the given `reports` only (a
 * shard: the caller checks the bigrams of all shards together), or with `search` the sharded
 * corpus's search database: every chunk's full-text row and the reports without their texts,
 * cells, facts or vectors. Words are cut with the whole corpus's names added, as the Worker adds
 * every shard's.
 */
export async function exportD1(
  db: DB,
  opts: { jieba?: JiebaWasm; now?: Date; maxStatementBytes?: number; reports?: number[]; search?: boolean } = {},
): Promise<D1Export> {
  if (SCHEMA_VERSION !== KNOWN_SCHEMA)
    throw new Error(
      `export:d1 knows the Node schema up to version ${KNOWN_SCHEMA}, this is ${SCHEMA_VERSION}: update src/adapters/cloudflare/export-d1.ts`,
    );
  const max = opts.maxStatementBytes ?? MAX_STATEMENT_BYTES;
  const segmenter = wasmSegmenter(opts.jieba ?? (jiebaNode as JiebaWasm));
  // The Worker adds the corpus's names in this order (its store's reports(), by org and year).
  segmenter.addWords(
    corpusWords(
      db.prepare('SELECT org, region FROM reports r WHERE 1 ORDER BY r.org, r.year').all() as {
        org: string | null;
        region: string | null;
      }[],
    ),
  );

  const statements: string[] = [];
  for (const t of [...TABLES].reverse()) statements.push(`DROP TABLE IF EXISTS ${t};`);
  for (const s of splitSql(readFileSync(NODE_SCHEMA, 'utf8'))) statements.push(`${s};`);
  for (const s of splitSql(D1_RETRIEVAL_SCHEMA)) statements.push(`${s};`);
  for (const f of NODE_MIGRATIONS_AS_IS) for (const s of splitSql(readFileSync(f, 'utf8'))) statements.push(`${s};`);

  const counts: Record<string, number> = {};
  // A shard's rows: those of its reports, the ids bound as one JSON array.
  const only = opts.reports ? [JSON.stringify(opts.reports)] : [];
  const of = (col: string) => (opts.reports ? `WHERE ${col} IN (SELECT value FROM json_each(?))` : '');
  const dump = (table: string, cols: string[], sql: string, key?: string) => {
    if (opts.search && !['reports', 'chunks'].includes(table)) {
      counts[table] = 0;
      return;
    }
    const rows = db
      .prepare(sql)
      .raw()
      .all(...only) as unknown[][];
    counts[table] = rows.length;
    statements.push(...insertStatements(table, cols, rows, max, key));
  };
  dump(
    'reports',
    [
      'id',
      'path',
      'file',
      'format',
      'content_hash',
      'title',
      'org',
      'aliases',
      'region',
      'level',
      'year',
      'template',
      'published',
      'text',
      'warnings',
      'ingested_at',
    ],
    `SELECT id, path, file, format, content_hash, title, org, aliases, region, level, year, template, published, ${opts.search ? "''" : 'text'}, warnings, ingested_at FROM reports ${of('id')} ORDER BY id`,
    'id',
  );
  dump(
    'sections',
    ['report_id', 'ord', 'num', 'depth', 'title', 'path', 'start', 'end'],
    `SELECT report_id, ord, num, depth, title, path, start, end FROM sections ${of('report_id')} ORDER BY report_id, ord`,
  );
  dump(
    'cells',
    ['report_id', 'key', 'value', 'raw', 'unit', 'status', 'start', 'end', 'year', 'org', 'template', 'level'],
    `SELECT report_id, key, value, raw, unit, status, start, end, year, org, template, level FROM cells ${of('report_id')} ORDER BY report_id, key`,
  );
  // A shard's totals are those of its own cells, as the writer would have kept them.
  dump(
    'cell_totals',
    ['key', 'year', 'level', 'template', 'reports', 'valued', 'total', 'orgs'],
    cellTotalsOf(opts.reports ? 'report_id IN (SELECT value FROM json_each(?))' : '1'),
  );
  dump(
    'facts',
    ['report_id', 'ord', 'value', 'unit', 'approx', 'subject', 'start', 'end', 'sentence_start', 'sentence_end'],
    `SELECT report_id, ord, value, unit, approx, subject, start, end, sentence_start, sentence_end FROM facts ${of('report_id')} ORDER BY report_id, ord`,
  );
  dump(
    'validation',
    ['rowid', 'report_id', 'rule', 'status', 'cells', 'message'],
    `SELECT rowid, report_id, rule, status, cells, message FROM validation ${of('report_id')} ORDER BY rowid`,
  );
  dump(
    'chunks',
    ['id', 'report_id', 'ord', 'kind', 'section', 'start', 'end'],
    `SELECT id, report_id, ord, kind, section, start, end FROM chunks ${of('report_id')} ORDER BY id`,
  );

  // The lexical index, re-cut by jieba-wasm so that it matches the Worker's query words.
  const chunks = db
    .prepare(`SELECT id, report_id, ord, kind, section, start, end FROM chunks ${of('report_id')} ORDER BY id`)
    .all(...only) as ChunkRow[];
  const texts = indexTexts(db, chunks);
  const bigrams = new Map(chunks.map((c) => [c.id, indexBigrams(c, texts.get(c.id)!)]));
  const bigramCounts = new Map<string, number>();
  for (const list of bigrams.values()) for (const b of list) bigramCounts.set(b, (bigramCounts.get(b) ?? 0) + 1);
  if (chunks.length && !opts.reports) checkBigrams(db, bigramCounts);
  const segmented: D1Export['segmented'] = [];
  const fts = chunks.map((c) => {
    const text = texts.get(c.id)!;
    const words = topicWords(segmenter, text);
    segmented.push({ text, words: segmenter.cut(text) });
    return [c.id, words.join(' '), bigrams.get(c.id)!.join(' ')];
  });
  counts.chunks_fts = fts.length;
  statements.push(...insertStatements('chunks_fts', ['rowid', 'words', 'bigrams'], fts, max));

  // Vectors: local hashed ones are made again with the Worker's segmenter; others are copied.
  const meta = indexMeta(db);
  const notes: string[] = [];
  let embedder: ExportedEmbedder | null = null;
  let vectors: D1Export['vectors'] = null;
  const provider = meta.get('provider');
  const orgYear = new Map(
    (
      db.prepare('SELECT id, org, year FROM reports').all() as { id: number; org: string | null; year: number | null }[]
    ).map((r) => [r.id, r]),
  );
  const prose = chunks.filter((c) => c.kind === 'prose');
  const line = (c: ChunkRow, v: ArrayLike<number>) => {
    const r = orgYear.get(c.report_id)!;
    const metadata: Record<string, string | number> = { reportId: c.report_id };
    if (r.org !== null) metadata.org = r.org;
    if (r.year !== null) metadata.year = r.year;
    return JSON.stringify({
      id: String(c.id),
      values: Array.from(v, (x) => Number(Math.fround(x).toPrecision(9))),
      metadata,
    });
  };
  if (provider === HASHED_PROVIDER) {
    const dims = Number(meta.get('dims'));
    const hashed = new HashedEmbeddings({ segmenter, dims });
    embedder = { provider: HASHED_PROVIDER, model: HASHED_MODEL, dims, how: 're-embedded' };
    if (!opts.search) {
      const vs = await hashed.embedDocuments(prose.map((c) => texts.get(c.id)!));
      vectors = { file: `vectors.${HASHED_PROVIDER}.${dims}d.ndjson`, lines: prose.map((c, i) => line(c, vs[i]!)) };
    }
    notes.push(
      `The database's vectors are the local hashed ones (${dims} dims), re-embedded here with jieba-wasm. ` +
        `Workers AI ${BGE_M3} makes ${MODEL_DIMS[BGE_M3]}-dim vectors that cannot be compared with them: this script cannot call Workers AI, so either ` +
        `set EMBEDDINGS = "local-hashed" in wrangler.toml (no AI needed), or re-embed the database with bge-m3 ` +
        `(EMBEDDINGS_BASE_URL=… EMBEDDINGS_MODEL=bge-m3 npm run reindex) and export again. With the default EMBEDDINGS = "workers-ai" ` +
        `the Worker answers table questions and refuses retrieval questions, saying why.`,
    );
  } else if (provider) {
    const dims = Number(meta.get('dims'));
    const model = meta.get('model') ?? '';
    const rows = opts.search
      ? []
      : (db
          .prepare(`SELECT id, vector FROM chunks ${of('report_id') || 'WHERE 1'} AND vector IS NOT NULL ORDER BY id`)
          .all(...only) as { id: number; vector: Buffer }[]);
    const byId = new Map(chunks.map((c) => [c.id, c]));
    embedder = { provider, model, dims, how: 'copied' };
    if (!opts.search)
      vectors = {
        file: `vectors.${provider}.${dims}d.ndjson`,
        lines: rows.map((r) =>
          line(byId.get(r.id)!, new Float32Array(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength / 4)),
        ),
      };
    const bge = /bge-m3/i.test(model) && dims === MODEL_DIMS[BGE_M3];
    notes.push(
      bge
        ? `The vectors (${provider} ${model}, ${dims} dims) are copied as they are: the Worker's default Workers AI ${BGE_M3} is the same model, so EMBEDDINGS = "workers-ai" can query them.`
        : `The vectors (${provider} ${model}, ${dims} dims) are copied as they are, but no Worker embedder makes such vectors (Workers AI ${BGE_M3}: ${MODEL_DIMS[BGE_M3]} dims): re-embed the database with bge-m3 (EMBEDDINGS_BASE_URL=… EMBEDDINGS_MODEL=bge-m3 npm run reindex) and export again, or the Worker refuses retrieval questions.`,
    );
  } else {
    notes.push(
      'The database records no embedder (no vectors): retrieval on the Worker is full-text only; set EMBEDDINGS = "off".',
    );
  }

  const info: [string, string][] = [
    ['segmenter', WASM_SEGMENTER],
    ['exported_at', (opts.now ?? new Date()).toISOString()],
    ['source_db', basename(db.name)],
  ];
  if (embedder)
    info.unshift(
      ['provider', embedder.provider],
      ['model', embedder.model],
      ['dims', String(embedder.dims)],
      ['vectors', embedder.how],
    );

  // Load it all into an empty SQLite database: the statements must run, and fts5vocab there
  // gives the document frequencies Node reads from chunks_vocab.
  const check = new Database(':memory:');
  let bytes = 0;
  try {
    check.pragma('foreign_keys = ON');
    for (const s of statements) check.exec(s);
    for (const t of ['reports', 'sections', 'cells', 'cell_totals', 'facts', 'validation', 'chunks']) {
      const n = (check.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      if (n !== counts[t]) throw new Error(`internal: ${t} has ${n} rows after loading, not ${counts[t]}`);
    }
    const same = check.prepare(`SELECT ${opts.search ? "''" : 'text'} AS text FROM reports WHERE id = ?`);
    for (const r of db
      .prepare(`SELECT id, ${opts.search ? "''" : 'text'} AS text FROM reports ${of('id')}`)
      .all(...only) as {
      id: number;
      text: string;
    }[]) {
      if ((same.get(r.id) as { text: string }).text !== r.text)
        throw new Error(`internal: report ${r.id}'s text did not survive the export`);
    }
    check.exec("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'chunks_fts', 'row')");
    const vocab = check.prepare('SELECT term, doc FROM temp.v ORDER BY term').raw().all() as unknown[][];
    counts.chunks_vocab = vocab.length;
    const tail = [
      ...insertStatements('chunks_vocab', ['term', 'doc'], vocab, max),
      ...insertStatements('index_meta', ['key', 'value'], info, max),
    ];
    for (const s of tail) check.exec(s);
    statements.push(...tail);
    check.exec('VACUUM');
    bytes =
      (check.pragma('page_count', { simple: true }) as number) *
      (check.pragma('page_size', { simple: true }) as number);
  } finally {
    check.close();
  }
  return { statements, vectors, embedder, counts, notes, segmented, bigrams: bigramCounts, bytes };
}

/** `wrangler d1 execute --file` takes files up to 5 GB: a larger export is written in parts. */
export const D1_MAX_IMPORT_BYTES = 5 * 1024 ** 3;

/** The export's SQL files, in load order: d1.sql, then d1.part2.sql … when over `max` bytes. */
export function sqlFiles(statements: string[], max = D1_MAX_IMPORT_BYTES): { file: string; statements: string[] }[] {
  const parts: string[][] = [[]];
  let size = 0;
  for (const s of statements) {
    const b = bytes(s) + 1;
    if (size + b > max - 200 && parts.at(-1)!.length) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1)!.push(s);
    size += b;
  }
  return parts.map((p, i) => ({ file: i === 0 ? 'd1.sql' : `d1.part${i + 1}.sql`, statements: p }));
}

/** The commands that load an export (for the manifest and the CLI's last lines). */
export function loadCommands(
  out: string,
  e: D1Export,
  names = { db: 'govreport-qa', index: 'govreport-qa' },
): string[] {
  const cmds = sqlFiles(e.statements).map(
    (f) => `npx wrangler d1 execute ${names.db} --remote --file ${join(out, f.file)}`,
  );
  if (e.vectors && e.embedder) {
    cmds.push(
      `npx wrangler vectorize create ${names.index} --dimensions=${e.embedder.dims} --metric=cosine`,
      `npx wrangler vectorize create-metadata-index ${names.index} --propertyName=org --type=string`,
      `npx wrangler vectorize create-metadata-index ${names.index} --propertyName=year --type=number`,
      `npx wrangler vectorize insert ${names.index} --file ${join(out, e.vectors.file)}`,
    );
  }
  return cmds;
}

/** Writes d1.sql, the vectors NDJSON and manifest.json into `out` (load commands naming `names`). */
export function writeD1Export(
  out: string,
  e: D1Export,
  names?: { db: string; index: string },
): { sql: string; vectors: string | null; manifest: string } {
  mkdirSync(out, { recursive: true });
  const files = sqlFiles(e.statements);
  for (const [i, f] of files.entries())
    writeFileSync(
      join(out, f.file),
      `-- govreport-qa D1 export${files.length > 1 ? `, part ${i + 1} of ${files.length}` : ''}: ${f.statements.length} statements, each ≤ ${MAX_STATEMENT_BYTES} bytes\n${f.statements.join('\n')}\n`,
    );
  const sql = join(out, 'd1.sql');
  const vectors = e.vectors ? join(out, e.vectors.file) : null;
  if (vectors && e.vectors) writeFileSync(vectors, `${e.vectors.lines.join('\n')}\n`);
  const manifest = join(out, 'manifest.json');
  writeFileSync(
    manifest,
    `${JSON.stringify(
      {
        sql: files.map((f) => f.file),
        statements: e.statements.length,
        maxStatementBytes: Math.max(...e.statements.map(bytes)),
        counts: e.counts,
        vectors: e.vectors ? { file: e.vectors.file, count: e.vectors.lines.length, ...e.embedder } : null,
        workerEmbeddings:
          e.embedder?.provider === HASHED_PROVIDER
            ? 'local-hashed'
            : e.embedder && /bge-m3/i.test(e.embedder.model)
              ? WORKERS_AI_PROVIDER
              : e.embedder
                ? 're-embed first'
                : 'off',
        segmenter: WASM_SEGMENTER,
        notes: e.notes,
        bytes: e.bytes,
        load: loadCommands(out, e, names),
      },
      null,
      2,
    )}\n`,
  );
  return { sql, vectors, manifest };
}

function arg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const out = arg(argv, '--out');
  if (!out) {
    console.error(
      'usage: npm run export:d1 -- [--db FILE] --out DIR [--shard-by province|region:N [--shards N] [--max-shard-gb G]]',
    );
    return 2;
  }
  let db: DB;
  try {
    db = openReadonly(arg(argv, '--db') ?? process.env.DB_PATH ?? DEFAULT_DB_PATH);
  } catch (err) {
    console.error(`export:d1: ${(err as Error).message}`);
    return 1;
  }
  try {
    const shardBy = arg(argv, '--shard-by');
    if (shardBy) return await shardedMain(db, out, shardBy, argv);
    if (arg(argv, '--shards') !== undefined || arg(argv, '--max-shard-gb') !== undefined)
      throw new Error('--shards and --max-shard-gb shard the export: give --shard-by province|region:N too');
    const e = await exportD1(db);
    const files = writeD1Export(out, e);
    console.log(
      `wrote ${files.sql}: ${e.statements.length} statements (${e.counts.reports} reports, ${e.counts.chunks} chunks, ${e.counts.chunks_vocab} terms)`,
    );
    if (files.vectors)
      console.log(
        `wrote ${files.vectors}: ${e.vectors!.lines.length} vectors, ${e.embedder!.dims} dims (${e.embedder!.provider} ${e.embedder!.model}, ${e.embedder!.how})`,
      );
    for (const n of e.notes) console.log(`\nNOTE: ${n}`);
    console.log(`\nload with:\n  ${loadCommands(out, e).join('\n  ')}`);
    return 0;
  } catch (err) {
    console.error(`export:d1: ${(err as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

async function shardedMain(db: DB, out: string, shardBy: string, argv: string[]): Promise<number> {
  const count = arg(argv, '--shards');
  const gb = arg(argv, '--max-shard-gb');
  if ((count !== undefined && !/^\d+$/.test(count)) || (gb !== undefined && !(Number(gb) > 0)))
    throw new Error('--shards takes a whole number and --max-shard-gb a positive number');
  const e = await exportShards(db, parseShardBy(shardBy), {
    ...(count !== undefined ? { count: Number(count) } : {}),
    ...(gb !== undefined ? { maxBytes: Number(gb) * 1024 ** 3 } : {}),
  });
  const files = writeShardedExport(out, e);
  for (const [i, s] of e.shards.entries())
    console.log(
      `${files.dirs[i]}: ${s.counts.reports} reports (${e.plan.shards[i]!.groups.join('、') || 'no region'}), ${s.counts.chunks} chunks, ${s.vectors?.lines.length ?? 0} vectors, ${s.bytes} bytes as a database`,
    );
  for (const n of e.shards[0]?.notes ?? []) console.log(`\nNOTE: ${n}`);
  console.log(
    `\nload each shard with the commands in its manifest.json; bind them in wrangler.toml:\n\n${shardBindings(
      e.shards.length,
      e.shards.some((s) => s.vectors),
    )}`,
  );
  console.log(`(${files.manifest} lists them all)`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = await main(process.argv.slice(2));
