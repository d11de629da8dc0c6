/**
 * The understanding stage: question + history + corpus → one typed Interpretation, pure and
 * synchronous. Everything the answerers decide on is here, each part with how it was found; the
 * answerers (../answerers.ts) read only this.
 */
import type { Level } from '../../domain/catalogue.ts';
import { METRIC_BY_ID } from '../../domain/metrics.ts';
import { arabicYears, halfWidthDigits } from '../../domain/numerals.ts';
import { simplifiedQuestion } from '../../domain/script.ts';
import type { QueryPlan } from '../../domain/query-plan.ts';
import type { Turn } from '../../domain/types.ts';
import type { CorpusIndex } from '../corpus.ts';
import { correctSoundAlikes, findEntities, plansOf, type Entities } from '../entities.ts';
import { resolveConversation } from '../followup.ts';
import { nearWord } from '../near-match.ts';
import { findFigures, findMetric, parsePlan, templatesAsked } from '../plan.ts';
import { COLLOQUIAL, CUES } from './lexicon.ts';
import { FIGURE_WORDS, matchMetric, metricMentions } from './metric-match.ts';

/** Where a part of the interpretation came from. */
export type FoundBy = 'question' | 'conversation' | 'relative' | 'range';

export type AnswerKind = 'number' | 'yesno' | 'list' | 'passage' | 'money';

export interface Interpretation {
  question: string;
  /** The question as resolved against the conversation (equal to `question` when it stands alone). */
  resolved: string;
  /** What the resolution assumed, said in the answer ("古城镇没有2021年的报告，以下为其2023年的数据"). */
  notes: string[];
  orgs: { org: string; by: FoundBy }[];
  /** Places named that the corpus has no report for. */
  unknownOrgs: string[];
  regions: string[];
  years: { year: number; by: FoundBy }[];
  level?: Level;
  /** The entities the answerers filter by (a plans question reads the year before's report). */
  entities: Entities;
  /** The entities as named, before the plans shift. */
  named: Entities;
  /** The figures the question names, best scored, each with its applicant column. */
  metrics: { id: string; word: string; score: number; applicant?: string }[];
  intent: QueryPlan['intent'] | 'passage';
  /** Arithmetic asked over the figures named. */
  arithmetic: 'sum' | 'average' | 'rate' | null;
  answerKind: AnswerKind;
  cues: Record<keyof typeof CUES, boolean>;
  /** The query plan for the figures, or null when no figure is asked (or none understood). */
  plan: QueryPlan | null;
  /** 0–1: how much of the question the rules understood; below 0.6 an LLM may fill the plan. */
  confidence: number;
}

export interface UnderstandOptions {
  /** Today's calendar year: a bare 去年 is the year before it. */
  calendarYear?: number;
}

/** Plan confidence from which a figure is answered from the tables. */
export const CONFIDENT = 0.6;

/** Metric words too general to mean a table figure unless the question asks for a number. */
const WEAK = new Set([
  '申请',
  '处罚',
  '强制',
  '许可',
  '收费',
  '诉讼',
  '复议',
  '结转',
  '答复',
  '办结',
  '起诉',
  '罚款',
  '企业',
  '单位',
  '个人',
  '群众',
]);

/**
 * @example understand('南郊镇因为重复申请不予处理的有几件', [], corpus).metrics[0].id // 't3.noproc_repeat'
 */
