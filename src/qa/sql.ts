import { LEVELS, rowLabel, T3_COLS, T3_RESULT_CATEGORIES, TEMPLATES, type Level } from '../domain/catalogue.ts';
import { METRIC_BY_ID, metricKeys, type Metric } from '../domain/metrics.ts';
import type { OrderKey, RowMerge } from '../domain/ports.ts';
import type { QueryPlan } from '../domain/query-plan.ts';

export interface CompiledSql {
  sql: string;
  params: unknown[];
  /** The cell keys the answer rests on (for citations and validation warnings). */
  keys: string[];
  /** How its rows from several shards combine into this query's rows over one database. */
  merge: RowMerge;
}

export const ROW_LIMIT = 1000;
/** Rows an aggregate returns beside its totals: the largest, for the answer's table. */
export const SUM_ROWS = 100;

function where(plan: QueryPlan, params: unknown[]): string {
  const parts: string[] = [];
  if (plan.orgs.length) {
    parts.push(`r.org IN (${plan.orgs.map(() => '?').join(', ')})`);
    params.push(...plan.orgs);
  }
  if (plan.years.length) {
    parts.push(`r.year IN (${plan.years.map(() => '?').join(', ')})`);
    params.push(...plan.years);
  }
  if (plan.regions?.length) {
    parts.push(`(${plan.regions.map(() => `r.region LIKE '%' || ? || '%'`).join(' OR ')})`);
    params.push(...plan.regions);
  }
  if (plan.level) {
    parts.push('r.level = ?');
    params.push(plan.level);
  }
  if (plan.template) {
    parts.push('r.template = ?');
    params.push(plan.template);
  }
  return parts.length ? parts.join(' AND ') : '1';
}

/**
 * The plan's org, year, template and level filters over the columns cells carry (without org and
 * year when `orgYear` is false: the reports they were found by are of those already).
 */
function cellWhere(plan: QueryPlan, params: unknown[], orgYear = true): string {
  const parts: string[] = [];
  if (orgYear && plan.orgs.length) parts.push(`c.org IN (${list(plan.orgs, params)})`);
  if (orgYear && plan.years.length) parts.push(`c.year IN (${list(plan.years, params)})`);
  if (plan.template) {
    parts.push('c.template = ?');
    params.push(plan.template);
  }
  if (plan.level) {
    parts.push('c.level = ?');
    params.push(plan.level);
  }
  return parts.length ? parts.join(' AND ') : '1';
}

const list = (xs: unknown[], params: unknown[]) => {
  params.push(...xs);
  return xs.map(() => '?').join(', ');
};

/** The cell keys a metric reads over every template: its numerator's and its denominator's. */
function keySets(plan: QueryPlan, m: Metric) {
  const byTemplate = TEMPLATES.map((t) => ({ t, ...metricKeys(m, t, plan.applicant) }));
  const num = [...new Set(byTemplate.flatMap((x) => x.keys))];
  const den = [...new Set(byTemplate.flatMap((x) => x.per))];
  const all = [...new Set([...num, ...den])];
  const expected = byTemplate.map((x) => new Set([...x.keys, ...x.per]).size);
  return { num, den, all, expected };
}

/**
 * One row per report with the metric's value: NULL when any cell it needs is blank or
 * unreadable (never counted as 0); reports whose template lacks the metric have no row.
 */
