/**
 * The answerers, in order: the routing policy in one place. Each reads only the Interpretation
 * (and the store); the first that applies and answers gives the Answer, which records its name in
 * `answeredBy`. They keep the answering of metadata, SQL figures, prose facts and passages as it
 * was; what moved here is the choosing.
 */
import { hasTables } from '../domain/catalogue.ts';
import { METRIC_BY_ID } from '../domain/metrics.ts';
import type { FactRow, Passage, ReportFilter, ReportInfo } from '../domain/ports.ts';
import { orgLabel } from '../domain/org-names.ts';
import type { QueryPlan } from '../domain/query-plan.ts';
import type { Answer, Citation } from '../domain/types.ts';
import { answerWithLlm } from '../llm/answer.ts';
import type { AskDeps } from './ask.ts';
import { describeCorpus, reportsOf, type CorpusIndex } from './corpus.ts';
import type { Entities } from './entities.ts';
import { extractiveAnswer } from './extractive.ts';
import { bestFact, contextOf, factAnswer, factsNaming, figureClauses, questionClauses } from './facts.ts';
import { mentionAsked, mentionsAnswer } from './mentions.ts';
import { metadataAnswer } from './metadata.ts';
import { applicantParts, arithmeticAnswer, arithmeticAsks, compute } from './arithmetic.ts';
import { recite } from './cited.ts';
import { collectionAnswer, collectionAsk } from './collection.ts';
import { closestOrgs, orgMentionProblem } from './org-match.ts';
import { applicationsOverview } from './overview.ts';
import { findFigures } from './plan.ts';
import { pointsAnswer } from './points.ts';
import { queryTerms, type RankedPassage, search } from './search.ts';
import { compilePlan } from './sql.ts';
import { sqlAnswer } from './sql-answer.ts';
import { CUES, METRIC_WORDS, PLAN_CUES, PRECISE_FORMS } from './understand/lexicon.ts';
import { applicantIn } from './understand/metric-match.ts';
import { CONFIDENT, stripNames, type Interpretation } from './understand/understand.ts';

/** A passage must hold this share of the question's topic words to be quoted. */
export const MIN_COVERAGE = 0.5;
const PASSAGES = 6;
const MONEY_UNITS = ['元', '万元'];

type Reply = Omit<Answer, 'timings' | 'answeredBy'>;

export interface AnswerContext {
  deps: AskDeps;
  i: Interpretation;
  corpus: CorpusIndex;
  filter: ReportFilter;
  timings: Record<string, number>;
  now: () => number;
  onToken?: (text: string) => void;
}

export interface Answerer {
  name: string;
  /** Whether this answerer is the one for the interpretation (it may still find nothing and pass). */
  applies(i: Interpretation, corpus: CorpusIndex): boolean;
  /** The answer, or null to let the next answerer try. */
  answer(ctx: AnswerContext): Promise<Reply | null>;
}

const elapsed = (t0: number, now: () => number) => Math.round((now() - t0) * 100) / 100;
const confident = (i: Interpretation) => i.plan !== null && i.plan.confidence >= CONFIDENT;
const countedMetric = (i: Interpretation) => (i.plan?.metric ? METRIC_BY_ID.get(i.plan.metric) : undefined);
/** The figures named when the question asks several at once ("新收、办结、结转各多少"). */
const several = (i: Interpretation) =>
  i.metrics.length >= 2 && ['lookup', 'sum', 'compare', 'trend'].includes(i.intent) ? i.metrics : null;

