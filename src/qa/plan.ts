import { CHINESE_NUMERAL_CHARS, parseCount } from '../domain/numerals.ts';
import { QueryPlanSchema, type QueryPlan } from '../domain/query-plan.ts';
import {
  APPLICANT_COLUMNS,
  METRICS,
  METRIC_BY_ID,
  T2_COL_WORDS,
  T2_ROW_WORDS,
  type Metric,
} from '../domain/metrics.ts';
import type { Level } from '../domain/catalogue.ts';
import { suffixPattern, UNIT_SUFFIXES } from '../domain/regions.ts';
import type { CorpusIndex } from './corpus.ts';
import { findEntities, type Entities } from './entities.ts';

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
 * The metric a question names (after removing org names): the longest synonym found, or a
 * 表二 row and column named apart ("制发了几件规章"), whichever matches more of the question.
 */
export function findMetric(q: string): { metric: Metric; word: string } | null {
  const synonym = SYNONYMS.find(([word]) => q.includes(word));
  const parts = t2Parts(q);
  if (parts && (!synonym || parts.score > synonym[0].length)) return { metric: parts.metric, word: parts.word };
  return synonym ? { metric: synonym[1], word: synonym[0] } : null;
}

function t2Parts(q: string): { metric: Metric; word: string; score: number } | null {
  let best: { metric: Metric; word: string; score: number } | null = null;
  for (const [row, words] of Object.entries(T2_ROW_WORDS)) {
    const rw = words.find((w) => q.includes(w));
    if (!rw) continue;
    const cols = METRICS.filter((m) => m.id.startsWith(`t2.${row}.`));
    for (const m of cols) {
      const col = m.id.split('.')[2]!;
      const cw = (T2_COL_WORDS[col] ?? []).find((w) => q.includes(w));
      const isDefault = m === cols[0];
      if (!cw && !isDefault) continue;
      const score = rw.length + (cw?.length ?? 0);
      if (!best || score > best.score) best = { metric: m, word: cw ? `${rw}…${cw}` : rw, score };
    }
  }
  return best;
}

function findApplicant(q: string): string | undefined {
  for (const a of [...APPLICANT_COLUMNS].sort(
    (x, y) => Math.max(...y.words.map((w) => w.length)) - Math.max(...x.words.map((w) => w.length)),
  )) {
    if (a.words.some((w) => q.includes(w))) return a.id;
  }
  return undefined;
}

/**
 * Several metrics named in one question ("行政处罚加行政强制", "新收、办理总计、结转下年度各是多少"),
 * in the order named; one or none when the question names fewer than two.
 */
