/**
 * Arithmetic people do in their heads on figures the reports state: a monthly average, a share, a
 * multiple, a difference, a sum of prose figures. Every operand is a cited cell or prose fact,
 * the formula is shown, and rounding is said; a division by zero is said in words.
 */
import { colLabel, hasTables, rowLabel, TABLE_TITLES, templateOfYear } from '../domain/catalogue.ts';
import { APPLICANT_COLUMNS, metricKeys, type Metric } from '../domain/metrics.ts';
import type { FactRow, ReportInfo, Store } from '../domain/ports.ts';
import type { Answer, Citation, Route } from '../domain/types.ts';
import type { CorpusIndex } from './corpus.ts';
import { parseCount } from '../domain/numerals.ts';
import { findEntities } from './entities.ts';
import { allItemsNamed, bestFact, channelFigures, factCitation, itemsPublished } from './facts.ts';
import { findMetric } from './plan.ts';
import { applicantIn } from './understand/metric-match.ts';
import { recite } from './cited.ts';

type Part = Omit<Answer, 'timings'>;

export type Operation = 'perMonth' | 'share' | 'multiple' | 'difference' | 'sum';

/** An operation asked and the phrases that name its operands, in the formula's order. */
export interface ArithmeticAsk {
  op: Operation;
  operands: string[];
  /** Words after the operation cue that every operand shares ("多多少件行政处罚" → 行政处罚). */
  tail: string;
  /** Decimal places the question asks the result in ("保留一位小数"), if it says. */
  decimals?: number;
}

const MONTH = /平均每一?个?月|每一?个?月平均|一个月平均|平均一个月|月均/;
const SUM = /一共|总共|合计|加起来|加在一起|共计|总和|之和/;
/** "A、B和C": the parts of a sum. */
const AND = /[、，,]|加(?=上一?年)|加上|以及|和|与|及|跟|加/;
/** "三个渠道", "两项", "这三样" closing a list: how many, not what. */
const COUNTED = /[这那]?[两二三四五六七八九十几\d]+\s*(?:个|项|家|类|种|条|块|样)?(?:渠道|平台|方面|单位|镇)?$/;

/** A list's count followed by what each part is: "…三个渠道公开的信息". */
const COUNTED_THEN = /^(.+?)[这那]?[两二三四五六七八九十几\d]+\s*(?:个|项|家|类|种|块|样)(?:渠道|平台|方面|单位)?(.+)$/;

/** Words that put a part within its whole: "B里", "B当中". */
const WITHIN = '(?:里面|当中|之中|里|中)';
/** A share asked without naming its whole: 占比, 占多大比例, 占几成, 比例是多少. */
const SHARE_ASKED =
  '(?:占比|所?占的?(?:比例|比重)|占了?(?:多大|多少)(?![条件个篇项次家人])的?(?:比例|比重)?|占几成|占了?百分之(?:几|多少)|比例(?:是|为)?(?:多少|几))';

/** How to round, said after the question ("保留一位小数"): every result says its own rounding. */
const ROUNDING =
  /[，,；;？?。]?(?:请|要求)?(?:保留|精确到|取)(?:小数点后)?([一二两三四\d])位(?:小数)?|[，,；;？?。]?四舍五入/g;
/** What a question is, said before it ("作业题：", "问："). */
const LABEL = /^[\u4e00-\u9fa5]{1,6}[：:](?=.)/;

/**
 * The operation a question asks for, with its operand phrases, or null. Shares: "A占B的百分之几"
 * and "B里A的占比"; multiples "A是B的几倍"; differences "A比B多多少"; sums "A和B一共".
 */
export function arithmeticAsk(question: string): ArithmeticAsk | null {
  return withDecimals(question, ask(question));
}

function withDecimals(question: string, found: ArithmeticAsk | null): ArithmeticAsk | null {
  const places = [...question.matchAll(ROUNDING)].find((m) => m[1])?.[1];
  const decimals = places ? (parseCount(places) ?? undefined) : undefined;
  return found && decimals !== undefined ? { ...found, decimals } : found;
}