/** The routing policy: the first that applies and answers wins. */
export const ANSWERERS: Answerer[] = [
  {
    // An org name several orgs share, or put in another region, is said so: never another org's answer.
    name: 'org-mention',
    // "库里有哪些卫生健康局的年报" names a kind to list, not one org to pick.
    applies: (i, corpus) =>
      orgProblem(i, corpus) !== null && !['orgs', 'reports'].includes(collectionAsk(i.resolved) ?? ''),
    answer: async ({ i, corpus }) => refusal(orgProblem(i, corpus)!),
  },
  {
    name: 'missing-data',
    applies: (i, corpus) => missing(i, corpus) !== null,
    answer: async ({ i, corpus }) => refusal(missing(i, corpus)!),
  },
  {
    // Which reports say a phrase the user quotes, or cite a document by its number.
    name: 'mentions',
    applies: (i) => mentionAsked(i.resolved) !== null,
    answer: ({ deps, i, filter, corpus }) => mentionsAnswer(i.resolved, filter, deps, corpus),
  },
  {
    name: 'metadata',
    applies: (i) => i.entities.orgs.length > 0,
    answer: async ({ deps, i, corpus }) => metadataAnswer(i.resolved, namedReports(i, corpus), deps.store),
  },
  {
    // Questions about the collection itself, from the reports table and the checks.
    name: 'collection',
    // A figure of an org named is no question about the collection, whatever words frame it (核对勾稽关系：…).
    applies: (i) => collectionAsk(i.resolved) !== null && !(i.metrics.length > 0 && i.entities.orgs.length > 0),
    answer: ({ deps, i, corpus, filter }) =>
      collectionAnswer(
        i.resolved,
        { ...filter, ...(i.entities.regions.length ? { region: i.entities.regions[0] } : {}) },
        corpus,
        deps.store,
      ),
  },
  {
    // A monthly average, share, multiple, difference or sum of cited figures.
    name: 'arithmetic',
    applies: (i) => arithmeticAsks(i.resolved) !== null,
    answer: ({ deps, i, corpus }) => arithmeticAnswer(i.resolved, { store: deps.store, corpus }),
  },
  {
    // Problems and plans read from the report's own enumeration in section 五.
    name: 'points',
    applies: (i) => i.entities.orgs.length > 0,
    answer: async ({ deps, i, corpus }) => {
      const points = await pointsAnswer(
        stripNames(i.resolved, corpus),
        namedReports(i, corpus),
        deps.store,
        i.entities.years.length === 0,
      );
      if (!points) return null;
      const note = shiftNote(i);
      return { ...points, answer: note ? `${points.answer}\n\n${note}` : points.answer, route: 'retrieval' };
    },
  },
  {
    // 比较… / …情况如何 / 怎么处理的: the 依申请公开 table's main figures side by side.
    name: 'overview',
    applies: (i) => i.entities.orgs.length > 0,
    answer: async ({ deps, i, corpus }) => {
      const overview = await applicationsOverview(i.resolved, namedReports(i, corpus), deps.store);
      return overview ? { ...overview, route: 'sql' } : null;
    },
  },
  {
    // A figure asked of reports that all predate the tables can only come from their prose.
    name: 'tableless-figure',
    // Not "从哪几个方面" (a description) nor "电话是多少" (one precise thing, not a count).
    applies: (i) => Boolean(i.plan?.metric) || (i.cues.numeric && !i.cues.narrative && !i.cues.precise),
    answer: async ({ deps, i, corpus, filter }) => {
      const reports = withoutTables(corpus, filter);
      return reports ? proseFigure(deps, i.resolved, corpus, filter, reports) : null;
    },
  },
  {
    // Money asked of a metric that only counts (行政处罚 has no amount column): no table holds
    // it; a sum stated in the prose may, else the answer says the reports do not.
    name: 'money-not-in-tables',
    applies: (i, corpus) => {
      const counted = countedMetric(i);
      const moneyNamed = findFigures(i.resolved, corpus).some((m) => MONEY_UNITS.includes(m.metric.unit));
      return Boolean(counted) && i.answerKind === 'money' && !moneyNamed && !MONEY_UNITS.includes(counted!.unit);
    },
    answer: async ({ deps, i, corpus, filter }) => {
      const fact = bestFact(
        stripNames(i.resolved, corpus),
        (await deps.store.facts(filter)).filter((f) => MONEY_UNITS.includes(f.unit)),
        await reportMap(deps, filter),
      );
      if (fact) return { answer: fact.answer, route: 'retrieval', citations: [fact.citation] };
      const counted = countedMetric(i)!;
      return refusal(
        `报告的表格只有「${counted.name}」（${counted.unit}），没有金额；所查报告的正文也没有写明相关金额。`,
      );
    },
  },
  {
    name: 'several-figures',
    applies: (i) => confident(i) && (!i.cues.narrative || i.cues.numeric) && several(i) !== null,
    answer: async (ctx) =>
      withCheck(
        ctx,
        await withNarrativeClauses(
          ctx,
          await withProseClauses(
            ctx,
            // Figures added up for a check ("两边加起来对得上吗") are checked, not summed.
            await runSeveral(
              ctx.deps,
              ctx.i.plan!,
              several(ctx.i)!,
              ctx.i.cues.total && ctx.i.arithmetic === 'sum' && !checkAsked(ctx.i),
              ctx.timings,
              ctx.now,
              (part) => blankFromProse(ctx, part),
            ),
          ),
        ),
      ),
  },
  {
    name: 'figure',
    applies: (i) => confident(i) && (!i.cues.narrative || i.cues.numeric),
    answer: async (ctx) => {
      const sql = await runSql(ctx.deps, ctx.i.plan!, ctx.timings, ctx.now);
      const figure = await withProseClauses(ctx, (await blankFromProse(ctx, sql)) ?? sql);
      return withCheck(ctx, await withNarrativeClauses(ctx, figure));
    },
  },
  {
    name: 'figure-and-passages',
    applies: (i) => confident(i) && i.cues.narrative,
    answer: async (ctx) => {
      const { deps, i, timings, now } = ctx;
      const sql = await runSql(deps, i.plan!, timings, now);
      const text = await retrieve(deps, i.resolved, i.entities, ctx.filter, ctx.corpus, timings, now, ctx.onToken);
      if (text.refused) return sql;
      const citations = [...sql.citations];
      return { ...sql, route: 'hybrid', answer: `${sql.answer}\n\n${recite(text, citations)}`, citations };
    },
  },
  {
    name: 'prose-fact',
    applies: (i) => i.cues.numeric && !i.cues.narrative,
    answer: async ({ deps, i, corpus, filter, timings, now }) => {
      const t = now();
      const reports = await reportMap(deps, filter);
      const prose = factAnswer(stripNames(i.resolved, corpus), await deps.store.facts(filter), reports);
      timings.factsMs = elapsed(t, now);
      if (!prose) return null;
      return prose.refused
        ? { ...refusal(prose.answer), citations: prose.citations }
        : {
            answer: withYesNoClauses(i.resolved, prose.answer, prose.citations),
            route: 'retrieval',
            citations: prose.citations,
          };
    },
  },
  {
    name: 'passages',
    applies: () => true,
    answer: async ({ deps, i, corpus, filter, timings, now, onToken }) => {
      // The plan's year stays a search word (bare digits: the year filter's words are stripped).
      const shiftedYears = i.entities !== i.named;
      const asked = shiftedYears ? `${i.resolved} ${i.named.years.join(' ')}` : i.resolved;
      // A count asked in its unit (几次培训) that no passage found states is not in the reports:
      // the passages are then shown as related, not as the answer (and not streamed before that is known).
      const unit = i.cues.narrative ? undefined : COUNT_UNIT.exec(i.resolved)?.[1];
      const text = await retrieve(deps, asked, i.entities, filter, corpus, timings, now, unit ? undefined : onToken);
      const stated = (quote: string) => new RegExp(`\\d\\s*[余多]?\\s*${unit}`).test(quote);
      if (unit && !text.refused && !text.citations.some((c) => stated(c.quote ?? '')))
        return {
          ...text,
          refused: true,
          answer: `所查报告的正文没有写明这一数字（没有以「${unit}」计的相关数字）。以下段落与问题相关：\n\n${text.answer}`,
        };
      const note = text.refused ? '' : shiftNote(i);
      return { ...text, answer: note ? `${note}\n\n${text.answer}` : text.answer };
    },
  },
];

