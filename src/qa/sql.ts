import { rowLabel, T3_COLS, T3_RESULT_CATEGORIES, TEMPLATES } from '../domain/catalogue.ts';
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

/** The plan's org, year, template and level filters over the columns cells carry. */
function cellWhere(plan: QueryPlan, params: unknown[]): string {
  const parts: string[] = [];
  if (plan.orgs.length) parts.push(`c.org IN (${list(plan.orgs, params)})`);
  if (plan.years.length) parts.push(`c.year IN (${list(plan.years, params)})`);
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

/**
 * One row per report with the metric's value: NULL when any cell it needs is blank or
 * unreadable (never counted as 0); reports whose template lacks the metric have no row.
 */
function perReport(plan: QueryPlan, m: Metric, params: unknown[]): { sql: string; keys: string[]; grouped: boolean } {
  const byTemplate = TEMPLATES.map((t) => ({ t, ...metricKeys(m, t, plan.applicant) }));
  const num = [...new Set(byTemplate.flatMap((x) => x.keys))];
  const den = [...new Set(byTemplate.flatMap((x) => x.per))];
  const all = [...new Set([...num, ...den])];
  const expected = byTemplate.map((x) => new Set([...x.keys, ...x.per]).size);
  // Cells carry their report's year, org, template and level: without a region filter the
  // values come from one index of cells, never reading the reports' large rows.
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
  const keyIn = list(all, params);
  const from = fromCells
    ? `cells c WHERE c.key IN (${keyIn}) AND ${cellWhere(plan, params)}`
    : // The cells' own year/org/template as well: the index then reads one year's cells, not every year's.
      `reports r JOIN cells c ON c.report_id = r.id AND c.key IN (${keyIn}) AND ${cellWhere(plan, params)} WHERE ${where(plan, params)}`;
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

const BY_ORG_YEAR: OrderKey[] = [{ col: 'org' }, { col: 'year' }];
const scopeOf = (plan: QueryPlan): RowMerge['scope'] => ({ orgs: plan.orgs, regions: plan.regions ?? [] });

/** Compiles a validated plan to one parameterised SELECT. No user text enters the SQL string. */
export function compilePlan(plan: QueryPlan): CompiledSql {
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
  const totals: RowMerge['totals'] = {
    sql: tidy(`${head}, ${stats} SELECT * FROM stats`),
    params: [...params],
    sum: ['total', 'counted', 'reports', 'org_count', 'report_count', 'valued_count'],
    min: ['first_year'],
    max: ['last_year'],
    average: { col: 'average', sum: 'total', count: 'counted', digits: 2 },
  };
  const merge: RowMerge = { scope: scopeOf(plan), order: BY_ORG_YEAR, limit: ROW_LIMIT };
  let sql: string;
  switch (plan.intent) {
    case 'sum':
    case 'avg':
    case 'count':
      // The totals cover every report; the rows returned are the largest SUM_ROWS of them.
      // (Plain aggregates: window functions over every row cost twice as much here.)
      sql = `${head}, ${stats}
        SELECT per.*, stats.* FROM per, stats ORDER BY value IS NULL, value DESC, org, year LIMIT ${SUM_ROWS}`;
      // value DESC puts NULL last already (SQLite sorts NULL lowest).
      Object.assign(merge, { order: [{ col: 'value', desc: true }, ...BY_ORG_YEAR], limit: SUM_ROWS, totals });
      break;
    case 'rank': {
      // RANK() of the k rows returned: 1 + how many values beat theirs. Every value that beats
      // one of the k is itself among the k, so they are counted among the k, not over every row.
      const cmp = plan.order === 'asc' ? '<' : '>';
      sql = `${head}, cover AS MATERIALIZED (SELECT ${coverCols} FROM per), top AS MATERIALIZED (SELECT * FROM per WHERE value IS NOT NULL ORDER BY value ${plan.order === 'asc' ? 'ASC' : 'DESC'}, org, year LIMIT ?)
        SELECT top.*, 1 + (SELECT COUNT(*) FROM top p WHERE p.value ${cmp} top.value) AS rank, cover.* FROM top, cover ORDER BY rank, org, year`;
      params.push(plan.k ?? 10);
      Object.assign(merge, {
        order: [{ col: 'value', desc: plan.order !== 'asc' }, ...BY_ORG_YEAR],
        limit: plan.k ?? 10,
        rank: { col: 'rank', by: 'value', desc: plan.order !== 'asc' },
        totals,
      });
      break;
    }
    case 'max':
    case 'min':
      // The extreme is found in the same pass as the cover.
      sql = `${head}, cover AS MATERIALIZED (SELECT ${coverCols}, ${plan.intent === 'max' ? 'MAX' : 'MIN'}(value) AS extreme FROM per)
        SELECT per.*, 1 AS rank, ${COVER.map(([, name]) => name).join(', ')} FROM per, cover WHERE per.value = cover.extreme ORDER BY org, year LIMIT ${ROW_LIMIT}`;
      Object.assign(merge, { extreme: { col: 'value', max: plan.intent === 'max' }, totals });
      break;
    case 'filter': {
      const f = plan.filter ?? { op: '>', value: 0 };
      sql = `${head} SELECT * FROM per WHERE value ${f.op === '!=' ? '<>' : f.op} ? ORDER BY value DESC, org, year LIMIT ${ROW_LIMIT}`;
      params.push(f.value);
      merge.order = [{ col: 'value', desc: true }, ...BY_ORG_YEAR];
      break;
    }
    default:
      sql = `${head} SELECT * FROM per ORDER BY org, year LIMIT ${ROW_LIMIT}`;
  }
  return { sql: tidy(sql), params, keys: per.keys, merge };
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