function perReport(plan: QueryPlan, m: Metric, params: unknown[]): { sql: string; keys: string[]; grouped: boolean } {
  const { num, den, all, expected } = keySets(plan, m);
  // Cells carry their report's year, org, template and level: without a region filter the
  // values come from the cells alone, never reading the reports' large rows. Named orgs are
  // found by the reports' (org, year) index, their cells by their primary key.
  const fromCells = !plan.regions?.length;
  const [id, org, year, template] = fromCells
    ? ['c.report_id', 'c.org', 'c.year', 'c.template']
    : ['r.id', 'r.org', 'r.year', 'r.template'];
  let value = 'c.value';
  let group = '';
  // A metric of one cell and no ratio is that cell's value: nothing to group or check (a report
  // has at most one cell per key, its primary key, and only the keys of its own template).
  if (all.length > 1 || den.length) {
    // Parameters are bound in the order their placeholders appear in the SQL text.
    params.push(expected[0], expected[1]);
    const sumOf = (keys: string[]) => `SUM(CASE WHEN c.key IN (${list(keys, params)}) THEN c.value END)`;
    const numSql = sumOf(num);
    const ratio = den.length ? `ROUND(100.0 * ${numSql} / NULLIF(${sumOf(den)}, 0), 2)` : numSql;
    value = `CASE WHEN COUNT(c.key) = CASE ${template} WHEN '2021' THEN ? ELSE ? END AND COUNT(c.value) = COUNT(c.key) THEN ${ratio} END`;
    group = `GROUP BY ${year}, ${org}, ${id}`;
  }
  let from: string;
  if (!fromCells)
    // The cells' own year/org/template as well: the index then reads one year's cells, not every year's.
    from = `reports r JOIN cells c ON c.report_id = r.id AND c.key IN (${list(all, params)}) AND ${cellWhere(plan, params)} WHERE ${where(plan, params)}`;
  else if (plan.orgs.length) {
    // CROSS JOIN keeps the reports first: the orgs' reports, then each one's cells by key.
    const keyIn = list(all, params);
    const cells = plan.level || plan.template ? ` AND ${cellWhere(plan, params, false)}` : '';
    const orgs = list(plan.orgs, params);
    const years = plan.years.length ? ` AND r.year IN (${list(plan.years, params)})` : '';
    from = `reports r CROSS JOIN cells c ON c.report_id = r.id AND c.key IN (${keyIn})${cells} WHERE r.org IN (${orgs})${years}`;
  } else from = `cells c WHERE c.key IN (${list(all, params)}) AND ${cellWhere(plan, params)}`;
  return {
    sql: `SELECT ${id} AS report_id, ${org} AS org, ${year} AS year, ${value} AS value FROM ${from} ${group}`,
    keys: all,
    grouped: group !== '',
  };
}

/** What an aggregate covered, for the answer to say: the years, orgs and reports it read. */
const COVER: [expr: string, name: string][] = [
  ['MIN(year)', 'first_year'],
  ['MAX(year)', 'last_year'],
  ['COUNT(DISTINCT org)', 'org_count'],
  ['COUNT(*)', 'report_count'],
  ['COUNT(value)', 'valued_count'],
];
const coverCols = COVER.map(([expr, name]) => `${expr} AS ${name}`).join(', ');
const COVER_NAMES = COVER.map(([, name]) => name);
/** The totals over the cells beside the cover (an aggregate's figure and how many it counted). */
const STATS = ['total', 'average', 'counted', 'reports', ...COVER_NAMES];

const BY_ORG_YEAR: OrderKey[] = [{ col: 'org' }, { col: 'year' }];
const scopeOf = (plan: QueryPlan): RowMerge['scope'] => ({ orgs: plan.orgs, regions: plan.regions ?? [] });

/**
 * Compiles a validated plan to one parameterised SELECT. No user text enters the SQL string.
 * `totals: false` keeps an aggregate of one key off cell_totals (to check the two agree).
 */