/** A count asked with its unit: 几次, 多少场, 几期 (units no table counts, so only prose can state them). */
const COUNT_UNIT = /(?:几|多少)(次|场|期|批|人次)/;

/** The reports of the orgs (and years) the question names. */
function namedReports(i: Interpretation, corpus: CorpusIndex): ReportInfo[] {
  return reportsOf(corpus, i.entities.orgs).filter(
    (r) => !i.entities.years.length || i.entities.years.includes(r.year!),
  );
}

/** Said when a year's plans were read from the report of the year before. */
function shiftNote(i: Interpretation): string {
  return i.entities === i.named
    ? ''
    : `（${i.named.years.join('、')}年的计划写在${i.entities.years.join('、')}年度的报告中。）`;
}

/**
 * The reports of the org and year asked, when every one predates the tables (2019 template): SQL
 * has no cells of them. Read from the corpus index, which lists every report: no query per question.
 */
function withoutTables(corpus: CorpusIndex, filter: ReportFilter): ReportInfo[] | null {
  if (!filter.org || !filter.year) return null;
  const years = filter.year;
  const reports = reportsOf(corpus, filter.org).filter((r) => r.year !== null && years.includes(r.year));
  return reports.length > 0 && reports.every((r) => !hasTables(r.template)) ? reports : null;
}

/** A figure of a report without tables: the number its prose states, or a refusal saying why there is none. */
async function proseFigure(
  deps: AskDeps,
  question: string,
  corpus: CorpusIndex,
  filter: ReportFilter,
  reports: ReportInfo[],
): Promise<Reply> {
  const which = reports.map((r) => `${orgLabel(r.org)}${r.year ?? ''}年`).join('、');
  const why = `${which}的报告早于2019年的统一模板，没有统计表（表二、表三、表四）`;
  const byId = new Map(reports.map((r) => [r.id, r]));
  const asked = stripNames(question, corpus);
  const facts = await deps.store.facts(filter);
  // Several figures asked clause by clause ("公开了多少条 网上的有几条") are each found; one, by its words.
  if (figureClauses(asked).length >= 2) {
    const prose = factAnswer(asked, facts, byId);
    if (prose && !prose.refused)
      return { answer: `${why}。\n\n${prose.answer}`, route: 'retrieval', citations: prose.citations };
  }
  const fact = bestFact(asked, facts, byId);
  if (!fact) return refusal(`${why}；正文中也没有写明这项数字。`);
  return { answer: `${why}。\n\n${fact.answer}`, route: 'retrieval', citations: [fact.citation] };
}

