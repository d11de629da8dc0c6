import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { METRIC_BY_ID, METRICS } from '../domain/metrics.ts';
import type { ReportFilter, ReportInfo } from '../domain/ports.ts';
import type { QueryPlan } from '../domain/query-plan.ts';
import { answerWithLlm } from '../llm/answer.ts';
import { rewriteFollowUp } from '../llm/followup.ts';
import { llmPlan } from '../llm/planner.ts';
import type { Answer, Citation, Turn } from '../domain/types.ts';
import { describeCorpus, reportsOf, type CorpusIndex } from './corpus.ts';
import { findEntities, plansOf, type Entities } from './entities.ts';
import { extractiveAnswer } from './extractive.ts';
import { bestFact } from './facts.ts';
import { metadataAnswer } from './metadata.ts';
import { closestOrgs } from './org-match.ts';
import { resolveFollowUp } from './followup.ts';
import { findMetric, findMetrics, latestUnlessYears, parsePlan } from './plan.ts';
import { guardedEmbeddings, queryTerms, search, type RankedPassage, type SearchDeps } from './search.ts';
import { compilePlan } from './sql.ts';
import { sqlAnswer } from './sql-answer.ts';

export interface AskDeps extends SearchDeps {
  corpus(): Promise<CorpusIndex>;
  now?: () => number;
  /** The optional LLM: rewrites follow-ups, plans odd phrasings, writes verified narrative answers. */
  llm?: BaseChatModel;
  /** Where provider failures (LLM, embeddings) are logged; callers only see a generic warning. */
  log?: (line: string) => void;
}

export const MAX_QUESTION_CHARS = 500;
/** A passage must hold this share of the question's topic words to be quoted. */
export const MIN_COVERAGE = 0.5;
const PASSAGES = 6;

const NARRATIVE =
  /为什么|原因|如何|怎么|怎样|做了什么|做了哪些|哪些(?:措施|工作|问题|做法|举措|方面|亮点|经验|方式|渠道)|存在|问题|不足|短板|改进|整改|措施|举措|经验|亮点|介绍|说明|内容|方式|渠道|做法|情况如何|怎么样|哪些方面/;
const NUMERIC =
  /多少|几[件个份条项次起]?|数量|数目|合计|总共|一共|共计|总数|最多|最少|最高|最低|排名|排序|前\s*[\d一二三四五六七八九十]|变化|趋势|对比|比较|相比|占比|比例|率|为0|为零|不为|大于|超过|少于|小于|哪些(?:镇|乡|单位|报告)|哪个|分布|构成|平均/;
/** Things a question may count that are not 政府信息公开 applications, though worded alike. */
const NOT_APPLICATIONS = /提案|诉求|热线|12345|事项|服务中心|建议|满意|信访件|来电|工单/;

/** A question for an amount of money; and the units that are one. */
const MONEY = /多少钱|金额|罚没|罚款额|多少元|多少万元/;
const MONEY_UNITS = ['元', '万元'];
/** "涉及金额的申请有多少件" counts applications, whatever they are about. */
const COUNT_ASKED = /(?:多少|几)\s*(?:件|个|条|项|份|起)/;

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

const elapsed = (t0: number, now: () => number) => Math.round((now() - t0) * 100) / 100;

/**
 * The one entry point every client uses: question (+ history) → Answer. `onToken` receives the
 * text as an LLM writes it; the returned answer is the verified one (or the extractive fallback).
 */
