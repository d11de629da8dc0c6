import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { APPLICANT_COLUMNS } from '../domain/metrics.ts';
import { LEVELS } from '../domain/catalogue.ts';
import { INTENTS, QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import { asData, loadPrompt } from './templates.ts';
import { providerFailure } from './provider-errors.ts';
import { extractJsonObject, messageText } from './text.ts';

/** What the planner may name: the corpus's orgs and years and the metric catalogue. */
export interface PlanContext {
  orgs: string[];
  years: number[];
  metrics: { id: string; name: string }[];
}

/** The messages of the query-plan prompt. */
export async function planMessages(question: string, context: PlanContext) {
  return (await loadPrompt('queryPlan')).formatMessages({
    question: asData(question),
    orgs: asData(context.orgs.join('、')) || '（无）',
    years: context.years.join('、') || '（无）',
    metrics: asData(context.metrics.map((m) => `${m.id}：${m.name}`).join('\n')) || '（无）',
    intents: INTENTS.join('、'),
    applicants: APPLICANT_COLUMNS.map((a) => `${a.id}（${a.name}）`).join('、'),
    levels: LEVELS.join('、'),
  });
}

/**
 * A model reply → a QueryPlan, or null: the first JSON object in the reply, null fields dropped,
 * missing orgs/years/notes taken as [], validated by QueryPlanSchema, and its orgs, years and
 * metric all from the context (when the context lists any).
 */
export function parsePlanReply(reply: string, context: PlanContext): QueryPlan | null {
  const raw = extractJsonObject(reply);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const obj: Record<string, unknown> = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
  for (const k of ['orgs', 'years', 'notes']) obj[k] ??= [];
  const parsed = QueryPlanSchema.safeParse(obj);
  if (!parsed.success) return null;
  const plan = parsed.data;
  if (context.orgs.length && plan.orgs.some((o) => !context.orgs.includes(o))) return null;
  if (context.years.length && plan.years.some((y) => !context.years.includes(y))) return null;
  if (plan.metric && context.metrics.length && !context.metrics.some((m) => m.id === plan.metric)) return null;
  return plan;
}

/**
 * The LLM planner: question → QueryPlan, or null on any failure (timeout, HTTP error after
 * retries, not JSON, schema violation, an org/year/metric the corpus lacks); the caller then
 * keeps the deterministic plan. Provider failures are logged.
 */
export async function llmPlan(
  model: BaseChatModel,
  question: string,
  context: PlanContext,
  log?: (line: string) => void,
): Promise<QueryPlan | null> {
  try {
    const reply = await model.invoke(await planMessages(question, context));
    return parsePlanReply(messageText(reply), context);
  } catch (e) {
    log?.(providerFailure('llm: planner', e));
    return null;
  }
}