/** A clause that asks a count: 报送了多少篇信息稿件, 受理了几件. */
const COUNT_ASKED = /多少|几[件个份条项次篇人名家所]/;
/** A count of units or reports, not a figure: 几个街道, 几份年报, 相比. */
const UNITS_COUNTED = /几个(?:街道|镇|乡|单位|部门|县|区|市)|(?:几|多少)份|相比|比较/;
/** Words that ask, not what is asked about. */
const ASKING_WORDS =
  /多少|几[件个份条项次篇人名家所]?|一共|共|了|是|有|的|吗|呢|各|分别|年|度|全年|具体|到底|究竟|大概|大约|[\d一二三四五六七八九十]/g;

/**
 * The clauses of a question that ask a figure naming no table metric, beside one that does
 * ("报送了多少篇信息稿件？办理答复了多少件公开申请？"): each is a figure of the report's prose.
 */
function proseClauses(i: Interpretation, corpus: CorpusIndex): string[] {
  const clauses = questionClauses(stripNames(i.resolved, corpus));
  if (clauses.length < 2) return [];
  return clauses.filter((c, n) => {
    if (!COUNT_ASKED.test(c) || UNITS_COUNTED.test(c) || c.replace(ASKING_WORDS, '').length < 2) return false;
    // "分别是哪几种情形、各几件" beside a breakdown asks the breakdown.
    if (i.plan?.intent === 'breakdown' && PLAN_CUES.kinds.re.test(c)) return false;
    // Money asked of a figure the tables only count (罚了多少钱 beside 行政处罚) is the prose's.
    const figures = findFigures(c, corpus);
    const tables =
      figures.length > 0 && !(CUES.money.re.test(c) && figures.every((m) => !MONEY_UNITS.includes(m.metric.unit)));
    // An applicant column of a figure asked ("其中自然人多少件") is the table's.
    const applicant = applicantIn(c);
    if (applicant && i.metrics.some((m) => m.applicant === applicant.id)) return false;
    // A clause naming again a figure an earlier one asked, with words of its own (收到几件申请，
    // 网上申请几件): a part of it the tables do not split, the prose's.
    if (tables && repeats(c, clauses.slice(0, n), corpus)) return true;
    // A clause a table figure already answers by its words ("现行有效几件" after 制发几件).
    return !tables && !i.metrics.some((m) => m.word.split('…').some((w) => w.length >= 2 && c.includes(w)));
  });
}

/** Whether every figure `clause` names, applicant and all, an earlier clause names, and it says more than their words. */
function repeats(clause: string, earlier: string[], corpus: CorpusIndex): boolean {
  const key = (m: { metric: { id: string }; applicant?: string }) => `${m.metric.id}/${m.applicant ?? ''}`;
  const before = new Set(earlier.flatMap((c) => findFigures(c, corpus).map(key)));
  const own = findFigures(clause, corpus);
  const said = own.flatMap((m) => m.word.split('…'));
  const rest = said
    .reduce((c, w) => c.replace(w, ''), clause)
    .replace(ASKING_WORDS, '')
    .replace(/[的了是有]/g, '');
  return own.every((m) => before.has(key(m))) && rest.length >= 2;
}

const checkAsked = (i: Interpretation) =>
  PLAN_CUES.consistent.re.test(i.resolved) || PLAN_CUES.quality.re.test(i.resolved);

/** Figures asked for a check ("…各是几件？对得上吗"): the figures, then the report's consistency checks. */
async function withCheck(ctx: AnswerContext, reply: Reply): Promise<Reply> {
  const plan = ctx.i.plan;
  if (!checkAsked(ctx.i) || !plan || plan.intent === 'quality' || reply.refused || plan.orgs.length === 0) return reply;
  const check = await runSql(
    ctx.deps,
    {
      intent: 'quality',
      orgs: plan.orgs,
      years: plan.years,
      ...(plan.regions ? { regions: plan.regions } : {}),
      notes: [],
      confidence: plan.confidence,
    },
    ctx.timings,
    ctx.now,
  );
  const citations = [...reply.citations];
  return { ...reply, answer: `${reply.answer}\n\n${recite(check, citations)}`, citations };
}

/**
 * A sentence beside the figures that asks no count but what was done or how (是通过什么方式答复的):
 * the passages of the reports asked that speak of it, below the figures.
 */
