import { regionUnits } from '../../domain/regions.ts';

/**
 * Which D1 database (shard) each report goes to, for a corpus larger than one D1 holds. Reports
 * are grouped by the first units of their org's region (`province`: the outermost unit, or the
 * first N units), every report of an org in one group, and the groups are packed into shards.
 */

/** How reports are grouped: by the region's outermost unit, or by its first `units` units. */
export type ShardBy = { units: number };

export function parseShardBy(text: string): ShardBy {
  if (text === 'province') return { units: 1 };
  const m = /^region:(\d+)$/.exec(text);
  if (m && Number(m[1]) >= 1) return { units: Number(m[1]) };
  throw new Error(`--shard-by takes "province" or "region:N" (the first N units of the region), not "${text}"`);
}

/** A report as the plan needs it: its org and region, its size, and its year to pick the org's latest region. */
export interface ShardInput {
  id: number;
  org: string | null;
  region: string | null;
  year: number | null;
  bytes: number;
}

export interface ShardPlan {
  /** Shard index of each report id. */
  shardOf: Map<number, number>;
  /** Per shard: the groups (region prefixes; "" for reports with no region) it holds, its reports and bytes. */
  shards: { groups: string[]; reports: number; bytes: number }[];
}

/** The group of a region: its first units ("" when it names none). */
export const groupOf = (region: string | null, by: ShardBy): string =>
  region ? regionUnits(region).slice(0, by.units).join('') : '';

/**
 * Groups the reports, every report of an org (by its stored identity, name and region: the
 * 城关镇 of two counties are two orgs, each whole in its own group) where its newest report with
 * a region puts it, then
 * packs the groups into `count` shards (largest first into the smallest shard), or one shard per
 * group when no count is given. A shard over `maxBytes` is an error that says how to shard finer.
 */
export function planShards(
  reports: ShardInput[],
  by: ShardBy,
  opts: { count?: number; maxBytes?: number } = {},
): ShardPlan {
  const orgGroup = new Map<string, { group: string; year: number }>();
  for (const r of reports) {
    if (r.org === null || !r.region) continue;
    const seen = orgGroup.get(r.org);
    const year = r.year ?? -Infinity;
    if (!seen || year > seen.year) orgGroup.set(r.org, { group: groupOf(r.region, by), year });
  }
  const groups = new Map<string, { ids: number[]; bytes: number }>();
  for (const r of reports) {
    // Reports that name no org are all one "org" to SQL's ordering: they stay together.
    const g = r.org === null ? '' : (orgGroup.get(r.org)?.group ?? groupOf(r.region, by));
    const at = groups.get(g) ?? { ids: [], bytes: 0 };
    at.ids.push(r.id);
    at.bytes += r.bytes;
    groups.set(g, at);
  }
  const order = [...groups].sort((a, b) => b[1].bytes - a[1].bytes || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const count = opts.count ?? order.length;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`the shard count must be a positive integer, not ${count}`);
  const shards = Array.from({ length: Math.min(count, Math.max(order.length, 1)) }, () => ({
    groups: [] as string[],
    reports: 0,
    bytes: 0,
  }));
  const shardOf = new Map<number, number>();
  for (const [group, g] of order) {
    let at = 0;
    for (let i = 1; i < shards.length; i++) if (shards[i]!.bytes < shards[at]!.bytes) at = i;
    const s = shards[at]!;
    s.groups.push(group);
    s.reports += g.ids.length;
    s.bytes += g.bytes;
    for (const id of g.ids) shardOf.set(id, at);
  }
  const max = opts.maxBytes;
  const over = max === undefined ? [] : shards.filter((s) => s.bytes > max);
  if (over.length)
    throw new Error(
      `${over.length} shard(s) would be over ${max} bytes (the largest ${Math.max(...over.map((s) => s.bytes))}, groups ${over[0]!.groups.join('、') || '(no region)'}): use more shards or a finer --shard-by region:N`,
    );
  return { shardOf, shards };
}