export async function ask(
  given: AskDeps,
  question: string,
  history: Turn[] = [],
  onToken?: (text: string) => void,
): Promise<Answer> {
  const now = given.now ?? (() => performance.now());
  const t0 = now();
  const timings: Record<string, number> = {};
  const notes: string[] = [];
  const deps: AskDeps = { ...given, embeddings: guardedEmbeddings(given.embeddings, notes, given.log) };
  const done = (a: Omit<Answer, 'timings'>): Answer => {
    const warnings = [...(a.warnings ?? []), ...notes.filter((n) => !a.warnings?.includes(n))];
    return { ...a, ...(warnings.length ? { warnings } : {}), timings: { ...timings, totalMs: elapsed(t0, now) } };
  };
  const q = question.replace(/\s+/g, ' ').trim();
  if (q.length > MAX_QUESTION_CHARS)
    return done(refusal(`问题太长（${q.length} 字，上限 ${MAX_QUESTION_CHARS} 字），请精简后再问。`));
  if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(q))
    return done(refusal('请输入一个问题，例如：“花马池镇2021年行政处罚多少件？”'));

  const corpus = await deps.corpus();
  if (corpus.reports.length === 0) return done(refusal('库中还没有报告。请先导入年度报告（npm run ingest）。'));
  const rewritten = deps.llm && history.length ? await rewriteFollowUp(deps.llm, q, history, deps.log) : null;
  const resolved = rewritten ?? resolveFollowUp(q, history, corpus);
  const found = findEntities(resolved, corpus);
  // A figure asked for a year is that year's figure: only narrative questions read plans a year back.
  const entities = NUMERIC.test(resolved) ? found : plansOf(resolved, found, corpus);
  const missing = missingData(entities, corpus);
  const extra = resolved !== q ? { resolvedQuestion: resolved } : {};
  if (missing) return done({ ...refusal(missing), ...extra });
  if (entities.orgs.length) {
    const named = reportsOf(corpus, entities.orgs).filter(
      (r) => !entities.years.length || entities.years.includes(r.year!),
    );
    const meta = await metadataAnswer(resolved, named, deps.store);
    if (meta) return done({ ...meta, ...extra });
  }

  const t1 = now();
  let plan: QueryPlan | null = parsePlan(resolved, corpus, entities);
  const numeric = NUMERIC.test(resolved);
  const narrative = NARRATIVE.test(resolved);
  const named = findMetric(stripNames(resolved, entities, corpus));
  if (plan?.intent === 'lookup' && !numeric && named && WEAK.has(named.word)) plan = null;
  if (plan?.metric && /^(?:t3\.|d\.)/.test(plan.metric) && NOT_APPLICATIONS.test(resolved) && !/申请/.test(resolved))
    plan = null;
  if (deps.llm && (!plan || plan.confidence < 0.6) && numeric) {
    // The deterministic parser stays the default; the LLM planner only fills in where it gave up.
    const llmPlanned = await llmPlan(
      deps.llm,
      resolved,
      {
        orgs: corpus.orgs.map((o) => o.org),
        years: corpus.years,
        metrics: METRICS.map((m) => ({ id: m.id, name: m.name })),
      },
      deps.log,
    );
    if (llmPlanned)
      plan = latestUnlessYears({
        ...llmPlanned,
        notes: [...llmPlanned.notes, '查询计划由大模型生成，已按同一模式校验'],
      });
  }
  timings.parseMs = elapsed(t1, now);

  const filter: ReportFilter = {
    ...(entities.orgs.length ? { org: entities.orgs } : {}),
    ...(entities.years.length ? { year: entities.years } : {}),
  };
  const counted = plan?.metric ? METRIC_BY_ID.get(plan.metric) : undefined;
  const moneyNamed = findMetrics(resolved, corpus).some((m) => MONEY_UNITS.includes(m.unit));
  if (
    counted &&
    MONEY.test(resolved) &&
    !COUNT_ASKED.test(resolved) &&
    !moneyNamed &&
    !MONEY_UNITS.includes(counted.unit)
  ) {
    // Money asked of a metric that only counts (行政处罚 has no amount column): no table holds
    // it; a sum stated in the prose may, else the answer says the reports do not.
    const fact = bestFact(
      stripNames(resolved, entities, corpus),
      (await deps.store.facts(filter)).filter((f) => MONEY_UNITS.includes(f.unit)),
      await reportMap(deps, filter),
    );
    if (fact) return done({ answer: fact.answer, route: 'retrieval', citations: [fact.citation], ...extra });
    return done({
      ...refusal(`报告的表格只有「${counted.name}」（${counted.unit}），没有金额；所查报告的正文也没有写明相关金额。`),
      ...extra,
    });
  }
  if (plan && plan.confidence >= 0.6 && (!narrative || numeric)) {
    const metrics = findMetrics(resolved, corpus);
    if (metrics.length >= 2 && ['lookup', 'sum', 'compare', 'trend'].includes(plan.intent))
      return done({
        ...(await runSeveral(
          deps,
          plan,
          metrics.map((m) => m.id),
          /加|一共|总共|合计|加起来|共计|总和/.test(resolved),
          timings,
          now,
        )),
        ...extra,
      });
    return done({ ...(await runSql(deps, plan, timings, now)), ...extra });
  }
  if (plan && plan.confidence >= 0.6 && narrative) {
    const sql = await runSql(deps, plan, timings, now);
    const text = await retrieve(deps, resolved, entities, filter, corpus, timings, now, onToken);
    if (text.refused) return done({ ...sql, ...extra });
    const shifted = text.citations.map((c) => ({ ...c, n: c.n + sql.citations.length }));
    const body = text.answer.replace(/\[(\d+)\]/g, (_, n) => `[${Number(n) + sql.citations.length}]`);
    return done({
      ...sql,
      route: 'hybrid',
      answer: `${sql.answer}\n\n${body}`,
      citations: [...sql.citations, ...shifted],
      ...extra,
    });
  }
  if (numeric && !narrative) {
    const t2 = now();
    const reports = await reportMap(deps, filter);
    const fact = bestFact(stripNames(resolved, entities, corpus), await deps.store.facts(filter), reports);
    timings.factsMs = elapsed(t2, now);
    if (fact) return done({ answer: fact.answer, route: 'retrieval', citations: [fact.citation], ...extra });
  }
  // The plan's year stays a search word (bare digits: the year filter's words are stripped).
  const asked = entities !== found ? `${resolved} ${found.years.join(' ')}` : resolved;
  const text = await retrieve(deps, asked, entities, filter, corpus, timings, now, onToken);
  const shifted =
    entities !== found && !text.refused
      ? `（${found.years.join('、')}年的计划写在${entities.years.join('、')}年度的报告中。）\n\n`
      : '';
  return done({ ...text, answer: shifted + text.answer, ...extra });
}