async function withNarrativeClauses(ctx: AnswerContext, reply: Reply): Promise<Reply> {
  if (reply.refused) return reply;
  const sentences = stripNames(ctx.i.resolved, ctx.corpus)
    .split(/[？?。！!；;]/)
    .filter((c) => c.trim() !== '');
  if (sentences.length < 2) return reply;
  const citations = [...reply.citations];
  const texts = [reply.answer];
  for (const s of sentences.filter((c) => CUES.narrative.re.test(c) && !CUES.numeric.re.test(c))) {
    const text = await retrieve(ctx.deps, s, ctx.i.entities, ctx.filter, ctx.corpus, ctx.timings, ctx.now);
    if (!text.refused) texts.push(`「${s}」：\n\n${recite(text, citations)}`);
  }
  return texts.length > 1 ? { ...reply, answer: texts.join('\n\n'), citations } : reply;
}

/**
 * A clause beside a prose figure that asks yes or no and no count (办了几件，办完了没有；老百姓满意不):
 * the sentence the figure stands in, quoted whole, says it (均已按时办结，满意率100%).
 */
function withYesNoClauses(question: string, answer: string, citations: Citation[]): string {
  const clauses = questionClauses(question).filter((c) => YES_NO_CLAUSE.test(c) && !CUES.numeric.re.test(c));
  const cited = citations[0];
  if (clauses.length === 0 || !cited) return answer;
  return `${answer}\n\n「${clauses.join('，')}」：报告原话是「${cited.quote}」[${cited.n}]`;
}
/** A clause asking yes or no: 办完了没有, 满意不, 公开了吗, 是否办结. */
const YES_NO_CLAUSE = /(?:没有|没|不|吗|否)[？?]?$|^是否/;

/** A table figure's answer with each prose-only clause the question also asks answered from the prose, cited. */
async function withProseClauses(ctx: AnswerContext, reply: Reply): Promise<Reply> {
  const clauses = proseClauses(ctx.i, ctx.corpus);
  if (clauses.length === 0 || reply.refused) return reply;
  const facts = await ctx.deps.store.facts(ctx.filter);
  const reports = await reportMap(ctx.deps, ctx.filter);
  const citations = [...reply.citations];
  const texts = [reply.answer];
  for (const clause of clauses) {
    const prose = factAnswer(clause, facts, reports);
    texts.push(prose && !prose.refused ? recite(prose, citations) : `「${clause}」：所查报告的表格和正文都没有写明。`);
  }
  return { ...reply, answer: texts.join('\n\n'), citations };
}

/**
 * A figure the table of the report asked leaves blank, could not be read, or does not print (an
 * older template): the prose of that report, quoted, where it states the figure or speaks of it.
 * Null when the prose says nothing either, and the table's answer (未填报, no such row) stands.
 */