/** A question's sentences: "…三类合计多少？其他信息占合计的百分之几" asks two operations. */
const SENTENCE_END = /(?<=[？?；;。！!])/;
/** An operand that names the previous sentence's result: 合计, 总数, 这个数. */
const BACK = /^(?:[这那上]?[个些]?(?:合计|总数|总和|总计|总量|数)|[三四五六两二]?[者项类样个]?合计)$/;
/** "公众号占比多少" after a sum: a share whose whole is that sum. */
const SHARE_OF_PREVIOUS =
  /^(.+?)的?(?:占比|所占比例|所占比重|占了?(?:多大|多少)(?![条件个篇项次家人])的?(?:比例|比重)?|占几成|占了?百分之(?:几|多少))(.*)$/;

/**
 * The operations a question asks, one per sentence, when every sentence asks one and a later one
 * may take the result before it ("其他信息占合计的百分之几", "公众号占比多少": a share of the sum);
 * else the one operation of the whole question, or null.
 */
export function arithmeticAsks(question: string): ArithmeticAsk[] | null {
  const sentences = question.split(SENTENCE_END).filter((s) => s.replace(/[\s？?；;。！!]/g, '') !== '');
  if (sentences.length >= 2) {
    const asks: ArithmeticAsk[] = [];
    for (const s of sentences) {
      const bare = s
        .replace(/\s+/g, '')
        .replace(ROUNDING, '')
        .replace(/[？?。！!；;]+$/, '');
      const of = asks.length ? SHARE_OF_PREVIOUS.exec(bare) : null;
      const found =
        ask(s) ??
        (of && !/[里中]/.test(of[1]!) ? { op: 'share' as const, operands: [of[1]!, ''], tail: of[2]! } : null);
      if (!found || (asks.length === 0 && found.operands.some(refersBack))) break;
      asks.push(withDecimals(s, found)!);
    }
    if (asks.length === sentences.length) return asks;
  }
  const listed = sumOfListed(sentences);
  if (listed) return [listed];
  const one = arithmeticAsk(question) ?? withDecimals(question, shareOfAll(question));
  return one ? [one] : null;
}

/**
 * "A、B、C各自公开了多少条？三个镇加起来一共多少条": a sum naming no parts of its own, after a
 * sentence listing them with what each is asked: that list is the sum's operands.
 */
function sumOfListed(sentences: string[]): ArithmeticAsk | null {
  if (sentences.length !== 2) return null;
  const last = sentences[1]!.replace(/\s+/g, '');
  const sum = SUM.exec(last);
  if (
    !sum ||
    last
      .slice(0, sum.index)
      .replace(COUNTED, '')
      .split(AND)
      .filter((p) => p !== '').length >= 2
  )
    return null;
  const list = /^(.+?)(?:分别|各自|各(?![种类项个级]))(.+?)[？?。！!；;]*$/.exec(sentences[0]!.replace(/\s+/g, ''));
  if (!list) return null;
  const parts = list[1]!.split(AND).filter((p) => p !== '');
  return parts.length >= 2 ? { op: 'sum', operands: parts, tail: list[2]! } : null;
}

/** "公众号占比多少", no whole named and no sum before it: a share of all that the report published. */
function shareOfAll(question: string): ArithmeticAsk | null {
  const bare = question
    .replace(/\s+/g, '')
    .replace(ROUNDING, '')
    .replace(/[？?。！!；;]+$/, '');
  const of = SHARE_OF_PREVIOUS.exec(bare);
  return of && !/[里中]/.test(of[1]!) ? { op: 'share', operands: [of[1]!, ALL_PUBLISHED], tail: of[2]! } : null;
}

/** The whole a share names none of: all that was published. */
const ALL_PUBLISHED = '全部公开的信息';

/** An operand that is the result before it, not a figure of its own. */
const refersBack = (phrase: string) => BACK.test(phrase.replace(/[的之]/g, ''));