export function compilePlan(plan: QueryPlan, opts: { totals?: boolean } = {}): CompiledSql {
  const params: unknown[] = [];
  if (plan.intent === 'quality') {
    const sql = `SELECT r.id AS report_id, r.org, r.year, r.title, v.rule, v.message
      FROM validation v JOIN reports r ON r.id = v.report_id
      WHERE v.status = 'FAIL' AND ${where(plan, params)}
      ORDER BY r.org, r.year, v.rule LIMIT ${ROW_LIMIT}`;
    return { sql, params, keys: [], merge: { scope: scopeOf(plan), order: BY_ORG_YEAR, limit: ROW_LIMIT } };
  }
  if (plan.intent === 'count' && !plan.metric) {
    const sql = `SELECT r.id AS report_id, r.org, r.year, r.title, COUNT(*) OVER () AS reports
      FROM reports r WHERE ${where(plan, params)} ORDER BY r.org, r.year LIMIT ${ROW_LIMIT}`;
    return {
      sql,
      params,
      keys: [],
      merge: { scope: scopeOf(plan), order: BY_ORG_YEAR, limit: ROW_LIMIT, shardCounts: ['reports'] },
    };
  }
  if (plan.intent === 'breakdown') return compileBreakdown(plan, params);
  const m = METRIC_BY_ID.get(plan.metric ?? '');
  if (!m) throw new Error(`plan has no metric for intent ${plan.intent}`);
  const single = singleKey(plan, m);
  if (single && opts.totals !== false) return fromTotals(plan, single);
  const per = perReport(plan, m, params);
  // Each org's latest report only: one grouping by org, whose other columns SQLite takes from
  // the row of MAX(year) (an org has one report a year: the writer replaces the org's other).
  // Otherwise a value of one cell is read from the index each time it is used (a second pass
  // costs less than storing the rows); a value grouped from several cells is computed once.
  const head = plan.latest
    ? `WITH per AS MATERIALIZED (SELECT report_id, org, MAX(year) AS year, value FROM (${per.sql}) WHERE org IS NOT NULL AND year IS NOT NULL GROUP BY org)`
    : `WITH per AS ${per.grouped ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (${per.sql})`;
  // The cover and the totals: one pass over the rows, with whatever else the query needs.
  const stats = `stats AS MATERIALIZED (SELECT SUM(value) AS total, ROUND(AVG(value), 2) AS average, COUNT(value) AS counted, COUNT(*) AS reports, ${coverCols} FROM per)`;
  // Over shards: each one's totals and cover, combined (orgs are whole in one shard, so their
  // counts add up), replace those of the rows; the rows are the best of every shard's best.
  const totals = totalsMerge(`${head}, ${stats} SELECT * FROM stats`, [...params]);
  const merge = mergeOf(plan, totals);
  let sql: string;
  switch (plan.intent) {
    case 'sum':
    case 'avg':
    case 'count':
      // The totals cover every report; the rows returned are the largest SUM_ROWS of them.
      // (Plain aggregates: window functions over every row cost twice as much here.)
      sql = `${head}, ${stats}
        SELECT per.*, stats.* FROM per, stats ORDER BY value IS NULL, value DESC, org, year LIMIT ${SUM_ROWS}`;
      break;
    case 'rank': {
      // RANK() of the k rows returned: 1 + how many values beat theirs. Every value that beats
      // one of the k is itself among the k, so they are counted among the k, not over every row.
      const cmp = plan.order === 'asc' ? '<' : '>';
      sql = `${head}, cover AS MATERIALIZED (SELECT ${coverCols} FROM per), top AS MATERIALIZED (SELECT * FROM per WHERE value IS NOT NULL ORDER BY value ${plan.order === 'asc' ? 'ASC' : 'DESC'}, org, year LIMIT ?)
        SELECT top.*, 1 + (SELECT COUNT(*) FROM top p WHERE p.value ${cmp} top.value) AS rank, cover.* FROM top, cover ORDER BY rank, org, year`;
      params.push(plan.k ?? 10);
      break;
    }
    case 'max':
    case 'min':
      // The extreme is found in the same pass as the cover.
      sql = `${head}, cover AS MATERIALIZED (SELECT ${coverCols}, ${plan.intent === 'max' ? 'MAX' : 'MIN'}(value) AS extreme FROM per)
        SELECT per.*, 1 AS rank, ${COVER_NAMES.join(', ')} FROM per, cover WHERE per.value = cover.extreme ORDER BY org, year LIMIT ${ROW_LIMIT}`;
      break;
    case 'filter': {
      const f = plan.filter ?? { op: '>', value: 0 };
      sql = `${head} SELECT * FROM per WHERE value ${f.op === '!=' ? '<>' : f.op} ? ORDER BY value DESC, org, year LIMIT ${ROW_LIMIT}`;
      params.push(f.value);
      break;
    }
    default:
      sql = `${head} SELECT * FROM per ORDER BY org, year LIMIT ${ROW_LIMIT}`;
  }
  return { sql: tidy(sql), params, keys: per.keys, merge };
}

/** How an aggregate's one row of partial totals per shard combines (orgs are whole in one shard, so their counts add up). */
const totalsMerge = (sql: string, params: unknown[]): RowMerge['totals'] => ({
  sql: tidy(sql),
  params,
  sum: ['total', 'counted', 'reports', 'org_count', 'report_count', 'valued_count'],
  min: ['first_year'],
  max: ['last_year'],
  average: { col: 'average', sum: 'total', count: 'counted', digits: 2 },
});