async function blankFromProse(ctx: AnswerContext, sql: Reply): Promise<Reply | null> {
  const plan = sql.plan;
  if (
    plan &&
    (plan.intent === 'lookup' || plan.intent === 'compare') &&
    (plan.orgs.length > 1 || plan.years.length > 1)
  )
    return blanksFromProse(ctx, sql);
  const metric = METRIC_BY_ID.get(plan?.metric ?? '');
  // A ratio is NULL also when its denominator is 0: the table's answer says so.
  if (!plan || !metric || metric.per || plan.intent !== 'lookup' || plan.orgs.length !== 1 || !ctx.filter.year)
    return null;
  const rows = sql.rows ?? [];
  if (rows.some((r) => r.value !== null && r.value !== undefined)) return null;
  const reports = await reportMap(ctx.deps, ctx.filter);
  if (reports.size === 0) return null;
  const which = [...reports.values()].map((r) => `${orgLabel(r.org)}${r.year ?? ''}年`).join('、');
  const why = `${which}的统计表中「${metric.name}」${rows.length ? '一项为空或未能读出' : '没有这一项'}`;
  // A 总计 left blank beside filled applicant columns: those columns, added up and cited.
  const [report] = reports.values();
  if (metric.byApplicant && !plan.applicant && rows.length && reports.size === 1) {
    const parts = await applicantParts(report!, metric, ctx.deps.store);
    if (parts.length) {
      const sum = compute('sum', parts);
      const total =
        parts.length > 1
          ? sum.answer
          : `${parts[0]!.label.replace(/^\S+\s/, '')} **${parts[0]!.value} ${parts[0]!.unit}**（其余各栏为空）。\n${sum.answer.split('\n').slice(1).join('\n')}`;
      return { answer: `${why}；各申请人类别栏中已填的：\n\n${total}`, route: 'sql', plan, citations: sum.citations };
    }
  }
  // Only a figure whose own words name the metric; of those, the one the user's words pick, else
  // the one the metric's own words pick.
  // The user's own words for it (办理了 → 办理) name it too, and their clause is what was asked.
  const mention = ctx.i.metrics.find((m) => m.id === metric.id);
  const own = (mention?.word.split('…') ?? []).map((w) => w.replace(/[了过]$/, '')).filter((w) => w.length >= 2);
  // The name's head without the words of a table's total (办理结果总计 → 办理) is how prose says it.
  const name = metric.name.replace(/（.*$/, '');
  const head = name.replace(/(?:结果)?(?:总计|合计|数量|总数)$/, '');
  const words = [
    name,
    ...(head !== name ? [head] : []),
    ...metric.synonyms,
    ...(METRIC_WORDS[metric.id] ?? []),
    ...own,
  ];
  const all = await ctx.deps.store.facts(ctx.filter);
  // A figure whose own words name another metric (结转下年度继续办理) is that one's, not this one's;
  // one named as a whole this metric is part of (受理申请总数 for 新收申请) is quoted in its own words.
  const ownKeys = new Set(Object.values(metric.keys).flat());
  const holds = (id: string) => {
    const other = METRIC_BY_ID.get(id);
    return (
      !!other &&
      !other.per &&
      Object.values(other.keys)
        .flat()
        .some((k) => ownKeys.has(k))
    );
  };
  const another = (f: FactRow) => {
    const named = findFigures(contextOf(f, all), ctx.corpus).map((m) => m.metric.id);
    return named.length > 0 && !named.includes(metric.id) && !named.some(holds);
  };
  // An application figure is none of the things counted alike (办理代表建议和政协提案72件).
  const elseCounted = (f: FactRow) =>
    /^(?:t3\.|d\.)/.test(metric.id) && CUES.notApplications.re.test(f.subject) && !CUES.application.re.test(f.subject);
  const facts = factsNaming(words, all).filter((f) => !another(f) && !elseCounted(f));
  const whole = stripNames(ctx.i.resolved, ctx.corpus);
  const asked = whole.split(/[，,；;？?]/).find((c) => own.length && own.every((w) => c.includes(w))) ?? whole;
  const fact = [asked, ...words].reduce<ReturnType<typeof bestFact>>(
    (found, w) => found ?? bestFact(w, facts, reports),
    null,
  );
  if (fact)
    return { answer: `${why}；报告正文写明：\n\n${fact.answer}`, route: 'retrieval', citations: [fact.citation] };
  const text = await retrieve(ctx.deps, whole, ctx.i.entities, ctx.filter, ctx.corpus, ctx.timings, ctx.now);
  // The passage quoted first must name the metric, as a figure must.
  const first = text.citations[0]?.quote ?? '';
  if (text.refused || !words.some((w) => w.length >= 2 && first.includes(w))) return null;
  return { ...text, answer: `${why}；报告正文中说到它的地方：\n\n${text.answer}` };
}

/**
 * Several orgs' or years' figure: each report whose table leaves it blank is read from its own
 * prose, as for one report, below the table's answer.
 */
async function blanksFromProse(ctx: AnswerContext, sql: Reply): Promise<Reply | null> {
  const plan = sql.plan!;
  const citations = [...sql.citations];
  const parts: string[] = [];
  for (const row of sql.rows ?? []) {
    if ((row.value !== null && row.value !== undefined) || typeof row.org !== 'string' || typeof row.year !== 'number')
      continue;
    const one = { ...plan, intent: 'lookup' as const, orgs: [row.org], years: [row.year] };
    const filter = { ...ctx.filter, org: [row.org], year: [row.year] };
    const part = await blankFromProse({ ...ctx, filter }, { ...sql, plan: one, rows: [row] });
    if (part) parts.push(recite(part, citations));
  }
  return parts.length ? { ...sql, answer: [sql.answer, ...parts].join('\n\n'), citations } : null;
}

/** `orgMentionProblem` once per interpretation (asked by `applies`, then by `answer`). */
const ORG_PROBLEM = new WeakMap<Interpretation, string | null>();
function orgProblem(i: Interpretation, corpus: CorpusIndex): string | null {
  if (!ORG_PROBLEM.has(i)) ORG_PROBLEM.set(i, orgMentionProblem(i.resolved, corpus, i.entities.years));
  return ORG_PROBLEM.get(i)!;
}

/** `missingData` once per interpretation (asked by `applies`, then by `answer`). */
const MISSING = new WeakMap<Interpretation, string | null>();
function missing(i: Interpretation, corpus: CorpusIndex): string | null {
  if (!MISSING.has(i)) MISSING.set(i, missingData(i.entities, corpus));
  return MISSING.get(i)!;
}

/** The years of `have` nearest to any of `asked`. */
function nearestYears(asked: number[], have: number[]): number[] {
  const d = (y: number) => Math.min(...asked.map((a) => Math.abs(a - y)));
  const best = Math.min(...have.map(d));
  return have.filter((y) => d(y) === best);
}

export function refusal(answer: string): Reply {
  return { answer, route: 'none', refused: true, citations: [] };
}

