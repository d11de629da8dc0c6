import type { OrderKey, RowMerge } from '../domain/ports.ts';

/**
 * Rows of one plan query from several shards combined into the rows the query gives over one
 * database (RowMerge in src/domain/ports.ts says how): SQLite's order of values, a stable merge,
 * ranks and extremes over the union, totals summed, averages as sum / count rounded as SQLite does.
 */

type Row = Record<string, unknown>;

/** SQLite's order of values (BINARY collation): NULL, then numbers, then text by UTF-8 bytes. */
export function compareSql(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === null || v === undefined ? 0 : typeof v === 'number' || typeof v === 'bigint' ? 1 : 2;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) return Number(a) - Number(b);
  return compareUtf8(String(a), String(b));
}

/** UTF-8 byte order is code point order; JS compares UTF-16 units, which differ above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** A comparator of rows (or any objects) by SQL ORDER BY keys. */
export const orderBy =
  <T extends object>(keys: OrderKey[]) =>
  (a: T, b: T): number => {
    for (const k of keys) {
      const c = compareSql((a as Row)[k.col], (b as Row)[k.col]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };

/**
 * SQLite's ROUND(x, n) (3.43 and later): the double's exact decimal value rounded half away from
 * zero, which is what toFixed does (checked against SQLite in merge-rows.test.ts).
 */
export const roundSql = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Shard results combined. `totals` holds each shard's one row of partial totals, when asked. */
export function mergeRows(merge: RowMerge, perShard: Row[][], totals: (Row | undefined)[] = []): Row[] {
  const counts = Object.fromEntries(
    (merge.shardCounts ?? []).map((col) => [col, perShard.reduce((n, rows) => n + Number(rows[0]?.[col] ?? 0), 0)]),
  );
  let rows = perShard.flat();
  if (merge.extreme) {
    const { col, max } = merge.extreme;
    const values = rows.map((r) => r[col]).filter((v) => v !== null && v !== undefined);
    const best = values.reduce<unknown>(
      (b, v) => (b === undefined || compareSql(v, b) * (max ? 1 : -1) > 0 ? v : b),
      undefined,
    );
    rows = rows.filter((r) => compareSql(r[col], best) === 0 && best !== undefined);
  }
  // Array.prototype.sort is stable: rows equal on every key keep their shard's order.
  rows = rows.sort(orderBy(merge.order)).slice(0, merge.limit);
  if (merge.rank) {
    const { col, by, desc } = merge.rank;
    // Every row that beats one of the rows returned is itself returned (it sorts before it).
    rows = rows.map((r) => ({
      ...r,
      [col]: 1 + rows.filter((o) => compareSql(o[by], r[by]) * (desc ? 1 : -1) > 0).length,
    }));
  }
  const combined = merge.totals ? combineTotals(merge.totals, totals) : {};
  const replace = { ...counts, ...combined };
  return rows.map((r) => {
    const out = { ...r };
    for (const [k, v] of Object.entries(replace)) if (k in out) out[k] = v;
    return out;
  });
}

function combineTotals(spec: NonNullable<RowMerge['totals']>, shards: (Row | undefined)[]): Row {
  const present = shards.filter((r): r is Row => r !== undefined);
  const values = (col: string) => present.map((r) => r[col]).filter((v) => v !== null && v !== undefined);
  const out: Row = {};
  for (const col of spec.sum) {
    const vs = values(col) as number[];
    // SUM of no values is NULL in SQL; a COUNT of none is 0 (and never NULL, so never absent).
    out[col] = vs.length ? vs.reduce((a, b) => a + b, 0) : null;
  }
  for (const col of spec.min)
    out[col] = values(col).reduce<unknown>((a, v) => (a === null || compareSql(v, a) < 0 ? v : a), null);
  for (const col of spec.max)
    out[col] = values(col).reduce<unknown>((a, v) => (a === null || compareSql(v, a) > 0 ? v : a), null);
  if (spec.average) {
    const { col, sum, count, digits } = spec.average;
    const n = Number(out[count] ?? 0);
    out[col] = n > 0 && out[sum] !== null ? roundSql(Number(out[sum]) / n, digits) : null;
  }
  return out;
}