/** How a metric query's rows from several shards combine into those of one database. */
function mergeOf(plan: QueryPlan, totals: RowMerge['totals']): RowMerge {
  const merge: RowMerge = { scope: scopeOf(plan), order: BY_ORG_YEAR, limit: ROW_LIMIT };
  switch (plan.intent) {
    case 'sum':
    case 'avg':
    case 'count':
      // value DESC puts NULL last already (SQLite sorts NULL lowest).
      return { ...merge, order: [{ col: 'value', desc: true }, ...BY_ORG_YEAR], limit: SUM_ROWS, totals };
    case 'rank':
      return {
        ...merge,
        order: [{ col: 'value', desc: plan.order !== 'asc' }, ...BY_ORG_YEAR],
        limit: plan.k ?? 10,
        rank: { col: 'rank', by: 'value', desc: plan.order !== 'asc' },
        totals,
      };
    case 'max':
    case 'min':
      return { ...merge, extreme: { col: 'value', max: plan.intent === 'max' }, totals };
    case 'filter':
      return { ...merge, order: [{ col: 'value', desc: true }, ...BY_ORG_YEAR] };
    default:
      return merge;
  }
}

/**
 * The key of a plan that cell_totals (schema 13) answers: an aggregate of one cell's value (no
 * ratio) over every org of one year, of a level or all, without a region. Null otherwise.
 */
function singleKey(plan: QueryPlan, m: Metric): string | null {
  if (!['sum', 'avg', 'count', 'rank', 'max', 'min'].includes(plan.intent)) return null;
  if (plan.latest || plan.orgs.length || plan.regions?.length || plan.years.length !== 1) return null;
  const { all, den } = keySets(plan, m);
  return all.length === 1 && den.length === 0 ? all[0]! : null;
}

/** Each column of STATS over the rows of cell_totals, as COUNT/SUM/MIN/MAX give it over the cells. */
const FROM_TOTALS: Record<string, string> = {
  total: 'CASE WHEN SUM(valued) > 0 THEN SUM(total) END',
  average: 'ROUND(SUM(total) / NULLIF(SUM(valued), 0), 2)',
  counted: 'IFNULL(SUM(valued), 0)',
  reports: 'IFNULL(SUM(reports), 0)',
  first_year: 'MIN(year)',
  last_year: 'MAX(year)',
  // An org is of one level and template in a year (one report a year): its orgs add up.
  org_count: 'IFNULL(SUM(orgs), 0)',
  report_count: 'IFNULL(SUM(reports), 0)',
  valued_count: 'IFNULL(SUM(valued), 0)',
};

/**
 * An aggregate of one key over one year, read from cell_totals (O(1) rows) and the cells index
 * ordered by value within a key, year and level (schema 13): the k largest are its first k
 * entries. Without a level, each level's are merged (and those of no level). The same rows and
 * columns as the general query, in the same order.
 */
