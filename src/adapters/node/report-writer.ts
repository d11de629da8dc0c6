import { orgKey, ownName } from '../../domain/org-names.ts';
import type { ParsedReport } from '../../domain/types.ts';
import type { IndexedChunk } from '../../retrieval/index-report.ts';
import { crossYear } from '../../../ingest/validate.ts';
import { statement, type DB } from './db.ts';
import { hasVectors } from './vector-index.ts';

export type WriteOutcome = 'added' | 'replaced' | 'unchanged';

const ROWS_PER_INSERT = 250;
const CARRY_KEYS = ['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total'].flatMap((c) => [
  `t3.carried_over.${c}`,
  `t3.carry_forward.${c}`,
]);

/** What storing a report did; `replaced` names the reports it took the place of. */
export interface WriteResult {
  outcome: WriteOutcome;
  replaced?: string;
}

/**
 * The org a report is stored under. A unit's report that names no region (南郊镇) is of the one
 * org of that name stored with a region (东区南郊镇), when there is exactly one; a report naming
 * the region takes in the stored reports of that name without one, unless another region has an
 * org of that name too (then which one they are is not known, and they stay apart).
 */
function settleOrg(db: DB, r: ParsedReport): string | null {
  if (!r.org || r.level === null || r.level === '部门') return r.org;
  const key = orgKey(r.org, r.region, r.level);
  // Read by the org index, and mostly empty: only then are the orgs of that name looked for.
  const unplaced =
    key === r.org
      ? []
      : (statement(db, 'SELECT id, year FROM reports WHERE org = ? AND level = ? AND region IS NULL').all(
          r.org,
          r.level,
        ) as { id: number; year: number | null }[]);
  if (key !== r.org && unplaced.length === 0) return key;
  // A scan of the covering listing index (schema 9), for the orgs stored under this name with a region.
  const placed = (
    statement(db, "SELECT DISTINCT org, region FROM reports WHERE level = ? AND org LIKE '%' || ? AND org <> ?").all(
      r.level,
      r.org,
      r.org,
    ) as { org: string; region: string | null }[]
  )
    .filter((o) => ownName(o.org, o.region) === r.org)
    .map((o) => o.org);
  if (key === r.org) return placed.length === 1 ? placed[0]! : key;
  if (placed.some((o) => o !== key)) return key;
  for (const { id, year } of unplaced) {
    statement(db, 'UPDATE reports SET org = ? WHERE id = ?').run(key, id);
    statement(db, 'UPDATE cells SET org = ? WHERE report_id = ?').run(key, id);
    if (hasVectors(db))
      statement(
        db,
        'UPDATE chunk_vectors SET org = ? WHERE chunk_id IN (SELECT id FROM chunks WHERE report_id = ?)',
      ).run(key, id);
    if (year !== null) for (const y of [year, year + 1]) refreshCrossYear(db, key, y);
  }
  return key;
}

/**
 * Stores one parsed report in a single transaction. A report is identified by its content and
 * what it says it is, not by a file name: identical content is a no-op; a report from the same
 * path (a changed file) or of the same org and year (a corrected or re-published report, under
 * whatever name) replaces the old one. Y.R1 (carry-over across years of one unit) is recomputed
 * for the report and for the unit's next year, whose check depends on it. The org is stored as
 * its identity, name and region (orgKey): two 新集镇 of two counties are two orgs; see settleOrg
 * for the years of one org that name its region and those that do not.
 */