/** The last clause of a phrase: what a framing clause before it (主动公开的信息中，) leads to. */
const lastClause = (phrase: string) =>
  phrase
    .split(/[，,]/)
    .filter((c) => c !== '')
    .at(-1) ?? phrase;

function ask(question: string): ArithmeticAsk | null {
  const q = question
    .replace(/\s+/g, '')
    .replace(ROUNDING, '')
    .replace(LABEL, '')
    .replace(/[？?。！!]+$/, '');
  const month = MONTH.exec(q);
  if (month)
    return { op: 'perMonth', operands: [q.slice(0, month.index) + q.slice(month.index + month[0].length)], tail: '' };
  // "A占B的百分之几"; with no B ("B里，A占百分之多少") the within form below reads it.
  const of =
    /^(.+?)占(?!了?(?:比|百分|多大|多少|几成)|的?(?:比例|比重))(.+?)的?(百分之(?:几|多少)|比例|比重|几成|多少(?![条件个篇项次家人])|百分比)(.*)$/.exec(
      q,
    );
  // "主动公开的信息中，重点领域信息占全部…": the part is what follows the clause that frames it;
  // "主动公开了多少条，占制作信息的百分之几": the clause before the cue is the part.
  if (of) return { op: 'share', operands: [lastClause(of[1]!), of[2]!], tail: of[4]! };
  // "A在B中占比多少": the part first, then where it is a part of.
  const inside = new RegExp(`^(.+?)在(.+?)${WITHIN}的?${SHARE_ASKED}(.*)$`).exec(q);
  if (inside) return { op: 'share', operands: [inside[1]!, inside[2]!], tail: inside[3]! };
  const within = new RegExp(`^(.+?)${WITHIN}的?(.+?)的?${SHARE_ASKED}(.*)$`).exec(q);
  if (within) return { op: 'share', operands: [within[2]!, within[1]!], tail: within[3]! };
  const times = /^(.+?)是(.+?)的(?:几|多少)倍(.*)$/.exec(q);
  if (times) return { op: 'multiple', operands: [times[1]!, times[2]!], tail: times[3]! };
  // A verb may stand between 多 and 多少 ("多公示了多少条"): it says what is counted.
  const more = /^(.+?)比(.+?)(多|少)([\u4e00-\u9fa5]{0,3}?)(?:了|出)?(?:多少|几)(.*)$/.exec(q);
  if (more) {
    // "主动公开的信息里，部门动态比公告公示多几条": as for a share, the part follows the framing clause.
    const first = lastClause(more[1]!);
    const [a, b] = more[3] === '多' ? [first, more[2]!] : [more[2]!, first];
    return { op: 'difference', operands: [a, b], tail: more[4]! + more[5]! };
  }
  // "A和B差几件", "A，和B相差多少": a gap.
  const gap = /^(.+?)[，,]?(?:和|与|跟|同)(.+?)的?(?:相差|差距|之差|差)(?:了|是)?(?:多少|几)(.*)$/.exec(q);
  if (gap) return { op: 'difference', operands: [gap[1]!, gap[2]!], tail: gap[3]! };
  // "主动公开71条，扣除重点领域信息39条以外，其余几类合计": the total less the part.
  const less =
    /^(.+?)[，,]?(?:扣除|除去|除了|去掉|减去|刨去)(.+?)(?:以外|之外|外)?[，,]?(?:其余|其他|剩下|剩余)(.*)$/.exec(q);
  if (less) return { op: 'difference', operands: [less[1]!, less[2]!], tail: '' };
  const sum = SUM.exec(q);
  if (sum) {
    // "A、B、C三个渠道公开的信息合计": what follows the count is said of every part.
    const list = q.slice(0, sum.index);
    const counted = /^(?:渠道|平台|方面|单位)$/.test(COUNTED_THEN.exec(list)?.[2] ?? '')
      ? null
      : COUNTED_THEN.exec(list);
    const parts = (counted ? counted[1]! : list)
      .split(AND)
      .map((p) => p.replace(COUNTED, ''))
      .filter((p) => p !== '');
    const tail = (counted?.[2] ?? '') + q.slice(sum.index + sum[0].length);
    if (parts.length >= 2) return { op: 'sum', operands: parts, tail };
  }
  return null;
}

