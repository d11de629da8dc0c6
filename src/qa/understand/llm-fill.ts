import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { METRICS } from '../../domain/metrics.ts';
import { llmPlan } from '../../llm/planner.ts';
import type { CorpusIndex } from '../corpus.ts';
import { latestUnlessYears } from '../plan.ts';
import type { Interpretation } from './understand.ts';

/**
 * The rules stay the default; where they were unsure (confidence below CONFIDENT) an LLM may fill
 * the same Interpretation's plan, validated by the same schema against the corpus's orgs, years
 * and metrics. A failed or invalid reply leaves the interpretation as the rules made it.
 */
export async function fillFromLlm(
  model: BaseChatModel,
  i: Interpretation,
  corpus: CorpusIndex,
  log?: (line: string) => void,
): Promise<Interpretation> {
  const planned = await llmPlan(
    model,
    i.resolved,
    {
      orgs: corpus.orgs.map((o) => o.org),
      years: corpus.years,
      metrics: METRICS.map((m) => ({ id: m.id, name: m.name })),
    },
    log,
  );
  if (!planned) return i;
  const plan = latestUnlessYears({ ...planned, notes: [...planned.notes, '查询计划由大模型生成，已按同一模式校验'] });
  return {
    ...i,
    plan,
    intent: plan.intent,
    confidence: plan.confidence,
    answerKind: i.answerKind === 'money' ? 'money' : 'number',
    metrics: plan.metric
      ? [{ id: plan.metric, word: '（大模型）', score: 0, ...(plan.applicant ? { applicant: plan.applicant } : {}) }]
      : i.metrics,
  };
}
