import { CHINESE_NUMERAL_CHARS, parseCount } from '../domain/numerals.ts';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import { APPLICANT_COLUMNS, METRICS, METRIC_BY_ID, type Metric } from '../domain/metrics.ts';
import { hasTables, templateOfYear, type Level, type TemplateVersion } from '../domain/catalogue.ts';
import { suffixPattern, UNIT_SUFFIXES } from '../domain/regions.ts';
import { reportsOf, type CorpusIndex } from './corpus.ts';
import { findEntities, type Entities } from './entities.ts';
import { PLAN_CUES } from './understand/lexicon.ts';
import { applicantIn, matchMetric, metricMentions, type MetricMention } from './understand/metric-match.ts';

const SYNONYMS: [string, Metric][] = METRICS.flatMap((m) =>
  m.synonyms.filter((s) => s !== '').map((s): [string, Metric] => [s, m]),
).sort((a, b) => b[0].length - a[0].length);

const RATE_OF: Record<string, string> = {
  't3.total_processed': 'd.completion_rate',
  't3.granted': 'd.grant_rate',
  't4.review.corrected': 'review.correction_rate',
};

/** The words that name a level of units, as a question says it ("各镇", "哪个县区"). */
const LEVEL_WORDS: [Level, string[]][] = [
  ['乡镇/街道', ['乡镇', ...UNIT_SUFFIXES.township]],
  ['县区', ['县区', '区县', ...UNIT_SUFFIXES.county]],
  ['市', ['地市', ...UNIT_SUFFIXES.city]],
  ['部门', ['部门']],
];
const LEVEL_ASKED = LEVEL_WORDS.map(([level, words]): [Level, RegExp] => {
  const w = suffixPattern(words);
  return [
    level,
    new RegExp(
      `(?:各|每一?个|哪一?个|哪些|哪几个|几个|[两三四五六七八九十\\d]+个|所有|全部)${w}|的${w}(?:是|有|中|里|当中|排)`,
    ),
  ];
});

/** The word a question names a level by (乡镇, 县区…). */
export const levelWord = (level: Level): string => LEVEL_WORDS.find(([l]) => l === level)![1][0]!;

/**
 * The level a question asks over ("平均每个镇", "最多的是哪个镇", "各部门"), once the orgs' own
 * names are removed; the township words are tried first (街道 before 道, 乡镇 before 镇).
 * @example levelAsked('行政处罚最多的是哪个镇') // '乡镇/街道'
 */
export function levelAsked(rest: string): Level | undefined {
  return LEVEL_ASKED.find(([, re]) => re.test(rest))?.[0];
}

/** Intents that put several reports' values together: over orgs, never the same org twice. */
const AGGREGATES = new Set<QueryPlan['intent']>(['sum', 'avg', 'rank', 'max', 'min']);

/** 前10名, 前十五个, 前三位. */
const TOP_K = new RegExp(`前\\s*(\\d+|[${CHINESE_NUMERAL_CHARS}]+)\\s*(?:名|个|位)?`);

/**
 * The metric a question names (after removing org names), best scored by meaning (metric-match.ts).
 * @example findMetric('开了多少张罚单')?.metric.id // 't2.penalty.decisions'
 */
export function findMetric(q: string, templates: readonly TemplateVersion[] = []): MetricMention | null {
  return matchMetric(q, q, templates);
}

/**
 * The table templates of the reports a question is about: those of the orgs named (in the years
 * named), else those of the years named; none when neither is named (every template may be meant).
 */
export function templatesAsked(corpus: CorpusIndex, entities: Pick<Entities, 'orgs' | 'years'>): TemplateVersion[] {
  const { orgs, years } = entities;
  const from = orgs.length
    ? reportsOf(corpus, orgs)
        .filter((r) => !years.length || years.includes(r.year!))
        .map((r) => r.template)
    : years.map(templateOfYear);
  return [...new Set(from.filter(hasTables))].sort();
}

/** The question without the org and region names, which hold no metric words. */
const withoutNames = (question: string, corpus: CorpusIndex): string =>
  corpus.namePattern ? question.replace(corpus.namePattern, '') : question;

/**
 * Every figure named in one question ("行政处罚加行政强制", "新收、办理总计、结转下年度各是多少",
 * "是个人还是企业申请的"), in the order named, each with its applicant column.
 */
export function findFigures(
  question: string,
  corpus: CorpusIndex,
  templates: readonly TemplateVersion[] = [],
): MetricMention[] {
  return metricMentions(withoutNames(question, corpus), templates);
}