/** A figure an operand resolved to, with where it stands. */
export interface Operand {
  /** "南郊镇2021年 本年新收政府信息公开申请数量". */
  label: string;
  value: number | null;
  unit: string;
  kind: 'cell' | 'fact';
  /** The report gives it as an approximate count (30余条). */
  approx: boolean;
  citation: Omit<Citation, 'n'>;
}

/** Rounding of every result: two decimal places, said in the answer when it takes any. */
export const DECIMALS = 2;

const round = (v: number, places = DECIMALS) => Math.round(v * 10 ** places) / 10 ** places;
const shown = (v: number, places = DECIMALS) => String(round(v, places));

/** Words that only ask or count ("多少条", "一共"), left out when an operand names no figure of its own. */
const ASKING = /多少|几|是|的|了|有|呢|吗|共|一共|总共|数量|数/g;

export interface ArithmeticDeps {
  store: Store;
  corpus: CorpusIndex;
}

/**
 * The answer to an arithmetic question, or null when the question asks none or an operand names
 * no figure the reports state (the other answerers then try). Sums and differences of table
 * cells alone are left to the query plans, which answer them already.
 */
export async function arithmeticAnswer(question: string, deps: ArithmeticDeps): Promise<Part | null> {
  const asks = arithmeticAsks(question);
  if (!asks) return null;
  const whole = findEntities(question, deps.corpus);
  const parts: Part[] = [];
  for (const [n, ask] of asks.entries()) {
    const previous = asks[n - 1];
    const part = await answerAsk(ask, whole, previous?.op === 'sum' ? previous.operands : null, asks.length > 1, deps);
    if (!part) return null;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0]! : joined(parts);
}

/** One operation's answer; `sum`: the operands of the sum before it, which a later share may take as its whole. */
async function answerAsk(
  ask: ArithmeticAsk,
  whole: ReturnType<typeof findEntities>,
  sum: string[] | null,
  compound: boolean,
  deps: ArithmeticDeps,
): Promise<Part | null> {
  // A share of a total made of listed parts ("占A、B、C三类合计的百分之几"), or of the sum asked
  // just before ("其他信息占合计的百分之几"): the parts are operands.
  const back = ask.op === 'share' && (ask.operands[1] === '' || refersBack(ask.operands[1]!)) ? sum : null;
  if (ask.op === 'share' && ask.operands[1] === '' && !back) return null;
  const summed = back ?? (ask.op === 'share' ? partsOf(ask.operands[1]!) : null);
  const named = summed ? [ask.operands[0]!, ...summed] : ask.operands;
  const phrases = named.map((p) => {
    const topic = topicOf(p, deps.corpus);
    return { e: findEntities(p, deps.corpus), topic: topic.replace(ASKING, '') === '' ? '' : topic };
  });
  // "公开的信息中，乡镇动态所占的比例": the whole is all items the report says it published.
  const allItems = ask.op === 'share' && !summed && allItemsNamed(phrases[1]!.topic || ask.operands[1]!);
  const operands: Operand[] = [];
  for (const { e, topic } of allItems ? phrases.slice(0, 1) : phrases) {
    // An operand naming only an org ("是花庄镇的几倍") takes another's figure; one naming only a
    // figure ("是办结数的几倍") takes another's org.
    const orgs = e.orgs.length ? e.orgs : (phrases.find((x) => x.e.orgs.length)?.e.orgs ?? whole.orgs);
    // One naming only an applicant ("新收的申请里自然人占几成") is that part of the other's figure.
    const wholeOf =
      !findMetric(topic) && applicantIn(topic) ? phrases.find((x) => x.topic && x.topic !== topic) : undefined;
    const of = wholeOf && findMetric(wholeOf.topic)?.metric.byApplicant ? wholeOf.topic : '';
    // A tail that is only a measure word ("多多少条") adds nothing to an operand naming its own figure.
    const tail = topic && /^[条件个篇项次家人]$/.test(ask.tail) ? '' : ask.tail;
    const what = of + (topic || phrases.find((x) => x.topic)?.topic || '') + tail;
    if (orgs.length !== 1 || what.replace(ASKING, '') === '') return null;
    // A share's part is one kind of what was published, never all of it.
    const found = await figure(orgs[0]!, e.years.length ? e.years : whole.years, what, deps, ask.op !== 'share');
    // A channel counted as a list of kinds is its kinds' sum: only a sum can take them as operands.
    if (!found || (found.length > 1 && ask.op !== 'sum')) return null;
    operands.push(...found);
  }
  if (allItems) {
    const whole = operands[0]!.kind === 'fact' ? await itemsOf(operands[0]!, deps) : null;
    if (!whole) return null;
    operands.push(...whole);
  }
  // Sums of cells, and one cell's difference between orgs, are the query plans' (sum, compare),
  // unless a later sentence builds on the sum.
  const cells = operands.every((o) => o.kind === 'cell');
  const oneKey = new Set(operands.map((o) => o.citation.cell?.key)).size === 1;
  if (!compound && cells && (ask.op === 'sum' || (ask.op === 'difference' && oneKey))) return null;
  return compute(ask.op, operands, ask.decimals);
}

