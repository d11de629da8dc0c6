/**
 * `npm run export:d1 -- --out DIR --shard-by province|region:N [--shards N] [--max-shard-gb G]`:
 * the corpus in several D1 databases, each with its own Vectorize index, for a corpus larger than
 * one D1 holds (10 GB). Every report of an org goes to one shard (shard-plan.ts); each shard is
 * an export of its reports (export-d1.ts) in DIR/shard-<i>/. DIR/search/ is the search database:
 * every chunk's full-text row, so that a match over the whole corpus is ranked as one database
 * ranks it. DIR/manifest.json lists them, their sizes and the wrangler.toml bindings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { checkBigrams, exportD1, writeD1Export, type D1Export } from './export-d1.ts';
import type { JiebaWasm } from './segmenter.ts';
import { planShards, type ShardBy, type ShardInput, type ShardPlan } from './shard-plan.ts';

/** D1's limit per database (Workers Paid), and the default with room for growth and indexes. */
export const D1_MAX_DB_BYTES = 10 * 1024 ** 3;
export const DEFAULT_MAX_SHARD_BYTES = 9 * 1024 ** 3;
/** Vectorize's limit per index (V2). */
export const VECTORIZE_MAX_VECTORS = 10_000_000;

/** The bindings the Worker reads shard i through (wrangler.toml; SHARDS = "<count>"). */
export const shardBinding = (i: number) => ({ db: `DB_${i}`, vectorize: `VECTORIZE_${i}` });
export const shardNames = (i: number) => ({ db: `govreport-qa-${i}`, index: `govreport-qa-${i}` });
/** The search database's binding and name. */
export const SEARCH_BINDING = 'DB_SEARCH';
const SEARCH_NAMES = { db: 'govreport-qa-search', index: '' };

export interface ShardedExport {
  plan: ShardPlan;
  shards: D1Export[];
  search: D1Export;
}

const sqlBytes = (e: D1Export) => e.statements.reduce((n, s) => n + Buffer.byteLength(s, 'utf8') + 1, 0);

/**
 * Exports the corpus as shards. Each must stay under `maxBytes` as a database, under what
 * `d1 execute` imports, and under Vectorize's vectors per index; an error says which did not.
 */
export async function exportShards(
  db: Database.Database,
  by: ShardBy,
  opts: { count?: number; maxBytes?: number; jieba?: JiebaWasm; now?: Date } = {},
): Promise<ShardedExport> {
  const reports = db
    .prepare('SELECT id, org, region, year, LENGTH(CAST(text AS BLOB)) AS bytes FROM reports')
    .all() as ShardInput[];
  if (reports.length === 0) throw new Error('the database holds no reports to shard');
  const plan = planShards(reports, by, opts.count === undefined ? {} : { count: opts.count });
  const now = opts.now ?? new Date();
  const shards: D1Export[] = [];
  for (let i = 0; i < plan.shards.length; i++) {
    const ids = reports.filter((r) => plan.shardOf.get(r.id) === i).map((r) => r.id);
    shards.push(await exportD1(db, { reports: ids, now, ...(opts.jieba ? { jieba: opts.jieba } : {}) }));
  }
  // The shards' index texts together must be what the database indexed.
  const bigrams = new Map<string, number>();
  for (const e of shards) for (const [b, n] of e.bigrams) bigrams.set(b, (bigrams.get(b) ?? 0) + n);
  if (bigrams.size) checkBigrams(db, bigrams);
  const search = await exportD1(db, { search: true, now, ...(opts.jieba ? { jieba: opts.jieba } : {}) });
  const max = opts.maxBytes ?? DEFAULT_MAX_SHARD_BYTES;
  [...shards, search].forEach((e, i) => {
    const what =
      e === search
        ? `the search database (every chunk's full-text row, ${e.counts.chunks} chunks)`
        : `shard ${i} (${plan.shards[i]!.groups.join('、') || 'no region'}, ${e.counts.reports} reports)`;
    const fix = 'use more shards (--shards) or a finer --shard-by region:N';
    if (e.bytes > max) throw new Error(`${what} is ${e.bytes} bytes as a database, over ${max}: ${fix}`);
    if ((e.vectors?.lines.length ?? 0) > VECTORIZE_MAX_VECTORS)
      throw new Error(
        `${what} has ${e.vectors!.lines.length} vectors, over ${VECTORIZE_MAX_VECTORS} per index: ${fix}`,
      );
  });
  return { plan, shards, search };
}

/** The wrangler.toml lines that bind the shards (D1 ids from `wrangler d1 create`). */
export function shardBindings(count: number, vectors: boolean): string {
  const lines = [`[vars]`, `SHARDS = "${count}"`, ''];
  lines.push(
    '[[d1_databases]]',
    `binding = "${SEARCH_BINDING}"`,
    `database_name = "${SEARCH_NAMES.db}"`,
    `database_id = "<id>"`,
    '',
  );
  for (let i = 0; i < count; i++) {
    const b = shardBinding(i);
    const n = shardNames(i);
    lines.push('[[d1_databases]]', `binding = "${b.db}"`, `database_name = "${n.db}"`, `database_id = "<id>"`, '');
    if (vectors)
      lines.push('[[vectorize]]', `binding = "${b.vectorize}"`, `index_name = "${n.index}"`, 'remote = true', '');
  }
  return lines.join('\n');
}

/** Writes DIR/shard-<i>/ (d1.sql, vectors, manifest.json) for each shard and DIR/manifest.json. */
export function writeShardedExport(out: string, e: ShardedExport): { dirs: string[]; manifest: string } {
  mkdirSync(out, { recursive: true });
  const dirs = e.shards.map((s, i) => {
    const dir = join(out, `shard-${i}`);
    writeD1Export(dir, s, shardNames(i));
    return dir;
  });
  writeD1Export(join(out, 'search'), e.search, SEARCH_NAMES);
  const reports = e.shards.reduce((n, s) => n + s.counts.reports!, 0);
  const bytes = e.shards.reduce((n, s) => n + s.bytes, 0);
  const manifest = join(out, 'manifest.json');
  writeFileSync(
    manifest,
    `${JSON.stringify(
      {
        shards: e.shards.map((s, i) => ({
          dir: `shard-${i}`,
          groups: e.plan.shards[i]!.groups,
          reports: s.counts.reports,
          chunks: s.counts.chunks,
          vectors: s.vectors?.lines.length ?? 0,
          bytes: s.bytes,
          sqlBytes: sqlBytes(s),
          bindings: shardBinding(i),
          names: shardNames(i),
        })),
        search: {
          dir: 'search',
          bytes: e.search.bytes,
          sqlBytes: sqlBytes(e.search),
          binding: SEARCH_BINDING,
          name: SEARCH_NAMES.db,
        },
        reports,
        bytesPerReport: Math.round(bytes / Math.max(reports, 1)),
        wrangler: shardBindings(
          e.shards.length,
          e.shards.some((s) => s.vectors),
        ),
      },
      null,
      2,
    )}\n`,
  );
  return { dirs, manifest };
}