/** The metrics of `findFigures`, once each. */
export function findMetrics(question: string, corpus: CorpusIndex): Metric[] {
  return [...new Set(findFigures(question, corpus).map((m) => m.metric))];
}

/**
 * The deterministic parser: question → QueryPlan, or null when it finds no metric and no
 * data-quality ask. Confidence reflects how much of the question it understood.
 */
export function parsePlan(
  question: string,
  corpus: CorpusIndex,
  entities: Entities = findEntities(question, corpus),
): QueryPlan | null {
  const q = question.replace(/\s+/g, '').replace(/[？?！!。，,]/g, (c) => (c === '，' || c === ',' ? '，' : ''));
  const rest = corpus.namePattern ? q.replace(corpus.namePattern, '') : q;
  const notes = [...entities.notes];
  const base = {
    orgs: entities.orgs,
    years: entities.years,
    ...(entities.regions.length ? { regions: entities.regions } : {}),
    notes,
  };
  // A question the schema cannot hold (odd numbers, too many orgs) gets no plan, never an exception.
  const withTemplate = (p: QueryPlan): QueryPlan | null =>
    QueryPlanSchema.safeParse(template ? { ...p, template } : p).data ?? null;

  // "对得上吗/是否一致" asks the checks only of a table or its data, not of two figures compared;
  // figures asked for a check ("核对勾稽关系：…各是多少") are those figures.
  const figuresAsked = /多少|几[件个条项]/.test(rest) && findMetric(rest) !== null;
  if (
    (PLAN_CUES.quality.re.test(rest) && !figuresAsked) ||
    (PLAN_CUES.consistent.re.test(rest) && !figuresAsked && (PLAN_CUES.tableOrData.re.test(rest) || !findMetric(rest)))
  ) {
    return { intent: 'quality', ...base, confidence: 0.9 };
  }
  const template = PLAN_CUES.template2019.re.test(rest)
    ? '2019'
    : PLAN_CUES.template2021.re.test(rest)
      ? '2021'
      : undefined;
  if (template)
    base.notes.push(
      `${template}版模板 = ${template === '2019' ? '2019、2020年度报告所用的试行格式' : '2021年度起的格式'}`,
    );
  const countReports = PLAN_CUES.countReports.re.test(rest) || PLAN_CUES.listReports.re.test(rest);
  // The table templates of the reports asked, once: metrics are read in them.
  const templates = templatesAsked(corpus, entities);
  const kinds = PLAN_CUES.kinds.re.test(rest);
  const group = PLAN_CUES.resultGroup.re.exec(rest)?.[0];
  // Two figures named ("新收和结转分别是多少") are asked one by one, not as one table's breakdown.
  const breakdown =
    kinds && new Set(metricMentions(rest, templates).map((m) => m.metric)).size < 2
      ? PLAN_CUES.applicantsAsked.re.test(rest)
        ? 'applicants'
        : group
          ? 'group'
          : PLAN_CUES.resultsAsked.re.test(rest)
            ? 'results'
            : undefined
      : undefined;
  const found = findMetric(rest, templates);
  const asksNumber = PLAN_CUES.asksNumber.re.test(rest);
  const applicantWord = applicantIn(rest)?.id;
  // Alone (no metric named), only the table's own column words ask for applications: 群众 in
  // "群众满意率" does not.
  const tableApplicant = APPLICANT_COLUMNS.some((a) => a.words.some((w) => rest.includes(w)));
  // "新收申请里有多大比例已经办结" names two figures: the rate is of the one that has a rate.
  const rated =
    found && PLAN_CUES.rate.re.test(rest)
      ? METRIC_BY_ID.get(
          RATE_OF[SYNONYMS.find(([w, m]) => rest.includes(w) && RATE_OF[m.id])?.[1].id ?? found.metric.id] ?? '',
        )
      : undefined;
  // "自然人有几件" asks for applications by that applicant type.
  const metric =
    rated ??
    found?.metric ??
    (breakdown === 'applicants' || (tableApplicant && asksNumber) ? METRIC_BY_ID.get('t3.new') : undefined);
  // "几个街道年报相比，哪个…最多" ranks a figure no table holds: no plan, the prose ranks it.
  const ranksOther = countReports && !found && PLAN_CUES.extreme.re.test(rest);
  if (!found && (!countReports || ranksOther) && !breakdown && !template && !metric) return null;
  const applicant = metric?.byApplicant && breakdown !== 'applicants' ? applicantWord : undefined;
  const plan: QueryPlan = {
    intent: 'lookup',
    ...(metric ? { metric: metric.id } : {}),
    ...(applicant ? { applicant } : {}),
    ...base,
    confidence: found ? 0.9 : 0.7,
  };
  if (breakdown) {
    plan.intent = 'breakdown';
    plan.breakdown = breakdown;
    return withTemplate(plan);
  }
  if (!metric) {
    plan.intent = 'count';
    return withTemplate(plan);
  }
  if (countReports && !PLAN_CUES.extremeOrTotal.re.test(rest) && !(found && PLAN_CUES.valueCondition.re.test(rest))) {
    plan.intent = 'count';
    delete plan.metric;
    return withTemplate(plan);
  }
  const topK = TOP_K.exec(rest);
  // "有没有结转" asks whether there is any, not for the reports that have none.
  const yesNo = PLAN_CUES.anyAsked.re.test(rest);
  const asked = rest.replace(new RegExp(PLAN_CUES.anyAsked.re, 'g'), '');
  const zero = PLAN_CUES.zero.re.test(asked) && !PLAN_CUES.notZero.re.test(asked);
  const nonzero = PLAN_CUES.nonzero.re.test(rest);
  const many = entities.orgs.length !== 1;
  const cmp = PLAN_CUES.comparison.re.exec(rest);
  if (yesNo && entities.orgs.length === 1 && entities.years.length <= 1 && !zero && !nonzero && !cmp) {
    plan.yesNo = true;
  } else if (yesNo && many && !zero && !nonzero && !cmp) {
    plan.intent = 'filter';
    plan.filter = { op: '>', value: 0 };
    plan.yesNo = true;
  } else if ((zero || nonzero || cmp) && PLAN_CUES.whichFiltered.re.test(rest)) {
    plan.intent = 'filter';
    const n = Number(cmp?.[2] ?? 0);
    plan.filter = cmp
      ? { op: PLAN_CUES.more.re.test(cmp[1]!) ? '>' : PLAN_CUES.less.re.test(cmp[1]!) ? '<' : '>=', value: n }
      : nonzero
        ? { op: '!=', value: 0 }
        : { op: '=', value: 0 };
  } else if (
    PLAN_CUES.listAsked.re.test(rest) &&
    PLAN_CUES.unitWord.re.test(rest) &&
    many &&
    !PLAN_CUES.extreme.re.test(rest)
  ) {
    plan.intent = 'filter';
    plan.filter = { op: '>', value: 0 };
  } else if (topK || PLAN_CUES.rank.re.test(rest)) {
    plan.intent = 'rank';
    plan.order = PLAN_CUES.ascending.re.test(rest) ? 'asc' : 'desc';
    if (topK) plan.k = Math.min(100, Math.max(1, parseCount(topK[1]!) || 1));
  } else if (PLAN_CUES.max.re.test(rest) && many) {
    plan.intent = 'max';
  } else if (PLAN_CUES.min.re.test(rest) && many) {
    plan.intent = 'min';
  } else if (PLAN_CUES.sumOver.re.test(rest) && (many || entities.years.length >= 2)) {
    // A total asked over several orgs or years, even "2021年以来" or "近三年".
    plan.intent = 'sum';
  } else if (PLAN_CUES.trend.re.test(rest) && entities.years.length !== 1) {
    plan.intent = 'trend';
  } else if (entities.orgs.length >= 2 || (entities.years.length >= 2 && PLAN_CUES.compareWord.re.test(rest))) {
    plan.intent = 'compare';
  } else if (PLAN_CUES.average.re.test(rest) && many) {
    plan.intent = 'avg';
  } else if (PLAN_CUES.sumAll.re.test(rest) && many) {
    plan.intent = 'sum';
  } else if (many && entities.orgs.length === 0 && PLAN_CUES.each.re.test(rest)) {
    plan.intent = 'lookup';
  }
  if (entities.orgs.length === 0) {
    const level = levelAsked(rest);
    if (level) plan.level = level;
  }
  return withTemplate(latestUnlessYears(plan));
}

/**
 * Several orgs and no year named: each org's latest report, never one org's years added up
 * with another's. Applied to every plan, the LLM planner's too.
 */
export function latestUnlessYears(plan: QueryPlan): QueryPlan {
  return AGGREGATES.has(plan.intent) && plan.orgs.length !== 1 && plan.years.length === 0
    ? { ...plan, latest: true }
    : plan;
}