/** Several operations' answers as one: each in turn, a quoted passage cited once. */
function joined(parts: Part[]): Part {
  const citations: Citation[] = [];
  const texts = parts.map((p) => recite(p, citations));
  const routes = new Set(parts.map((p) => p.route));
  return { answer: texts.join('\n\n'), route: routes.size === 1 ? parts[0]!.route : 'hybrid', citations };
}

/**
 * A whole said as listed parts, with a total word or none ("乡镇动态、公告公示、其他信息三项合计",
 * "乡镇动态、公告公示和其他信息里"): the parts; else null.
 */
function partsOf(phrase: string): string[] | null {
  // A whole defined in brackets by its parts: "全部待办申请（新收加上年结转）".
  const defined = /[（(]([^）)]+)[）)]$/.exec(phrase)?.[1];
  if (defined && defined.split(AND).length >= 2) return partsOf(defined);
  const total = /^(.+?)的?(?:合计|总和|之和|总计|总数|加起来)$/.exec(phrase);
  const parts = (total?.[1] ?? phrase)
    .split(AND)
    .map((p) => p.replace(COUNTED, ''))
    .filter((p) => p !== '');
  return parts.length >= 2 ? parts : null;
}

/** What an operand is about: its words without org, region and year names. */
function topicOf(phrase: string, corpus: CorpusIndex): string {
  const out = corpus.namePattern ? phrase.replace(corpus.namePattern, '') : phrase;
  return out.replace(/(?:20)?\d{2}\s*年度?|去年|今年|前年/g, '').replace(/^[的之]+/, '');
}

/**
 * All items published, in the report of a part of them: the total it states (when no smaller
 * than the part), else the parts it lists, the part among them; null when it states neither.
 */
async function itemsOf(part: Operand, deps: ArithmeticDeps): Promise<Operand[] | null> {
  const report = deps.corpus.reports.find((r) => r.id === part.citation.reportId);
  if (!report?.org || !report.year) return null;
  const facts = await deps.store.facts({ org: [report.org], year: [report.year] });
  const whole = itemsPublished(facts, report.id);
  if (!whole) return null;
  if ('total' in whole) return whole.total.value >= part.value! ? [factOperand(report, whole.total)] : null;
  return whole.parts.length >= 2 ? whole.parts.map((f) => factOperand(report, f)) : null;
}

/**
 * The figure an org's report gives for `what`: a table cell when a metric is named, else a prose
 * fact, or the facts of a channel's list of kinds (门户网站: 工作动态33条、乡镇建设12条、政策文件4条).
 */