export function writeReport(
  db: DB,
  path: string,
  parsed: ParsedReport,
  chunks: IndexedChunk[] = [],
  now = new Date(),
): WriteResult {
  return db.transaction((): WriteResult => {
    if (statement(db, 'SELECT 1 FROM reports WHERE content_hash = ?').get(parsed.contentHash))
      return { outcome: 'unchanged' };
    const r = { ...parsed, org: settleOrg(db, parsed) };
    const old = statement(db, 'SELECT id, path, org, year FROM reports WHERE path = ? OR (org = ? AND year = ?)').all(
      path,
      r.org,
      r.year,
    ) as { id: number; path: string; org: string | null; year: number | null }[];
    for (const o of old) deleteReport(db, o.id);
    const { lastInsertRowid } = statement(
      db,
      `INSERT INTO reports (path, file, format, content_hash, title, org, aliases, region, level, year, template, published, text, warnings, ingested_at)
         VALUES (@path, @file, @format, @hash, @title, @org, @aliases, @region, @level, @year, @template, @published, @text, @warnings, @at)`,
    ).run({
      path,
      file: r.file,
      format: r.format,
      hash: r.contentHash,
      title: r.title,
      org: r.org,
      aliases: JSON.stringify(r.aliases),
      region: r.region,
      level: r.level,
      year: r.year,
      template: r.template,
      published: r.published,
      text: r.text,
      warnings: JSON.stringify(r.warnings),
      at: now.toISOString(),
    });
    const id = Number(lastInsertRowid);
    insertRows(
      db,
      'sections',
      8,
      r.sections.map((x, i) => [id, i, x.num, x.depth, x.title, x.path, x.start, x.end]),
    );
    // Cells carry their report's year, org, template and level for the aggregate index (schema 6, 11).
    insertRows(
      db,
      'cells (report_id, key, value, raw, unit, status, start, end, year, org, template, level)',
      12,
      r.cells.map((c) => [
        id,
        c.key,
        c.value,
        c.raw,
        c.unit,
        c.status,
        c.start,
        c.end,
        r.year,
        r.org,
        r.template,
        r.level,
      ]),
    );
    addTotals(db, id, 1);
    insertRows(
      db,
      'facts',
      10,
      r.facts.map((f, i) => [
        id,
        i,
        f.value,
        f.unit,
        f.approx ? 1 : 0,
        f.subject,
        f.start,
        f.end,
        f.sentenceStart,
        f.sentenceEnd,
      ]),
    );
    insertRows(
      db,
      'validation',
      5,
      r.validation.map((v) => [id, v.rule, v.status, JSON.stringify(v.cells), v.message]),
    );
    writeChunks(db, id, r, chunks);
    if (r.org && r.year !== null) {
      refreshCrossYear(db, r.org, r.year);
      refreshCrossYear(db, r.org, r.year + 1);
    }
    if (old.length === 0) return { outcome: 'added' };
    return {
      outcome: 'replaced',
      replaced: old.map((o) => `${o.org ?? '?'} ${o.year ?? '?'}年 (${o.path})`).join('; '),
    };
  })();
}

/**
 * Inserts rows in statements of up to ROWS_PER_INSERT rows: a report has about 200 cells, and
 * one statement per row costs more than the insert itself.
 */
function insertRows(db: DB, into: string, width: number, rows: unknown[][]): void {
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, rows.length - from);
    // A preallocated flat array: Array.prototype.flat takes longer than the insert. Spread, as
    // better-sqlite3 reads call arguments faster than an array's items.
    const args = new Array<unknown>(n * width);
    for (let i = 0; i < n; i++) {
      const row = rows[from + i]!;
      for (let j = 0; j < width; j++) args[i * width + j] = row[j];
    }
    statement(db, insertSql(into, width, n)).run(...args);
  }
}

/** The same string object for the same shape, so the statement cache finds it by its cached hash. */
const INSERT_SQL = new Map<string, string>();
function insertSql(into: string, width: number, rows: number, tail = ''): string {
  const shape = `${into} ${width} ${rows} ${tail}`;
  let sql = INSERT_SQL.get(shape);
  if (sql === undefined) {
    const row = `(${Array(width).fill('?').join(', ')})`;
    INSERT_SQL.set(shape, (sql = `INSERT INTO ${into} VALUES ${Array(rows).fill(row).join(', ')}${tail}`));
  }
  return sql;
}

/** Removes a report with its rows in the virtual tables, which foreign keys do not reach, and its part of cell_totals. */
export function deleteReport(db: DB, id: number): void {
  dropChunks(db, id);
  addTotals(db, id, -1);
  statement(
    db,
    `DELETE FROM cell_totals WHERE reports = 0 AND (key, year, level, template) IN
       (SELECT key, year, IFNULL(level, ''), IFNULL(template, '') FROM cells WHERE report_id = ? AND year IS NOT NULL)`,
  ).run(id);
  statement(db, 'DELETE FROM reports WHERE id = ?').run(id);
}

/**
 * Adds a report's cells to cell_totals (sign 1) or takes them out (-1): one statement over its
 * cells, in the transaction that writes or deletes them (schema 13). A total whose last value
 * went is set to 0, not left with the rounding of adding and taking out fractions. An org counts
 * once: not again for a second report of its year (the writer replaces an org's report of the
 * same year, but a database renamed by schema 12 may hold two), found by the (org, year) index.
 */
