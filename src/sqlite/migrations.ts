/**
 * The SQLite schema both adapters take: `schema/NNN_name.sql`, applied in order on Node
 * (PRAGMA user_version records the last one) and exported to D1 by export-d1. Read from disk,
 * so only Node-side code imports this module; the Worker never does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_DIR = fileURLToPath(new URL('./schema', import.meta.url));

export function migrations(): { version: number; file: string; sql: string }[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), file: f, sql: readFileSync(join(SCHEMA_DIR, f), 'utf8') }));
}

/** The one database file of `npm start`, ingest and the exports, unless DB_PATH or --db says otherwise. */
export const DEFAULT_DB_PATH = 'data/reports.db';

export const SCHEMA_VERSION = Math.max(...migrations().map((m) => m.version));

/**
 * cell_totals (schema 13) computed afresh from the cells `where` keeps (a shard's reports, or
 * all): what the report writer keeps up to date, for an export of part of the cells and for checks.
 */
export const cellTotalsOf = (where = '1') =>
  `SELECT key, year, IFNULL(level, '') AS level, IFNULL(template, '') AS template, COUNT(*) AS reports,
          COUNT(value) AS valued, IFNULL(SUM(value), 0) AS total, COUNT(DISTINCT org) AS orgs
     FROM cells WHERE year IS NOT NULL AND ${where}
    GROUP BY key, year, IFNULL(level, ''), IFNULL(template, '') ORDER BY key, year, level, template`;
