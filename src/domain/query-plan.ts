/**
 * The typed query plan: what the deterministic parser or the optional LLM planner produce, what
 * the SQL compiler takes, and what an answer reports in `plan`.
 */
import { z } from 'zod';
import { LEVELS, TEMPLATES } from './catalogue.ts';
import { APPLICANT_COLUMNS, METRIC_BY_ID } from './metrics.ts';

export const INTENTS = [
  'lookup',
  'sum',
  'avg',
  'rank',
  'max',
  'min',
  'filter',
  'compare',
  'trend',
  'breakdown',
  'count',
  'quality',
] as const;

const metricId = z.string().refine((id) => METRIC_BY_ID.has(id), 'unknown metric');

export const QueryPlanSchema = z.object({
  intent: z.enum(INTENTS),
  metric: metricId.optional(),
  /** Several metrics answered one by one ("规章和规范性文件各制发多少"); `metric` is the first. */
  metrics: z.array(metricId).max(10).optional(),
  applicant: z.enum(APPLICANT_COLUMNS.map((a) => a.id) as [string, ...string[]]).optional(),
  breakdown: z.enum(['results', 'applicants', 'group']).optional(),
  orgs: z.array(z.string()).max(50),
  years: z.array(z.number().int().min(2000).max(2100)).max(30),
  regions: z.array(z.string().max(30)).max(10).optional(),
  template: z.enum(TEMPLATES).optional(),
  /** Only reports of this level ("各镇", "哪个县区"): never a 市 ranked among 镇. */
  level: z.enum(LEVELS).optional(),
  /**
   * An aggregate over several orgs with no year named: each org's latest report (of those that
   * have the metric) only, so no org counts twice and the years are said in the answer.
   */
  latest: z.boolean().optional(),
  /** "南郊镇有没有结转": a lookup answered 有/没有 first, then the figure. */
  yesNo: z.boolean().optional(),
  k: z.number().int().min(1).max(100).optional(),
  order: z.enum(['desc', 'asc']).optional(),
  filter: z.object({ op: z.enum(['=', '!=', '>', '>=', '<', '<=']), value: z.number() }).optional(),
  confidence: z.number().min(0).max(1),
  notes: z.array(z.string()),
});
export type QueryPlan = z.infer<typeof QueryPlanSchema>;
