import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_DB_PATH, migrations, SCHEMA_VERSION } from '../../sqlite/migrations.ts';

export type DB = Database.Database;

export { DEFAULT_DB_PATH, SCHEMA_VERSION };

/**
 * How long a statement waits for another connection's lock (migrations, the index a bulk load
 * rebuilds). Writers take the lock with `beginWrite`, which waits without blocking the event loop.
 */
const BUSY_TIMEOUT_MS = 30_000;
/** Each attempt of `beginWrite` blocks the thread at most this long… */
const WRITE_ATTEMPT_MS = 20;
/** …and it gives up after this long, naming the lock. */
const WRITE_WAIT_MS = 120_000;

/**
 * Starts a write transaction (BEGIN IMMEDIATE, so the lock is taken at the start rather than on
 * a read lock's upgrade, which fails at once when another writer is active). While another
 * process or connection writes, it waits in short attempts with the event loop free in between.
 */
export async function beginWrite(db: DB): Promise<void> {
  const deadline = Date.now() + WRITE_WAIT_MS;
  db.pragma(`busy_timeout = ${WRITE_ATTEMPT_MS}`);
  try {
    for (let pause = 5; ; pause = Math.min(100, pause * 2)) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

export function dbPathFromEnv(flag?: string): string {
  return flag ?? process.env.DB_PATH ?? DEFAULT_DB_PATH;
}

/** Opens (creating and migrating when writable) the one SQLite file of the service. */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): DB {
  if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
    timeout: BUSY_TIMEOUT_MS,
  });
  db.pragma('foreign_keys = ON');
  sqliteVec.load(db);
  if (opts.readonly) {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v !== SCHEMA_VERSION)
      throw new Error(`database ${path} has schema version ${v}, expected ${SCHEMA_VERSION}: run ingest to migrate`);
    return db;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Index pages of cells are touched all over the file by each report: keep them in memory.
  db.pragma('cache_size = -131072');
  migrate(db);
  try {
    rebuildDeferredIndexes(db);
  } catch (e) {
    // Another process is loading into this file: its load rebuilds the index at its end.
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  }
  return db;
}

function migrate(db: DB): void {
  for (const m of migrations()) {
    if (m.version <= (db.pragma('user_version', { simple: true }) as number)) continue;
    // Under the write lock, the version is read again: another process may have just migrated.
    db.transaction(() => {
      if (m.version <= (db.pragma('user_version', { simple: true }) as number)) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/**
 * Indexes a bulk load drops and builds once at its end: each report adds about 200 entries all
 * over cells_by_key, which costs 8× more per report than one sort of the finished table.
 */
const BULK_DEFERRED = ['cells_by_key'];

export function deferIndexes(db: DB): void {
  db.transaction(() => {
    for (const name of BULK_DEFERRED) {
      const index = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) as
        | { sql: string }
        | undefined;
      if (!index) continue;
      db.prepare('INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)').run(name, index.sql);
      db.exec(`DROP INDEX ${name}`);
    }
  })();
}

/** Builds the indexes a bulk load deferred (at its end, or after it stopped midway). */
export function rebuildDeferredIndexes(db: DB): void {
  if (!db.prepare('SELECT 1 FROM deferred_indexes').get()) return;
  // Read again under the write lock: another process's load may have rebuilt them meanwhile.
  db.transaction(() => {
    for (const { name, sql } of db.prepare('SELECT name, sql FROM deferred_indexes').all() as {
      name: string;
      sql: string;
    }[]) {
      db.exec(sql);
      db.prepare('DELETE FROM deferred_indexes WHERE name = ?').run(name);
    }
  }).immediate();
}

const statements = new WeakMap<DB, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: preparing costs more than running. */
export function statement(db: DB, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

/**
 * A key that changes whenever the file's data may have: data_version moves when another
 * connection commits, total_changes when this one writes.
 */
export function dataVersion(db: DB): string {
  const v = statement(db, 'PRAGMA data_version').pluck().get() as number;
  return `${v}:${statement(db, 'SELECT total_changes()').pluck().get() as number}`;
}