export function understand(
  question: string,
  history: Turn[],
  corpus: CorpusIndex,
  opts: UnderstandOptions = {},
  rewritten?: string | null,
): Interpretation {
  const typed = figureSlip(
    correctSoundAlikes(
      COLLOQUIAL.reduce(
        (q, [re, word]) => q.replace(re, word),
        arabicYears(halfWidthDigits(simplifiedQuestion(question))),
      ),
      corpus,
      opts,
    ),
    corpus,
  );
  const told = rewritten ? { question: rewritten, notes: [] } : resolveConversation(typed.question, history, corpus);
  const conversation = { question: told.question, notes: [...typed.notes, ...told.notes] };
  const resolved = conversation.question;
  const cues = Object.fromEntries(Object.entries(CUES).map(([k, c]) => [k, c.re.test(resolved)])) as Record<
    keyof typeof CUES,
    boolean
  >;
  const named = resolved === typed.question ? typed.entities : findEntities(resolved, corpus, opts);
  named.notes.push(...conversation.notes);
  // A figure asked for a year is that year's figure: only narrative questions read plans a year back.
  const entities = cues.numeric ? named : plansOf(resolved, named, corpus);

  let plan = parsePlan(resolved, corpus, entities);
  const bare = stripNames(resolved, corpus);
  const metricNamed = findMetric(bare);
  // A weak word alone ("申请" in 依申请公开做了什么) names no figure unless a number is asked.
  if (plan?.intent === 'lookup' && !cues.numeric && !cues.yesNo && metricNamed && WEAK.has(metricNamed.word))
    plan = null;
  // 提案, 热线诉求… are counted in words like 申请's but are no 政府信息公开 applications.
  if (plan?.metric && /^(?:t3\.|d\.)/.test(plan.metric) && cues.notApplications && !cues.application) plan = null;

  const templates = templatesAsked(corpus, entities);
  const figures = findFigures(resolved, corpus, templates);
  const summed = figures.length >= 2 && cues.total && !totalOfOneFigure(bare, templates);
  const asked = resolved === typed.question ? named : findEntities(typed.question, corpus, opts);
  const metric = plan?.metric ? METRIC_BY_ID.get(plan.metric) : undefined;
  const answerKind: AnswerKind =
    cues.money && !cues.countAsked && metric
      ? 'money'
      : plan?.intent === 'filter' || plan?.intent === 'count'
        ? 'list'
        : plan?.yesNo
          ? 'yesno'
          : plan || (cues.numeric && !cues.narrative)
            ? 'number'
            : 'passage';
  return {
    question,
    resolved,
    notes: [...new Set([...conversation.notes, ...entities.notes])],
    orgs: entities.orgs.map((org) => ({ org, by: asked.orgs.includes(org) ? 'question' : 'conversation' })),
    unknownOrgs: entities.unknownOrgs,
    regions: entities.regions,
    years: entities.years.map((year) => ({
      year,
      by: entities.yearRange
        ? 'range'
        : asked.years.includes(year)
          ? CUES.relativeYear.re.test(question)
            ? 'relative'
            : 'question'
          : 'conversation',
    })),
    ...(plan?.level ? { level: plan.level } : {}),
    entities,
    named,
    metrics: figures.map((f) => ({
      id: f.metric.id,
      word: f.word,
      score: f.score,
      ...(f.applicant ? { applicant: f.applicant } : {}),
    })),
    intent: plan?.intent ?? 'passage',
    arithmetic:
      plan?.intent === 'sum' || summed ? 'sum' : plan?.intent === 'avg' ? 'average' : metric?.per ? 'rate' : null,
    answerKind,
    cues,
    plan,
    confidence: plan ? plan.confidence : cues.narrative ? 0.5 : 0.3,
  };
}

/**
 * 一共 inside a clause that names one figure of its own (一共收到多少件申请？还有几件没办完？) is that
 * figure's total, not a sum of the figures asked; a clause naming none (一共多少) or two
 * (行政处罚和行政强制一共多少) sums them.
 */
function totalOfOneFigure(bare: string, templates: ReturnType<typeof templatesAsked>): boolean {
  const clauses = bare.split(/[，,；;？?。！!]/).filter((c) => c.trim() !== '');
  return (
    clauses.length >= 2 &&
    clauses
      .filter((c) => CUES.total.re.test(c))
      .every((c) => metricMentions(c, templates).length <= 1 && matchMetric(c, bare, templates) !== null)
  );
}

/**
 * A question with the one word that is a slip of a figure's word written as that word (行政处法 →
 * 行政处罚), said in the notes. A question naming a figure already keeps it, unless the slip
 * read right names a figure its words cover more of (依申请公开里本机关不掌屋: 不掌握, not 依申请).
 */
function figureSlip<T extends { question: string; notes: string[] }>(typed: T, corpus: CorpusIndex): T {
  const text = stripNames(typed.question, corpus);
  const named = findMetric(text);
  const near = nearWord(text, FIGURE_WORDS);
  if (!near) return typed;
  if (named && !slipBeside(text, near.written, named.word)) return typed;
  const read = named && findMetric(text.replace(near.written, near.meant));
  if (named && (!read || read.metric === named.metric || read.score <= named.score)) return typed;
  const question = typed.question.replace(near.written, near.meant);
  return { ...typed, question, notes: [...typed.notes, `「${near.written}」按「${near.meant}」理解`] };
}

/** Whether a slip stands clear of the words that named a figure ("予以公开了" is 予以公开 said, no slip). */
function slipBeside(text: string, written: string, word: string): boolean {
  const from = text.indexOf(written);
  const to = from + written.length;
  return word.split('…').every((part) => {
    for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
      if (at < to && from < at + part.length) return false;
    return true;
  });
}

/** The question without org, region and year words, which hold no metric or topic words. */
export function stripNames(q: string, corpus: CorpusIndex): string {
  const out = corpus.namePattern ? q.replace(corpus.namePattern, ' ') : q;
  return out.replace(/20\d{2}\s*年度?/g, ' ').replace(/去年|今年|前年/g, ' ');
}