function addTotals(db: DB, reportId: number, sign: 1 | -1): void {
  statement(
    db,
    `INSERT INTO cell_totals (key, year, level, template, reports, valued, total, orgs)
     SELECT c.key, c.year, IFNULL(c.level, ''), IFNULL(c.template, ''), @sign, @sign * (c.value IS NOT NULL),
            @sign * IFNULL(c.value, 0),
            @sign * (c.org IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM reports o JOIN cells d ON d.report_id = o.id AND d.key = c.key
               WHERE o.org = c.org AND o.year = c.year AND o.id <> c.report_id
                 AND d.level IS c.level AND d.template IS c.template))
       FROM cells c WHERE c.report_id = @id AND c.year IS NOT NULL
     ON CONFLICT DO UPDATE SET reports = reports + excluded.reports, valued = valued + excluded.valued,
       total = CASE WHEN valued + excluded.valued = 0 THEN 0 ELSE total + excluded.total END, orgs = orgs + excluded.orgs`,
  ).run({ sign, id: reportId });
}

/** Replaces a stored report's chunks (for reindexing), in one transaction. */
export function writeChunksOf(
  db: DB,
  reportId: number,
  r: Pick<ParsedReport, 'org' | 'year'>,
  chunks: IndexedChunk[],
): void {
  db.transaction(() => {
    dropChunks(db, reportId);
    statement(db, 'DELETE FROM chunks WHERE report_id = ?').run(reportId);
    writeChunks(db, reportId, r, chunks);
  })();
}

function dropChunks(db: DB, reportId: number): void {
  const chunkIds = (statement(db, 'SELECT id FROM chunks WHERE report_id = ?').all(reportId) as { id: number }[]).map(
    (c) => c.id,
  );
  const fts = statement(db, 'DELETE FROM chunks_fts WHERE rowid = ?');
  const vec = hasVectors(db) ? db.prepare('DELETE FROM chunk_vectors WHERE chunk_id = ?') : null;
  for (const c of chunkIds) {
    fts.run(c);
    vec?.run(BigInt(c));
  }
}

function writeChunks(db: DB, reportId: number, r: Pick<ParsedReport, 'org' | 'year'>, chunks: IndexedChunk[]): void {
  if (chunks.length === 0) return;
  // One statement for the chunks and one for their FTS rows: per-row statements cost more.
  const vectors = chunks.map((c) => (c.vector ? new Float32Array(c.vector) : null));
  const args = chunks.flatMap((c, i) => [
    reportId,
    i,
    c.kind,
    c.section,
    c.start,
    c.end,
    vectors[i] && Buffer.from(vectors[i]!.buffer),
  ]);
  const ids = (
    statement(
      db,
      insertSql('chunks (report_id, ord, kind, section, start, end, vector)', 7, chunks.length, ' RETURNING id'),
    ).all(...args) as { id: number }[]
  ).map((x) => x.id);
  insertRows(
    db,
    'chunks_fts (rowid, words, bigrams)',
    3,
    chunks.map((c, i) => [ids[i], c.words, c.bigrams]),
  );
  if (!hasVectors(db)) return;
  const vec = statement(db, 'INSERT INTO chunk_vectors (chunk_id, embedding, org, year) VALUES (?, ?, ?, ?)');
  vectors.forEach((v, i) => {
    // vec0's metadata columns hold no NULL: a report that names no org is '', which no org filter names.
    if (v) vec.run(BigInt(ids[i]!), v, r.org ?? '', r.year === null ? null : BigInt(r.year));
  });
}

function refreshCrossYear(db: DB, org: string, year: number): void {
  const ids = (y: number) =>
    (statement(db, 'SELECT id FROM reports WHERE org = ? AND year = ?').all(org, y) as { id: number }[]).map(
      (x) => x.id,
    );
  const cellsOf = (id: number) =>
    new Map(
      (
        statement(
          db,
          `SELECT key, value FROM cells WHERE report_id = ? AND key IN (${CARRY_KEYS.map(() => '?').join(', ')})`,
        ).all(id, ...CARRY_KEYS) as { key: string; value: number | null }[]
      ).map((c) => [c.key, c.value]),
    );
  const prev = ids(year - 1)[0];
  for (const id of ids(year)) {
    statement(db, "DELETE FROM validation WHERE report_id = ? AND rule = 'Y.R1'").run(id);
    if (prev === undefined) continue;
    const ins = statement(db, 'INSERT INTO validation VALUES (?, ?, ?, ?, ?)');
    const v = crossYear(year - 1, cellsOf(prev), cellsOf(id));
    ins.run(id, v.rule, v.status, JSON.stringify(v.cells), v.message);
  }
}

/** Totals for the ingest summary line. */
export function dbSummary(db: DB): { reports: number; cells: number; failed: number } {
  const one = (sql: string) => (statement(db, sql).get() as { n: number }).n;
  return {
    reports: one('SELECT COUNT(*) AS n FROM reports'),
    cells: one('SELECT COUNT(*) AS n FROM cells'),
    failed: one("SELECT COUNT(*) AS n FROM validation WHERE status = 'FAIL'"),
  };
}