/** An org or year the corpus lacks: the refusal that says what it does have. */
export function missingData(e: Entities, corpus: CorpusIndex): string | null {
  if (e.unknownOrgs.length && e.orgs.length === 0) {
    const near = [
      ...new Set(e.unknownOrgs.flatMap((name) => closestOrgs(name, corpus, { regions: e.regions }).map((m) => m.org))),
    ].slice(0, 3);
    const have = near.length
      ? `最接近的有：${near.map((o) => `${o}（${corpus.byOrg.get(o)!.years.join('、')}年）`).join('、')}`
      : `现有报告：${describeCorpus(corpus)}`;
    return `语料中没有${e.unknownOrgs.map((o) => `「${o}」`).join('、')}的报告；${have}。`;
  }
  if (e.yearRange && !corpus.years.some((y) => y >= e.yearRange!.from && y <= e.yearRange!.to)) {
    return `库中没有${e.yearRange.from}—${e.yearRange.to}年的报告，现有年份：${corpus.years.join('、')}。`;
  }
  if (e.orgs.length && e.years.length) {
    const lacking = e.orgs.filter((o) => !corpus.byOrg.get(o)!.years.some((y) => e.years.includes(y)));
    if (lacking.length === e.orgs.length) {
      return `${lacking
        .map((o) => `库中没有${o}${e.years.join('、')}年的报告，现有年份：${corpus.byOrg.get(o)!.years.join('、')}`)
        .join('；')}。`;
    }
  }
  if (!e.orgs.length && e.years.length && !e.yearRange && !corpus.years.some((y) => e.years.includes(y))) {
    return `库中没有${e.years.join('、')}年的报告，现有年份：${corpus.years.join('、')}（最接近的是${nearestYears(e.years, corpus.years).join('、')}年）。`;
  }
  return null;
}

async function runSql(
  deps: AskDeps,
  plan: QueryPlan,
  timings: Record<string, number>,
  now: () => number,
): Promise<Reply> {
  const compiled = compilePlan(plan);
  const t = now();
  const rows = (await deps.store.query(compiled.sql, compiled.params, compiled.merge)) as Parameters<
    typeof sqlAnswer
  >[1];
  timings.sqlMs = elapsed(t, now);
  const built = await sqlAnswer(plan, rows, compiled.keys, deps.store);
  // No report asked prints the row: the figure is not in the reports, said as a refusal.
  const absent = rows.length === 0 && !['quality', 'count', 'filter'].includes(plan.intent);
  const answer = absent
    ? `所查报告中没有「${METRIC_BY_ID.get(plan.metric ?? '')?.name ?? plan.metric ?? ''}」这一项（可能是模板版本不同）。`
    : built.answer;
  return {
    ...(absent ? { refused: true } : {}),
    answer,
    route: 'sql',
    plan,
    sql: compiled.sql,
    params: compiled.params,
    rows,
    citations: built.citations,
    ...(built.warnings.length ? { warnings: built.warnings } : {}),
  };
}

/** One plan per metric named, answers joined; with 加/一共 also their total per report. */
async function runSeveral(
  deps: AskDeps,
  plan: QueryPlan,
  figures: { id: string; applicant?: string }[],
  total: boolean,
  timings: Record<string, number>,
  now: () => number,
  /** What a figure the table leaves blank is answered with instead (its report's prose), if anything. */
  fill: (part: Reply) => Promise<Reply | null>,
): Promise<Reply> {
  const parts: Reply[] = [];
  for (const f of figures) {
    const { applicant: _, ...rest } = plan;
    const one = { ...rest, metric: f.id, ...(f.applicant ? { applicant: f.applicant } : {}), notes: [] };
    const sql = await runSql(deps, one, timings, now);
    parts.push((await fill(sql)) ?? sql);
  }
  const metrics = figures.map((f) => f.id);
  const citations: Citation[] = [];
  const texts = parts.map((p) => recite(p, citations));
  const rows: Record<string, unknown>[] = parts.flatMap((p, i) =>
    (p.rows ?? []).map((r) => ({ metric: metrics[i], ...r })),
  );
  if (total) {
    const byReport = new Map<number, { who: string; sum: number | null }>();
    for (const r of rows) {
      const key = r.report_id as number;
      const e = byReport.get(key) ?? { who: `${orgLabel(r.org as string | null)}${r.year}年`, sum: 0 };
      e.sum = e.sum === null || typeof r.value !== 'number' ? null : e.sum + (r.value as number);
      byReport.set(key, e);
    }
    const sums = [...byReport.values()];
    const grand = sums.every((x) => x.sum !== null) ? sums.reduce((a, x) => a + x.sum!, 0) : null;
    texts.push(
      sums.length === 1
        ? `${rows.length === 2 ? '两' : rows.length}项合计 **${grand ?? '无法计算（有未填报）'}**。`
        : `${sums.map((x) => `${x.who} ${x.sum ?? '未填报'}`).join('，')}；总计 **${grand ?? '无法计算（有未填报）'}**。`,
    );
  }
  const warnings = parts.flatMap((p) => p.warnings ?? []);
  return {
    answer: texts.join('\n'),
    route: 'sql',
    plan: { ...plan, metrics },
    sql: parts.map((p) => p.sql).join(';\n'),
    params: parts.map((p) => p.params),
    rows,
    citations,
    ...(warnings.length ? { warnings } : {}),
  };
}