function refusal(answer: string): Omit<Answer, 'timings'> {
  return { answer, route: 'none', refused: true, citations: [] };
}

/** An org or year the corpus lacks: the refusal that says what it does have. */
function missingData(e: Entities, corpus: CorpusIndex): string | null {
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
    return `库中没有${e.years.join('、')}年的报告，现有年份：${corpus.years.join('、')}。`;
  }
  return null;
}

async function runSql(
  deps: AskDeps,
  plan: QueryPlan,
  timings: Record<string, number>,
  now: () => number,
): Promise<Omit<Answer, 'timings'>> {
  const compiled = compilePlan(plan);
  const t = now();
  const rows = (await deps.store.query(compiled.sql, compiled.params)) as Parameters<typeof sqlAnswer>[1];
  timings.sqlMs = elapsed(t, now);
  const built = await sqlAnswer(plan, rows, compiled.keys, deps.store);
  const answer =
    rows.length === 0 && !['quality', 'count', 'filter'].includes(plan.intent)
      ? `所查报告中没有「${METRIC_BY_ID.get(plan.metric ?? '')?.name ?? plan.metric ?? ''}」这一项（可能是模板版本不同）。`
      : built.answer;
  return {
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
  metrics: string[],
  total: boolean,
  timings: Record<string, number>,
  now: () => number,
): Promise<Omit<Answer, 'timings'>> {
  const parts: Omit<Answer, 'timings'>[] = [];
  for (const metric of metrics) parts.push(await runSql(deps, { ...plan, metric, notes: [] }, timings, now));
  const citations: Citation[] = [];
  const texts = parts.map((p) => {
    const shift = citations.length;
    citations.push(...p.citations.map((c) => ({ ...c, n: c.n + shift })));
    return p.answer.replace(/\[(\d+)\]/g, (_, n) => `[${Number(n) + shift}]`);
  });
  const rows: Record<string, unknown>[] = parts.flatMap((p, i) =>
    (p.rows ?? []).map((r) => ({ metric: metrics[i], ...r })),
  );
  if (total) {
    const byReport = new Map<number, { who: string; sum: number | null }>();
    for (const r of rows) {
      const key = r.report_id as number;
      const e = byReport.get(key) ?? { who: `${r.org}${r.year}年`, sum: 0 };
      e.sum = e.sum === null || typeof r.value !== 'number' ? null : e.sum + (r.value as number);
      byReport.set(key, e);
    }
    const sums = [...byReport.values()];
    const grand = sums.every((x) => x.sum !== null) ? sums.reduce((a, x) => a + x.sum!, 0) : null;
    texts.push(
      sums.length === 1
        ? `两项合计 **${grand ?? '无法计算（有未填报）'}**。`
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

async function reportMap(deps: AskDeps, filter: ReportFilter): Promise<Map<number, ReportInfo>> {
  return new Map((await deps.store.reports(filter)).map((r) => [r.id, r]));
}

/** The question without the org and year words its filter already carries. */
function stripNames(q: string, _e: Entities, corpus: CorpusIndex): string {
  const out = corpus.namePattern ? q.replace(corpus.namePattern, ' ') : q;
  return out.replace(/20\d{2}\s*年度?/g, ' ').replace(/去年|今年|前年/g, ' ');
}

async function retrieve(
  deps: AskDeps,
  question: string,
  entities: Entities,
  filter: ReportFilter,
  corpus: CorpusIndex,
  timings: Record<string, number>,
  now: () => number,
  onToken?: (text: string) => void,
): Promise<Omit<Answer, 'timings'>> {
  const text = stripNames(question, entities, corpus).trim();
  const terms = queryTerms(deps.segmenter, text);
  const overview = terms.words.length === 0 && entities.orgs.length > 0;
  const t = now();
  const passages = await search(deps, overview ? '总体情况 主动公开 依申请公开' : text, filter, PASSAGES);
  timings.searchMs = elapsed(t, now);
  // A question for one precise thing (a name, a date, a phone number) needs all its words met.
  const need = /是谁|叫什么|名字|哪天|几号|电话|地址|多少钱/.test(question) ? 1 : MIN_COVERAGE;
  // Table rows are indexed so a search finds them, but their figures are answered from cells.
  const prose = passages.filter((p) => !p.section.startsWith('表') || /表/.test(question));
  const relevant = overview ? prose.filter((p) => p.section.startsWith('一')) : prose.filter((p) => p.coverage >= need);
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

/** The passages `ask` would rank for a question, best first (for evaluation of retrieval). */
export async function rankedPassages(deps: AskDeps, question: string, k: number): Promise<RankedPassage[]> {
  const corpus = await deps.corpus();
  const entities = findEntities(question, corpus);
  const filter: ReportFilter = {
    ...(entities.orgs.length ? { org: entities.orgs } : {}),
    ...(entities.years.length ? { year: entities.years } : {}),
  };
  return search(deps, stripNames(question, entities, corpus).trim(), filter, k);
}