function fromTotals(plan: QueryPlan, key: string): CompiledSql {
  const year = plan.years[0]!;
  // Placeholders are filled in the order they appear in the text: each part pushes its own.
  const where = (p: unknown[], col: string, level: Level | null | undefined) => {
    p.push(key, year);
    let sql = `${col}key = ? AND ${col}year = ?`;
    if (level === null) sql += ` AND ${col}level IS NULL`;
    else if (level) {
      sql += ` AND ${col}level = ?`;
      p.push(level);
    }
    if (plan.template) {
      sql += ` AND ${col}template = ?`;
      p.push(plan.template);
    }
    return sql;
  };
  // cell_totals has no level as '' where the cells have NULL: every level is all of its rows.
  const statsOf = (names: string[], p: unknown[], extra = '') =>
    `SELECT ${names.map((n) => `${FROM_TOTALS[n]} AS ${n}`).join(', ')}${extra} FROM cell_totals WHERE ${where(p, '', plan.level)}`;
  const levels: (Level | null)[] = plan.level ? [plan.level] : [...LEVELS, null];
  // One SELECT per level, each reading its own range of the index, merged with UNION ALL.
  const perLevel = (p: unknown[], select: string, tail: (p: unknown[]) => string) =>
    levels
      .map((l) => `SELECT * FROM (SELECT ${select} FROM cells c WHERE ${where(p, 'c.', l)}${tail(p)})`)
      .join(' UNION ALL ');
  const ROW = 'c.report_id AS report_id, c.org AS org, c.year AS year, c.value AS value';
  const totalsParams: unknown[] = [];
  const totals = totalsMerge(statsOf(STATS, totalsParams), totalsParams);
  const params: unknown[] = [];
  let sql: string;
  switch (plan.intent) {
    case 'rank': {
      const [dir, cmp] = plan.order === 'asc' ? ['ASC', '<'] : ['DESC', '>'];
      const k = plan.k ?? 10;
      const cover = statsOf(COVER_NAMES, params);
      const each = perLevel(params, ROW, (p) => {
        p.push(k);
        return ` AND c.value IS NOT NULL ORDER BY c.value ${dir}, c.org LIMIT ?`;
      });
      params.push(k);
      sql = `WITH cover AS MATERIALIZED (${cover}), top AS MATERIALIZED (SELECT * FROM (${each}) ORDER BY value ${dir}, org, year LIMIT ?)
        SELECT top.*, 1 + (SELECT COUNT(*) FROM top p WHERE p.value ${cmp} top.value) AS rank, cover.* FROM top, cover ORDER BY rank, org, year`;
      break;
    }
    case 'max':
    case 'min': {
      // Each level's extreme is an end of its range of the index.
      const fn = plan.intent === 'max' ? 'MAX' : 'MIN';
      const extreme = `, (SELECT ${fn}(v) FROM (${perLevel(params, `${fn}(c.value) AS v`, () => '')})) AS extreme`;
      const cover = statsOf(COVER_NAMES, params, extreme);
      const rows = perLevel(params, ROW, () => ' AND c.value = (SELECT extreme FROM cover)');
      sql = `WITH cover AS MATERIALIZED (${cover})
        SELECT per.*, 1 AS rank, ${COVER_NAMES.join(', ')} FROM (${rows}) per, cover ORDER BY org, year LIMIT ${ROW_LIMIT}`;
      break;
    }
    default: {
      // sum, avg, count: the totals, and the SUM_ROWS largest values (NULL last, as DESC puts it).
      const stats = statsOf(STATS, params);
      const top = perLevel(params, ROW, () => ` ORDER BY c.value DESC, c.org LIMIT ${SUM_ROWS}`);
      sql = `WITH stats AS MATERIALIZED (${stats})
        SELECT per.*, stats.* FROM (${top}) per, stats ORDER BY value DESC, org, year LIMIT ${SUM_ROWS}`;
    }
  }
  return { sql: tidy(sql), params, keys: [key], merge: mergeOf(plan, totals) };
}

/** 办理结果分布 (results by category) or 申请人分布 (new applications by applicant type). */
function compileBreakdown(plan: QueryPlan, params: unknown[]): CompiledSql {
  const group = plan.breakdown === 'group' ? METRIC_BY_ID.get(plan.metric ?? '') : undefined;
  const cats: [string, string[]][] = group
    ? [...new Set([...(group.keys['2021'] ?? []), ...(group.keys['2019'] ?? [])])].map((k) => [
        rowLabel('t3', k.split('.')[1]!),
        [k],
      ])
    : plan.breakdown === 'applicants'
      ? T3_COLS.filter((c) => c.key !== 'total').map((c) => [
          c.label,
          [`t3.${plan.metric ? METRIC_BY_ID.get(plan.metric)!.id.split('.')[1] : 'new'}.${c.key}`],
        ])
      : T3_RESULT_CATEGORIES.map((c) => [c.label, c.keys]);
  const caseParts = cats.map(([label, keys]) => {
    const inList = list(keys, params);
    params.push(label);
    return `WHEN c.key IN (${inList}) THEN ?`;
  });
  const allKeys = cats.flatMap(([, keys]) => keys);
  const inAll = list(allKeys, params);
  const filters = where(plan, params);
  const orderParts = cats.map(([label], i) => {
    params.push(label);
    return `WHEN ? THEN ${i}`;
  });
  const sql = `SELECT report_id, org, year, title, category, value FROM (
      SELECT r.id AS report_id, r.org, r.year, r.title, CASE ${caseParts.join(' ')} END AS category,
        CASE WHEN COUNT(c.value) = COUNT(*) THEN SUM(c.value) END AS value
      FROM reports r JOIN cells c ON c.report_id = r.id AND c.key IN (${inAll})
      WHERE ${filters}
      GROUP BY r.id, category)
    ORDER BY org, year, CASE category ${orderParts.join(' ')} END LIMIT ${ROW_LIMIT}`;
  // An org's rows come from its one shard, in their order (by category).
  return {
    sql: tidy(sql),
    params,
    keys: allKeys,
    merge: { scope: scopeOf(plan), order: BY_ORG_YEAR, limit: ROW_LIMIT },
  };
}

const tidy = (sql: string) => sql.replace(/\s+/g, ' ').trim();