async function figure(
  org: string,
  years: number[],
  what: string,
  deps: ArithmeticDeps,
  mayBeAll = true,
): Promise<Operand[] | null> {
  const entry = deps.corpus.byOrg.get(org)!;
  const year = years.length ? entry.years.find((y) => years.includes(y)) : entry.years.at(-1);
  const report = deps.corpus.reports.find((r) => r.org === org && r.year === year);
  if (!report) return null;
  const named = findMetric(what);
  if (named && !named.metric.per) {
    const word = named.metric.byApplicant ? applicantIn(what) : undefined;
    const cell = await cellFigure(report, named.metric, word?.id, deps.store);
    if (cell) return [cell];
  }
  const facts = await deps.store.facts({ org: [org], year: [report.year!] });
  // All that was published (主动公开了多少条信息): the total the report states, not one kind of it.
  const whole = mayBeAll && allItemsNamed(topicOf(what, deps.corpus)) ? itemsPublished(facts, report.id) : null;
  if (whole && 'total' in whole) return [factOperand(report, whole.total)];
  const fact = bestFact(what, facts, new Map([[report.id, report]]));
  return fact && channelFigures(what, fact.fact, facts).map((f) => factOperand(report, f));
}

/** A prose figure as an operand, labelled by the words before it. */
function factOperand(report: ReportInfo, f: FactRow): Operand {
  // A subject cut inside brackets ("微信公众号）公开") loses the unmatched one.
  const subject = f.subject
    .replace(/^[，,、：:（(\s]+/, '')
    .replace(/\s+/g, '')
    .replace(/^([^（(]*)[）)]/, '$1');
  const { n: _, ...citation } = factCitation(f, report);
  return {
    label: `${report.org}${report.year}年 ${subject || '正文所述'}`,
    value: f.value,
    unit: f.unit,
    kind: 'fact',
    approx: f.approx,
    citation,
  };
}

/**
 * A 表三 figure's applicant columns that are filled, each a cited operand: what a report whose
 * 总计 column is blank still states (自然人 9, 商业企业 5).
 */
export async function applicantParts(report: ReportInfo, metric: Metric, store: Store): Promise<Operand[]> {
  const parts: Operand[] = [];
  for (const a of APPLICANT_COLUMNS.filter((c) => c.cols.length === 1)) {
    const cell = await cellFigure(report, metric, a.id, store);
    if (cell && cell.value !== null) parts.push(cell);
  }
  return parts;
}

/** A report's table cell of a metric (its applicant column, if one), cited; null when it has none. */
async function cellFigure(
  report: ReportInfo,
  metric: Metric,
  applicantId: string | undefined,
  store: Store,
): Promise<Operand | null> {
  const template = report.template ?? (report.year ? templateOfYear(report.year) : null);
  if (!hasTables(template)) return null;
  const applicant = APPLICANT_COLUMNS.find((a) => a.id === applicantId);
  const { keys } = metricKeys(metric, template, applicant?.id);
  if (keys.length !== 1) return null;
  const [cell] = await store.cells(report.id, keys);
  if (!cell || cell.start === null || cell.end === null) return null;
  const text = (await store.reportText(report.id)) ?? '';
  const row = rowLabel(cell.table, cell.row, template);
  return {
    label: `${report.org}${report.year}年 ${metric.name}${applicant ? `（${applicant.name}）` : ''}`,
    value: cell.value,
    unit: cell.unit,
    kind: 'cell',
    approx: false,
    citation: {
      reportId: report.id,
      title: report.title,
      org: report.org,
      year: report.year,
      section: `${TABLE_TITLES[cell.table]} > ${row}`,
      quote: text.slice(cell.start, cell.end),
      start: cell.start,
      end: cell.end,
      cell: {
        key: cell.key,
        table: cell.table,
        row,
        col: colLabel(cell.table, cell.col, cell.row),
        value: cell.value,
        unit: cell.unit,
      },
    },
  };
}

/** Applies the operation, showing each operand with its citation and the formula. */
export function compute(op: Operation, operands: Operand[], decimals = DECIMALS): Part {
  const citations: Citation[] = [];
  const marks = operands.map((o) => {
    // Two figures of one quoted sentence share its citation; two cells of one printed row do not.
    const same = citations.find(
      (c) =>
        c.reportId === o.citation.reportId &&
        c.start === o.citation.start &&
        c.end === o.citation.end &&
        c.cell?.key === o.citation.cell?.key,
    );
    if (same) return `[${same.n}]`;
    citations.push({ ...o.citation, n: citations.length + 1 });
    return `[${citations.length}]`;
  });
  const lines = operands.map(
    (o, i) => `- ${o.label}：${o.value ?? '未填报'}${o.unit === '%' ? '%' : ` ${o.unit}`} ${marks[i]}`,
  );
  const route: Route = operands.every((o) => o.kind === 'cell')
    ? 'sql'
    : operands.every((o) => o.kind === 'fact')
      ? 'retrieval'
      : 'hybrid';
  const blank = operands.find((o) => o.value === null);
  if (blank) return { answer: [`${blank.label}未填报，无从计算。`, ...lines].join('\n'), route, citations };
  const v = operands.map((o) => o.value!);
  // A share's whole may be the sum of several parts (operands after the first).
  const [a, b] = op === 'share' ? [v[0]!, v.slice(1).reduce((s, x) => s + x, 0)] : (v as [number, number]);
  const whole = op === 'share' && v.length > 2 ? `(${v.slice(1).join(' + ')} = ${b})` : String(b);
  const unit = operands[0]!.unit === '%' ? '' : operands[0]!.unit;
  let head: string;
  if ((op === 'share' || op === 'multiple') && b === 0) {
    const divisor =
      v.length > 2
        ? `${operands
            .slice(1)
            .map((o) => o.label)
            .join('、')}合计`
        : operands[1]!.label;
    head = `${divisor}为 0，除数为零，${op === 'share' ? '占比' : '倍数'}无从计算。`;
  } else {
    const [result, formula, shape] =
      op === 'perMonth'
        ? [a / 12, `${a} ÷ 12`, (x: string) => `平均每月 **${x} ${unit}**`]
        : op === 'share'
          ? [(a / b) * 100, `${a} ÷ ${whole} × 100%`, (x: string) => `占 **${x}%**`]
          : op === 'multiple'
            ? [a / b, `${a} ÷ ${b}`, (x: string) => `是 **${x} 倍**`]
            : op === 'difference'
              ? [
                  a - b,
                  `${a} − ${b}`,
                  (x: string) => (a >= b ? `多 **${x} ${unit}**` : `少 **${shown(b - a, decimals)} ${unit}**`),
                ]
              : [v.reduce((s, x) => s + x, 0), v.join(' + '), (x: string) => `合计 **${x} ${unit}**`];
    const exact = round(result, decimals) === result;
    const rounding = exact ? '结果为精确值' : `四舍五入保留${decimals}位小数`;
    // Reports and people write one decimal (占33.9%, 月均160.9件): said that way too.
    const tenth = Math.round(result * 10) / 10;
    const printed =
      decimals > 1 && tenth !== round(result, decimals)
        ? `，约 ${tenth}${op === 'share' ? '%' : op === 'multiple' ? ' 倍' : ` ${unit}`}`
        : '';
    head = `${shape(shown(result, decimals))}${printed}（${formula} = ${exact ? shown(result, decimals) : `${result.toFixed(decimals + 2)}…`}，${rounding}）。`;
  }
  const notes = [
    ...(new Set(operands.map((o) => o.unit)).size > 1 ? ['（注意：各项单位不同，结果仅作参考。）'] : []),
    ...(operands.some((o) => o.approx) ? ['（原文有约数，结果也是约数。）'] : []),
  ];
  return { answer: [head, ...lines, ...notes].join('\n'), route, citations };
}