export function findMetrics(question: string, corpus: CorpusIndex): Metric[] {
  const rest = corpus.namePattern ? question.replace(corpus.namePattern, '') : question;
  const parts = rest.split(/[、，,；;]|加上|加|和|及|与|以及/).filter((p) => p.trim() !== '');
  const found: Metric[] = [];
  for (const p of parts) {
    const m = findMetric(p)?.metric;
    if (m && !found.includes(m)) found.push(m);
  }
  return found;
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

  // "对得上吗/是否一致" asks the checks only of a table or its data, not of two figures compared.
  if (
    /勾稽|不一致|校验|数据质量|对不上|不平衡|有错误的报告|数据有误/.test(rest) ||
    (/对得上|是否一致|一致吗/.test(rest) && (/表[二三四]?|数据/.test(rest) || !findMetric(rest)))
  ) {
    return { intent: 'quality', ...base, confidence: 0.9 };
  }
  const template = /(?:2019|试行)\s*年?版|2019\s*年?(?:版)?(?:模板|格式)|试行/.test(rest)
    ? '2019'
    : /2021\s*年?版|2021\s*年?(?:版)?(?:模板|格式)/.test(rest)
      ? '2021'
      : undefined;
  if (template)
    base.notes.push(
      `${template}版模板 = ${template === '2019' ? '2019、2020年度报告所用的试行格式' : '2021年度起的格式'}`,
    );
  const countReports =
    /(?:几|多少)(?:份|个|篇)[^，。]{0,12}?(?:报告|年报)|(?:报告|年报)(?:有)?(?:几|多少)(?:份|个|篇)|有几个(?:镇|乡|单位)(?:的|有)|多少个(?:镇|乡|单位)的报告/.test(
      rest,
    ) ||
    /哪些报告|哪几份|有哪些[^，。]{0,8}(?:报告|年报)|(?:报告|年报)有哪些|列出[^，。]{0,8}(?:报告|年报)|都有哪些(?:镇|乡|单位)|哪些(?:镇|乡|单位)的(?:年报|报告)|是哪个镇的|哪个镇的(?:报告|年报)|各有哪个/.test(
      rest,
    );
  const kinds =
    /分布|构成|结构|各类|分别是|各项|明细|哪几类|哪些类|哪几种|哪些类型|什么类型|哪类|什么原因|原因是什么|哪些情形|什么情形/.test(
      rest,
    );
  const group = /不予公开|无法提供|不予处理|其他处理/.exec(rest)?.[0];
  const breakdown = kinds
    ? /申请人|自然人|法人|申请主体/.test(rest)
      ? 'applicants'
      : group
        ? 'group'
        : /办理结果|结果|处理|办理/.test(rest)
          ? 'results'
          : undefined
    : undefined;
  const found = findMetric(rest);
  const asksNumber = /多少|几/.test(rest);
  const applicantWord = findApplicant(rest);
  // "新收申请里有多大比例已经办结" names two figures: the rate is of the one that has a rate.
  const rated =
    found && /比例|百分比|占比|比率/.test(rest)
      ? METRIC_BY_ID.get(
          RATE_OF[SYNONYMS.find(([w, m]) => rest.includes(w) && RATE_OF[m.id])?.[1].id ?? found.metric.id] ?? '',
        )
      : undefined;
  // "自然人有几件" asks for applications by that applicant type.
  const metric =
    rated ??
    found?.metric ??
    (breakdown === 'applicants' || (applicantWord && asksNumber) ? METRIC_BY_ID.get('t3.new') : undefined);
  if (!found && !countReports && !breakdown && !template && !metric) return null;
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
  if (
    countReports &&
    !/最多|最少|合计|总共/.test(rest) &&
    !(found && /(?:为|是)\s*(?:0|零)|没有|不为|大于|超过/.test(rest))
  ) {
    plan.intent = 'count';
    delete plan.metric;
    return withTemplate(plan);
  }
  const topK = TOP_K.exec(rest);
  // "有没有结转" asks whether there is any, not for the reports that have none.
  const yesNo = /有没有|是否有|是否存在|有无/.test(rest);
  const asked = rest.replace(/有没有|是否有|是否存在|有无/g, '');
  const zero =
    /(?:为|是|等于)\s*(?:0|零)|没有|没收到|未收到|一件(?:都|也)没|无申请|零申请|空白/.test(asked) &&
    !/不为|不是\s*(?:0|零)/.test(asked);
  const nonzero = /不为\s*(?:0|零)|不是\s*(?:0|零)|非零|有(?:收到)?申请的|收到了申请|收到过|有[^，。]{0,6}情形/.test(
    rest,
  );
  const many = entities.orgs.length !== 1;
  const cmp = /(大于|超过|多于|高于|少于|小于|低于|至少|不少于)\s*(\d+)/.exec(rest);
  if (yesNo && entities.orgs.length === 1 && entities.years.length <= 1 && !zero && !nonzero && !cmp) {
    plan.yesNo = true;
  } else if (yesNo && many && !zero && !nonzero && !cmp) {
    plan.intent = 'filter';
    plan.filter = { op: '>', value: 0 };
    plan.yesNo = true;
  } else if ((zero || nonzero || cmp) && /哪些|哪几个|哪个|有没有|列出|名单|有哪|有几个|几个镇/.test(rest)) {
    plan.intent = 'filter';
    const n = Number(cmp?.[2] ?? 0);
    plan.filter = cmp
      ? { op: /大于|超过|多于|高于/.test(cmp[1]!) ? '>' : /少于|小于|低于/.test(cmp[1]!) ? '<' : '>=', value: n }
      : nonzero
        ? { op: '!=', value: 0 }
        : { op: '=', value: 0 };
  } else if (
    /哪些|有哪|列出|名单/.test(rest) &&
    /(?:镇|乡|单位|报告)/.test(rest) &&
    many &&
    !/最多|最少|最高|最低/.test(rest)
  ) {
    plan.intent = 'filter';
    plan.filter = { op: '>', value: 0 };
  } else if (topK || /排名|排序|排行|从高到低|从多到少|从少到多|从低到高/.test(rest)) {
    plan.intent = 'rank';
    plan.order = /从少到多|从低到高|升序|最少/.test(rest) ? 'asc' : 'desc';
    if (topK) plan.k = Math.min(100, Math.max(1, parseCount(topK[1]!) || 1));
  } else if (/最多|最高|最大|第一|之最|领先/.test(rest) && many) {
    plan.intent = 'max';
  } else if (/最少|最低|最小/.test(rest) && many) {
    plan.intent = 'min';
  } else if (/合计|总共|一共|共计|加起来|总和|累计/.test(rest) && (many || entities.years.length >= 2)) {
    // A total asked over several orgs or years, even "2021年以来" or "近三年".
    plan.intent = 'sum';
  } else if (/变化|趋势|历年|逐年|每年|近\S?年|以来|增减|增长|下降|走势/.test(rest) && entities.years.length !== 1) {
    plan.intent = 'trend';
  } else if (entities.orgs.length >= 2 || (entities.years.length >= 2 && /比|对比|相比|较|和|与/.test(rest))) {
    plan.intent = 'compare';
  } else if (/平均/.test(rest) && many) {
    plan.intent = 'avg';
  } else if (/合计|总共|一共|共计|总计|加起来|累计|总和|全部|所有|各镇|全县|全区/.test(rest) && many) {
    plan.intent = 'sum';
  } else if (many && entities.orgs.length === 0 && /各|每个|分别/.test(rest)) {
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