export async function reportMap(deps: AskDeps, filter: ReportFilter): Promise<Map<number, ReportInfo>> {
  return new Map((await deps.store.reports(filter)).map((r) => [r.id, r]));
}

export async function retrieve(
  deps: AskDeps,
  question: string,
  entities: Entities,
  filter: ReportFilter,
  corpus: CorpusIndex,
  timings: Record<string, number>,
  now: () => number,
  onToken?: (text: string) => void,
): Promise<Reply> {
  const text = stripNames(question, corpus).trim();
  const terms = queryTerms(deps.segmenter, text);
  const overview = terms.words.length === 0 && entities.orgs.length > 0;
  const t = now();
  const passages = await search(deps, overview ? '总体情况 主动公开 依申请公开' : text, filter, PASSAGES);
  timings.searchMs = elapsed(t, now);
  // A question for one precise thing needs a passage that holds it in its written form (a phone
  // number, a date); one with no such form (是谁) needs all its words met.
  const asked = CUES.precise.re.test(question) ? PRECISE_FORMS.filter((f) => f.asked.re.test(question)) : [];
  const forms = asked.filter((f) => !f.enough);
  const holdsForms = (p: Passage) => forms.every((f) => f.form.test(p.text));
  const need = CUES.precise.re.test(question) && forms.length === 0 ? 1 : MIN_COVERAGE;
  // A form that is enough (a quoted name) stands for the words a precise question leaves unmet.
  const enough = (p: RankedPassage) => p.coverage >= MIN_COVERAGE && asked.some((f) => f.enough && f.form.test(p.text));
  // Table rows are indexed so a search finds them, but their figures are answered from cells.
  const prose = passages.filter((p) => (!p.section.startsWith('表') || /表/.test(question)) && holdsForms(p));
  // A passage holding the form beside the very word that asks for it (电话：0953-…) answers whatever else is said.
  const namesForm = (p: Passage) =>
    forms.length > 0 && forms.every((f) => p.text.includes(f.asked.re.exec(question)![0]));
  const relevant = overview
    ? prose.filter((p) => p.section.startsWith('一'))
    : prose.filter((p) => p.coverage >= need || namesForm(p) || enough(p));
  if (relevant.length === 0) {
    const scope = entities.orgs.length
      ? `${entities.orgs.join('、')}${entities.years.length ? `${entities.years.join('、')}年` : ''}的报告`
      : '库中的报告';
    return refusal(`${scope}中没有找到与“${question}”相关的内容。现有报告：${describeCorpus(corpus)}。`);
  }
  const reports = await reportMap(deps, {});
  const texts = new Map<number, string>();
  for (const p of relevant)
    if (!texts.has(p.reportId)) texts.set(p.reportId, (await deps.store.reportText(p.reportId)) ?? '');
  const out = extractiveAnswer(
    relevant,
    overview ? queryTerms(deps.segmenter, '总体情况 公开') : terms,
    reports,
    texts,
  );
  if (out.citations.length === 0) return refusal(`没有找到可以引用的原文。现有报告：${describeCorpus(corpus)}。`);
  if (!deps.llm) return { answer: out.answer, route: 'retrieval', citations: out.citations };
  // The LLM writes from the top passages, cited [n]; its answer must pass the citation check,
  // else the extractive answer stands and the reason is a warning.
  const t2 = now();
  const cited: Citation[] = relevant.slice(0, 4).map((p, i) => {
    const r = reports.get(p.reportId)!;
    return {
      n: i + 1,
      reportId: p.reportId,
      title: r.title,
      org: r.org,
      year: r.year,
      section: p.section,
      quote: p.text,
      start: p.start,
      end: p.end,
    };
  });
  const llm = await answerWithLlm(
    deps.llm,
    question,
    cited.map((c) => ({ n: c.n, title: c.title, section: c.section, quote: c.quote })),
    undefined,
    out.answer,
    onToken,
    deps.log,
  );
  timings.llmMs = elapsed(t2, now);
  return llm.warnings.length
    ? { answer: out.answer, route: 'retrieval', citations: out.citations, warnings: llm.warnings }
    : { answer: llm.text, route: 'retrieval', citations: cited };
}
