import type { FactRow, ReportInfo } from '../domain/ports.ts';
import type { Citation } from '../domain/types.ts';
import { suffixPattern, UNIT_SUFFIXES } from '../domain/regions.ts';
import { PUBLISHING_CHANNEL, QUERY_SYNONYMS } from '../domain/terms.ts';
import { charBigrams } from '../retrieval/features.ts';
import { levelAsked } from './plan.ts';
import { orgLabel } from '../domain/org-names.ts';
import { recite } from './cited.ts';

/** Words that ask for a number but say nothing of what is counted. */
const ASKING =
  /(?:多少|几)[条件个篇项次家]?|数量|是多少|有多少|共计|一共|总共|分别|各|吗|呢|\d*\s*年(?<!历年)|件数|条数|大概|大约|大致|左右|相关|有关|涉及|一年|全年/g;

const UNIT_WORDS: [RegExp, string[]][] = [
  [/条|信息|发布|公开/, ['条']],
  [/件|诉求|申请|提案|案/, ['件']],
  [/率|比例|百分/, ['%']],
  [/人次/, ['人次']],
  [/次|场|期/, ['次', '场', '期']],
  [/个/, ['个']],
  [/万元|元|金额|费|资金/, ['万元', '元']],
];

/**
 * What a figure in prose can measure: the words a question names it by, the words next to the
 * number that say it is that, and the units it comes in. A prose figure answers a question for
 * one of these only when its own words and unit say it measures the same thing.
 */
interface Measure {
  name: string;
  asked: RegExp;
  said: RegExp;
  units: string[];
  /** Words next to a figure that say it measures something else. */
  not?: RegExp;
  /** Units that say what is measured without words ("其中包括：…1条，…13条"). */
  bare?: string[];
}

const MEASURES: Measure[] = [
  {
    name: '访问量',
    asked: /访问|访客|浏览量|点击量|点击率/,
    said: /访问|访客|浏览|点击/,
    units: ['次', '人次', '万次'],
  },
  { name: '阅读量', asked: /阅读/, said: /阅读/, units: ['次', '人次', '万次'] },
  { name: '关注人数', asked: /关注人数|关注量|粉丝|订阅/, said: /关注|粉丝|订阅|用户/, units: ['人', '户', '万人'] },
  { name: '答复率', asked: /答复率|回复率/, said: /答复率|回复率/, units: ['%'] },
  { name: '满意率', asked: /满意/, said: /满意/, units: ['%'] },
  { name: '办结率', asked: /办结率/, said: /办结率/, units: ['%'] },
  { name: '诉求件数', asked: /诉求|工单/, said: /诉求|工单/, units: ['件', '个', '条'] },
  { name: '新闻发布会场次', asked: /发布会/, said: /发布会/, units: ['场', '次'] },
  { name: '政策解读数', asked: /解读/, said: /解读/, units: ['个', '篇', '条', '件', '期', '次'] },
  { name: '提案件数', asked: /提案/, said: /提案/, units: ['件', '起'] },
  { name: '信息处理费', asked: /处理费/, said: /处理费/, units: ['元', '万元'] },
  {
    name: '政务新媒体个数',
    asked: /(?:新媒体|公众号|账号)[^，。？]*(?:几|多少)个/,
    said: /新媒体|公众号|账号/,
    units: ['个'],
  },
];
/** Items published: the most common prose figure, asked in many ways. */
const ITEMS: Measure = {
  name: '公开信息条数',
  asked: /信息|公开|发布|发了|公示|动态|推送/,
  said: /信息|公开|发布|公示|动态|推送/,
  units: ['条', '篇', '件'],
  bare: ['条', '篇'],
  not: /申请|诉求|复议|诉讼|办件|答复|办理|规章|文件/,
};
/**
 * Where a question's clauses part: punctuation, 其中, a 、 before another count asked (几期…、几次…),
 * or a space between words (typed or spoken without punctuation).
 */
export const SPOKEN_CLAUSE = /[，,；;]|其中|、(?=多少|几)|(?<=\p{Script=Han})\s+(?=\p{Script=Han})/u;
/** The clauses of a question: parted where SPOKEN_CLAUSE or a sentence's end parts them. */
export const questionClauses = (question: string) =>
  question.split(new RegExp(`${SPOKEN_CLAUSE.source}|[？?。！!]`, 'u')).filter((c) => c.trim() !== '');
/** The clauses of a question that each ask a figure. */
export const figureClauses = (question: string) => questionClauses(question).filter((c) => FIGURE_ASKED.test(c));
/** A question for a figure at all ("由哪个部门负责公开" is not one). */
const FIGURE_ASKED = /多少|几|数量|数|量|率|比例|金额|费/;
/** A figure whose parts follow it ("上传信息64条,其中部门工作59条", "59条(其中…)") is their total. */
const PARTS_FOLLOW = /^[条件篇个]?[，,：:（(]?\s*其中/;
/**
 * The words after a figure up to the clause's end: what a measure word (家, 项) counts. Words that
 * run into a next figure of the same unit are its own (工作动态404条信息公开目录信息1062条), not
 * into one of another (26家行政机关…公开信息5994条).
 */
const countedAfter = (f: FactRow) => {
  const rest = f.sentence.slice(f.end - f.sentenceStart).replace(/\s+/g, '');
  const words = /^[^，,、。；;：:（(\d]{0,20}/.exec(rest)![0];
  const next = /^[\d.]+(?:余|多)?([\u4e00-\u9fff])/.exec(rest.slice(words.length));
  return next && f.unit.startsWith(next[1]!) ? '' : words;
};
const after = (f: FactRow) => f.sentence.slice(f.end - f.sentenceStart, f.end - f.sentenceStart + 6);
/** The words by which a report states a total. */
const TOTAL_SAID = /共|累计|总计|合计|全年/;
const RANK_ASKED = /最多|最少|最高|最低|哪(?:个|家|一家|边)[^，。？]*[多少]|谁[^，。？]{0,12}[多少]|排名/;
/** The fewest asked for: 最少, 谁…少 (not the 少 of 多少). */
const FEWEST_ASKED = /最少|最低|(?:谁|哪(?:个|家|一家|边))[^，。？]{0,12}(?<!多)少/;
/** A gap asked between the two ranked: 多多少, 差多少, 相差几. */
const GAP_ASKED = /[多少差](?:了|出)?(?:多少|几)|相差|差距/;

export interface FactAnswer {
  fact: FactRow;
  answer: string;
  citation: Citation;
}

/** The answer from prose figures: the figures, each cited; or a refusal saying what is not stated. */
export interface ProseAnswer {
  answer: string;
  citations: Citation[];
  refused: boolean;
}

/** The measures a question names (the specific ones; items published only when none is named). */
export function measuresAsked(question: string): Measure[] {
  // 哪个公开的信息多 asks figures to rank, as 多少 asks one.
  if (!FIGURE_ASKED.test(question) && !RANK_ASKED.test(question)) return [];
  // Units are read in the clause that names the measure: "受理多少诉求，答复率…" asks 件 and %.
  const clauses = question.split(/[，,、；;？?]|和|及/);
  // A clause naming no unit takes the unit of the one clause that asks ("梳理了多少家…单位和…公开事项").
  const asking = clauses.filter((c) => FIGURE_ASKED.test(c));
  const askedUnits = asking.length === 1 ? unitsNamed(asking[0]!) : [];
  const fits = (m: Measure) =>
    clauses.some((c) => {
      const own = unitsNamed(c);
      const units = own.length ? own : askedUnits;
      return m.asked.test(c) && (!units.length || m.units.some((u) => units.includes(u)));
    });
  const at = (m: Measure) => question.search(m.asked);
  const named = MEASURES.filter(fits).sort((a, b) => at(a) - at(b));
  const rate = rateAsked(question);
  return named.length ? named : rate ? [rate] : fits(ITEMS) ? [ITEMS] : [];
}

/**
 * A rate no measure above names (全文电子化率, 公开率): a percentage whose own words hold the two
 * characters before 率, as the question writes them.
 */
function rateAsked(question: string): Measure | null {
  const before = /([\u4e00-\u9fa5]{2,6})率/.exec(question)?.[1];
  if (!before) return null;
  const word = new RegExp(`${before.slice(-2)}率`);
  // Named as the question writes it, from after its last particle: 全文电子化率.
  const last = before.split(/[的了是在]/).at(-1)!;
  const name = `${last.length >= 2 ? last : before.slice(-2)}率`;
  return { name, asked: word, said: word, units: ['%'] };
}

/** Units the question says outright: 多少条, 几个, a rate, an amount of money. */
function unitsNamed(q: string): string[] {
  // "这几个镇" counts the units asked about, not the figure.
  const out = [...q.matchAll(ASKED_UNIT)].map((m) => m[1]!);
  if (/率|比例/.test(q)) out.push('%');
  if (/钱|金额|费|[万]?元/.test(q)) out.push('元', '万元');
  return out;
}

/** 几条, 多少个 — not followed by a unit of government (几个镇, 多少个部门). */
const ASKED_UNIT = new RegExp(
  `(?:多少|几)\\s*([条件个次场期篇人家项所名位户])(?!${Object.values(UNIT_SUFFIXES).flat().join('|')}|部门|单位)`,
  'g',
);

const unitsAsked = (q: string) => UNIT_WORDS.filter(([re]) => re.test(q)).flatMap(([, u]) => u);

/**
 * The words right before a figure: from the figure before it in the same sentence (or the
 * sentence start, or a semicolon) to it, so "公开栏公示 70 余条，政务新媒体公开 460 余条" gives each its own words.
 */
export function contextOf(f: FactRow, all: FactRow[]): string {
  const before = all
    .filter((o) => o.reportId === f.reportId && o.sentenceStart === f.sentenceStart && o.end <= f.start)
    .reduce<FactRow | null>((a, o) => (!a || o.end > a.end ? o : a), null);
  const prev = before?.end ?? f.sentenceStart;
  // A semicolon ends a clause as a figure does: "…法规文件…;全年共发布信息59条" counts items, not 文件;
  // so does 其中, which opens the parts: "…包括门户网站和微信公众号等,其中,门户网站公开125条".
  const between = f.sentence.slice(prev - f.sentenceStart, f.start - f.sentenceStart).replace(/\s+/g, '');
  // What the figure before counts, up to a break (收到90件申请，已办结86件: 申请), is its own, not
  // this one's; words that run on into this figure (26家行政机关…公开信息5994条) are both's.
  const counted = before ? countedAfter(before) : '';
  const ownEnd = counted && between.startsWith(counted) && /^[，,、]/.test(between.slice(counted.length));
  const words = ownEnd ? between.slice(counted.length) : between;
  const after = (mark: string) => (words.includes(mark) ? words.lastIndexOf(mark) + mark.length : 0);
  return words.slice(Math.max(after('；'), after(';'), after('其中')));
}

/** The figures whose own words (the clause before the number, what it counts after) hold one of `words`. */
export function factsNaming(words: string[], facts: FactRow[]): FactRow[] {
  const named = words.filter((w) => w.length >= 2);
  return facts.filter((f) => {
    // What the figure counts may follow it (收到90件申请).
    const own = contextOf(f, facts) + countedAfter(f);
    return named.some((w) => own.includes(w));
  });
}

/** Whether a figure measures `m`; a word that says it is something else does not, unless the question asks that thing (政策文件). */
const measures = (m: Measure, f: FactRow, context: string, question = '') => {
  const other = m.not ? new RegExp(m.not.source, 'g') : null;
  // What is counted may follow the figure: "共5起建议提案", "共收到1条政府信息公开申请" (not items).
  const elsewise = ((context + countedAfter(f)).match(other ?? /$^/) ?? []).filter((w) => !question.includes(w));
  const said = m.said.test(context) || m.said.test(countedAfter(f));
  return m.units.includes(f.unit) && (m.bare?.includes(f.unit) || said) && elsewise.length === 0;
};

/**
 * Prose figures that answer the question: for each thing it asks to be measured, the figures
 * whose own words and unit measure it. A report that states only parts of a total asked for
 * gets the parts, said to be parts. A thing no figure measures is refused, naming it, with what
 * the reports do state on the topic. Null when the question names no such thing and no figure
 * shares enough of its words (then passages answer it).
 */
export function factAnswer(question: string, facts: FactRow[], reports: Map<number, ReportInfo>): ProseAnswer | null {
  const kinds = kindsAnswer(question, facts, reports);
  if (kinds) return kinds;
  // "主动公开了多少条，其中工作动态几条": each clause asks its own figure of one measure (several
  // measures are told apart in one pass).
  // "门户网站、公开栏和公众号分别公开了多少条": each item listed, with what is asked of all.
  // The list is what follows the last clause break before 各; what precedes it asks on its own
  // ("受理了多少人次咨询？现场咨询和电话咨询各多少人次").
  const listed = /^(.+?)(?:分别|各自|各(?![种类项个级]))(.+)$/.exec(question);
  const before = listed?.[1] ?? '';
  const cut = Math.max(...[...'？?。！!；;'].map((c) => before.lastIndexOf(c))) + 1;
  const split = (list: string) => list.split(/[、，,]|和|及|与/).filter((x) => x.trim() !== '');
  // "公开了多少乡镇动态、公告公示和其他信息": a list with 、 after the count asks each of it.
  const after = listed ? null : (COUNT_THEN_LIST.exec(question) ?? COUNT_THEN_PAIR.exec(question));
  // "多少件人大代表建议和政协提案的办理结果": what follows the last item's 的 is said of every item.
  const shared = after && !after[2]!.includes('、') ? (/的[^和及与的]+$/.exec(after[2]!)?.[0] ?? '') : '';
  // "说主动公开了71条，按分类看，重点领域信息和会议各占几条": clauses before the list that name
  // no item of their own frame it.
  const segments = before.slice(cut).split(/[，,]/);
  const itemNamed = (x: string) => namedItem(x, x + (listed?.[2] ?? ''), facts, reports) !== null;
  const framing: string[] = [];
  while (segments.length > 1 && !FIGURE_ASKED.test(segments[0]!) && !split(segments[0]!).some(itemNamed))
    framing.push(segments.shift()!);
  // A figure the question itself states there ("说主动公开了71条") is shown as the report states it.
  const stated = framing.map((c) => statedFigure(c, facts, reports)).filter((a) => a !== null);
  const items = after ? split(after[2]!.slice(0, after[2]!.length - shared.length)) : split(segments.join('，'));
  const clauses = after
    ? items.map((x) => after[1] + x + shared)
    : items.length >= 2
      ? [...figureClauses(before.slice(0, cut)), ...items.map((x) => x + (listed?.[2] ?? ''))]
      : figureClauses(question);
  if (clauses.length < 2 || measuresAsked(question).length > 1) return oneAnswer(question, facts, reports);
  const firstItem = clauses.length - (items.length >= 2 ? items.length : 0);
  const byName = clauses.map((c, n) => (n >= firstItem ? namedItem(items[n - firstItem]!, c, facts, reports) : null));
  // A pair joined by 和 may be one figure ("建议和提案72件"): it is two only when each is named by a figure of its own.
  const pair = after !== null && !after[2]!.includes('、');
  if (pair && (byName.some((a) => !a) || new Set(byName.map((a) => a!.answer)).size < byName.length))
    return oneAnswer(question, facts, reports);
  // Items one figure counts together (专题会议、部门会议: 专题会议和部门会议13条) are said once.
  const answers = [
    ...stated,
    ...clauses
      .map((c, n) => byName[n] ?? oneAnswer(c, facts, reports, n > 0 ? measuresAsked(clauses[n - 1]!) : []))
      .filter((a, n, all) => !a || n < firstItem || all.findIndex((b) => b?.answer === a.answer) === n),
  ];
  if (answers.some((a) => !a || a.refused)) return oneAnswer(question, facts, reports);
  const citations: Citation[] = [];
  const texts = answers.map((a) => recite(a!, citations));
  const note = /\n\n（这[些一]数字来自报告正文[^）]*）$/;
  const notes = texts.map((t) => note.exec(t)?.[0] ?? '');
  // The report is named once when every figure is of the same one.
  const named = /^[^：*\n]{2,40}?\d{4}年：/;
  const bodies = texts.map((t) => t.replace(note, '').replace(/。$/, ''));
  const first = named.exec(bodies[0]!)?.[0];
  const joined = bodies.map((b, n) => (n > 0 && first && b.startsWith(first) ? b.slice(first.length) : b));
  return {
    answer: `${joined.join('；')}。${(notes.find((n) => n) ?? '').replace('这一数字', '这些数字')}`,
    citations,
    refused: false,
  };
}

/**
 * An item of a list asked (县直单位和乡镇分别公开多少条): the one figure whose own words name the
 * item (其中县直单位公开23264条), when exactly one does; else null.
 */
function namedItem(
  item: string,
  clause: string,
  facts: FactRow[],
  reports: Map<number, ReportInfo>,
): ProseAnswer | null {
  const name = item.replace(/^.*\d{4}\s*年度?/, '').trim();
  if (name.length < 2) return null;
  const m = measuresAsked(clause)[0] ?? ITEMS;
  const measured = facts.filter((f) => measures(m, f, contextOf(f, facts), clause));
  // The item's words as printed, else in order with at most as many others between ("政协提案": 政协委员提案).
  const loose = new RegExp([...name].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.{0,2}'));
  const exact = measured.filter((f) => contextOf(f, facts).includes(name));
  const own = exact.length ? exact : measured.filter((f) => loose.test(contextOf(f, facts)));
  if (own.length !== 1) return null;
  const cite = citer(reports);
  const said = figure(own[0]!, contextOf(own[0]!, facts), cite);
  return { answer: `${said}。\n\n（这一数字来自报告正文，不在统计表中。）`, citations: cite.citations, refused: false };
}

/**
 * A figure a clause of the question states (说主动公开了71条) as the one figure of that value and
 * unit whose own words share two characters running with the clause; else null.
 */
function statedFigure(clause: string, facts: FactRow[], reports: Map<number, ReportInfo>): ProseAnswer | null {
  const own = statedFact(clause, facts);
  if (!own) return null;
  const cite = citer(reports);
  return { answer: figure(own, contextOf(own, facts), cite), citations: cite.citations, refused: false };
}

function statedFact(clause: string, facts: FactRow[]): FactRow | null {
  const bare = clause.replace(/(?:19|20)\d{2}\s*年度?/g, '');
  const said = /(\d+(?:\.\d+)?)\s*([条件篇个项次])/.exec(bare);
  if (!said) return null;
  const words = bare.slice(0, bare.indexOf(said[0]));
  const pairs = [...words].slice(1).map((c, i) => words[i] + c);
  const own = facts.filter(
    (f) => f.value === Number(said[1]) && f.unit === said[2] && pairs.some((p) => contextOf(f, facts).includes(p)),
  );
  return own.length === 1 ? own[0]! : null;
}

/** The kinds of a figure asked: 分别是哪几类, 包括哪些种类, 各几条 after the figure. */
const KINDS_ASKED =
  /^(.+?)(?:分别|都|各自)?(?:是|有|包括|包含|分为|分成)?(?:哪几类|哪些类|哪几种|哪些种类|哪几个类别|什么类别)/;

/**
 * The figure a question states or names, with the parts the report lists right after it
 * (主动公开政务信息8条，其中：办事指南1条；…工作动态5条), when it asks what kinds it holds; else null.
 */
function kindsAnswer(question: string, facts: FactRow[], reports: Map<number, ReportInfo>): ProseAnswer | null {
  const asked = KINDS_ASKED.exec(question.replace(/\s+/g, ''));
  if (!asked) return null;
  const whole = statedFact(asked[1]!, facts) ?? bestFact(asked[1]!, facts, reports)?.fact;
  if (!whole) return null;
  const ofUnit = (f: FactRow) => f.reportId === whole.reportId && f.unit === whole.unit;
  const after = facts
    .filter((f) => ofUnit(f) && f.sentenceStart === whole.sentenceStart && f.start > whole.end)
    .sort((a, b) => a.start - b.start);
  // The parts may open the next sentence ("…71条，全文电子化率达100%。其中包括：…1条，…13条").
  const next = facts
    .filter((f) => ofUnit(f) && f.sentenceStart >= whole.sentenceEnd && f.sentenceStart - whole.sentenceEnd <= 2)
    .sort((a, b) => a.start - b.start);
  const opensHere =
    after[0] &&
    /其中/.test(whole.sentence.slice(whole.end - whole.sentenceStart, after[0].start - whole.sentenceStart));
  const opensNext = after.length === 0 && next[0] && /^\s*其中/.test(next[0].sentence);
  const parts = opensHere ? after : opensNext ? next : [];
  if (parts.length < 2) return null;
  const cite = citer(reports);
  const said = [whole, ...parts].map((f) => figure(f, contextOf(f, facts), cite));
  return {
    answer: `${said[0]}，其中：${said.slice(1).join('；')}。\n\n（这些数字来自报告正文，不在统计表中。）`,
    citations: cite.citations,
    refused: false,
  };
}

/** The noun a count ends the question with: 收到多少条留言 → 留言. */
const COUNTED_NOUN = /(?:多少|几)[条件个篇项次家人名份]?([\u4e00-\u9fff]{2,6}?)[？?。！!，,呢吗]*$/;

/** The act a count of items asks: 主动公开, 发布, 公示… (the longest first). */
const ACT_ASKED = /主动公开|依申请公开|公开|发布|公示|推送|上传/;

/** The count asked, then a list holding a 、 that ends the question: what each item is counted by. */
const COUNT_THEN_LIST = /^([^，,。；;？?]*?(?:多少|几)[条件个项篇次]?)([^，,。；;？?]*、[^，,。；;？?]*?)[？?。！!]*$/;
/** The count asked, then two things joined by 和 that end the question. */
const COUNT_THEN_PAIR =
  /^([^，,。；;？?]*?(?:多少|几)[条件个项篇次]?)([^，,。；;？?和]{2,}(?:和|及|与)[^，,。；;？?和]{2,}?)[？?。！!]*$/;

function oneAnswer(
  question: string,
  facts: FactRow[],
  reports: Map<number, ReportInfo>,
  /** The measures of the clause before, for one that names none ("公开了多少条，网上的有几条"). */
  before: Measure[] = [],
): ProseAnswer | null {
  const own = measuresAsked(question);
  const asked = own.length ? own : before;
  if (asked.length === 0) return single(bestFact(question, facts, reports));
  const cite = citer(reports);
  const said: string[] = [];
  const missing: Measure[] = [];
  for (const m of asked) {
    const fitting = facts.filter((f) => measures(m, f, contextOf(f, facts), question));
    const scored = fitting
      .map((f) => ({ f, score: topicScore(question, f, contextOf(f, facts)) }))
      .sort((a, b) => b.score - a.score);
    // Few words in common with the best figure: one figure that fits better, unless reports are ranked.
    const ranked = RANK_ASKED.test(question) && new Set(scored.map((x) => x.f.reportId)).size >= 2;
    // A channel or kind named (门户网站, 公众号, 乡镇动态) picks the figures whose own words name it.
    const hits = (x: Scored) => channelHits(question, x.f, facts, m);
    const most = Math.max(0, ...scored.map(hits));
    if (m === ITEMS && !ranked && most === 0 && (scored.length === 0 || scored[0]!.score < 2))
      return single(bestFact(question, facts, reports));
    if (scored.length === 0) {
      missing.push(m);
      continue;
    }
    if (most > 0) scored.sort((a, b) => hits(b) - hits(a) || b.score - a.score);
    const best = scored[0]!;
    const ofReport = (id: number) => scored.filter((x) => x.f.reportId === id);
    if (RANK_ASKED.test(question) && new Set(scored.map((x) => x.f.reportId)).size >= 2) {
      // A channel named (公众号) ranks each report's figure for it, not the reports' totals.
      const named = most > 0 ? scored.filter((x) => hits(x) === most) : scored;
      said.push(ranking(m, named, facts, question, reports, cite, most > 0));
      continue;
    }
    // A channel named whose figure opens a list of kinds ("门户网站公开工作动态33条、乡镇建设12条、政策文件4条"):
    // the channel's count is the whole list, given as parts, never its first kind alone.
    const list = m === ITEMS && most > 0 ? channelFigures(question, best.f, facts) : [best.f];
    if (list.length === 1 && list[0] !== best.f) {
      // Said with its channel: "门户网站主动公开乡镇建设 12条".
      said.push(figure(list[0]!, listLead(list[0]!, facts) + contextOf(list[0]!, facts).slice(1), cite));
      continue;
    }
    if (list.length >= 2) {
      said.push(
        `${list.map((f, n) => figure(f, contextOf(f, facts), cite, n === 0)).join('、')}（报告没有写明这几项的合计）${SUM_ASKED.test(question) ? summed(list) : ''}`,
      );
      continue;
    }
    // Several figures of one report and no channel named that picks one out: the one the report
    // says is the total, else the parts, given as parts; no sum is made.
    const whole =
      ofReport(best.f.reportId).length >= 2 && most === 0 ? totalOf(ofReport(best.f.reportId), facts, 0) : null;
    // Of any other measure, a total asked is the figure the report says is the total ("共5起建议提案").
    if (m !== ITEMS && whole && 'total' in whole && SUM_ASKED.test(question)) {
      said.push(figure(whole.total, contextOf(whole.total, facts), cite));
      continue;
    }
    // A total of another act than the one asked (共制作信息30条，其中主动公开24条 for 主动公开了多少):
    // the one figure of its sentence whose words say the act asked.
    const act = ACT_ASKED.exec(question)?.[0];
    const acted =
      m === ITEMS && whole && 'total' in whole && act && !contextOf(whole.total, facts).includes(act)
        ? ofReport(best.f.reportId).filter(
            (x) => x.f.sentenceStart === whole.total.sentenceStart && contextOf(x.f, facts).includes(act),
          )
        : [];
    if (acted.length === 1) {
      said.push(figure(acted[0]!.f, contextOf(acted[0]!.f, facts), cite));
      continue;
    }
    if (m === ITEMS && whole) {
      said.push(
        'total' in whole
          ? figure(whole.total, contextOf(whole.total, facts), cite)
          : `${who(reports.get(best.f.reportId))}的报告没有写明公开信息的总条数，分别写了：${whole.parts
              .map((p) => figure(p, contextOf(p, facts), cite, false))
              .join('；')}（各是其中一部分，报告没有给出合计）${SUM_ASKED.test(question) ? summed(whole.parts) : ''}`,
      );
      continue;
    }
    // Figures as close to the question as the best are all given (several channels, several reports).
    for (const s of scored.filter((x) => hits(x) === most && x.score >= best.score * 0.9).slice(0, 4))
      said.push(figure(s.f, contextOf(s.f, facts), cite));
  }
  const scope = scopeOf(reports);
  if (said.length === 0) {
    const related = relatedFigures(question, facts, asked, cite);
    return {
      answer: `${scope}没有写明${missing.map((m) => named(m, question)).join('、')}。${related ? `报告中与此相关的数字：${related}。` : ''}`,
      citations: cite.citations,
      refused: true,
    };
  }
  const gap = missing.length ? `\n\n${scope}没有写明${missing.map((m) => named(m, question)).join('、')}。` : '';
  const approx = cite.approx ? '；原文为约数' : '';
  return {
    answer: `${said.join('；')}。${gap}\n\n（这些数字来自报告正文，不在统计表中${approx}。）`,
    citations: cite.citations,
    refused: false,
  };
}

type Scored = { f: FactRow; score: number };

/**
 * A report's count of items published: the figure it says is the total, else its parts (each
 * channel or kind it counts); null when it states none.
 */
export function itemsPublished(facts: FactRow[], reportId: number): { total: FactRow } | { parts: FactRow[] } | null {
  const own = facts
    .filter((f) => f.reportId === reportId && measures(ITEMS, f, contextOf(f, facts)))
    .map((f) => ({ f, score: 0 }));
  return own.length ? totalOf(own, facts, 0) : null;
}

/** Words that say all of what was published, not one channel or kind: 总数, 三个公开渠道, 各种渠道. */
const ALL_ITEMS =
  /总数|总量|全部|所有|各种|各类|[这那]?[两二三四五六七八九十几\d]+个?(?:公开|发布)?(?:渠道|平台|方面|类|种|途径)|(?:公开|发布)?(?:渠道|平台|途径)/g;

/** A phrase naming every item published (公开的信息, 三个公开渠道, 总数), no channel or kind of its own. */
export function allItemsNamed(phrase: string): boolean {
  return (
    (ITEMS.asked.test(phrase) || ALL_ITEMS.test(phrase)) &&
    phrase
      .replace(ALL_ITEMS, '')
      .replace(ASKING, '')
      .replace(GENERIC, '')
      .replace(/[\s，,。？?]/g, '') === ''
  );
}

/** A prose figure's citation: the sentence that states it. */
export function factCitation(f: FactRow, report: ReportInfo): Citation {
  const cite = citer(new Map([[report.id, report]]));
  cite(f);
  return cite.citations[0]!;
}

/** Words every count of items published shares; what is left of a question names a channel (门户网站, 公众号, 线上). */
const GENERIC = /政府信息|政府|信息|主动|公开|发布|公示|各类|全年|年度|总共|一共|合计|共|了|的|在|(?<![线网])上|通过/g;

function channelHits(question: string, f: FactRow, facts: FactRow[], m: Measure = ITEMS): number {
  const context = contextOf(f, facts);
  // The measure's own words (提案) name what every figure counts, not a channel.
  const asked = (m === ITEMS ? question : question.replace(new RegExp(m.asked.source, 'g'), ' '))
    .replace(ASKING, ' ')
    .replace(GENERIC, ' ')
    .replace(ALL_ITEMS, ' ')
    .replace(UNIT_KINDS, ' ');
  // A channel in the user's words (网上) the report writes otherwise (线上) hits as the word would.
  const also = Object.entries(QUERY_SYNONYMS).filter(
    ([word, words]) =>
      PUBLISHING_CHANNEL.test(word) &&
      asked.includes(word) &&
      !context.includes(word) &&
      words.some((w) => context.includes(w)),
  );
  return (
    charBigrams(asked).filter((b) => context.includes(b)).length +
    also.reduce((n, [word]) => n + charBigrams(word).length, 0)
  );
}

/** Verbs of publishing: the words up to the last of them say where a list of kinds was published. */
const PUBLISHING = /公开|发布|公示|推送|上传|刊登|更新|报送|发送/g;

/** The words that say where a figure was published, up to its verb. */
function leadOf(context: string): string | null {
  const verb = [...context.matchAll(PUBLISHING)].at(-1);
  return verb ? context.slice(0, verb.index + verb[0].length) : null;
}

/**
 * The channel a figure listed with 、 after another takes from the list's head
 * ("门户网站主动公开工作动态33条、乡镇建设12条": 12 is of 门户网站); '' when it is not such an item. An item
 * naming a channel of its own ("、微信公众号460条") is of that channel.
 */
function listLead(f: FactRow, facts: FactRow[]): string {
  const own = contextOf(f, facts);
  if (!/^、[^，,；;。、：:]{1,12}$/.test(own) || PUBLISHING_CHANNEL.test(own)) return '';
  const prev = facts
    .filter((o) => o.reportId === f.reportId && o.sentenceStart === f.sentenceStart && o.end <= f.start)
    .at(-1);
  if (!prev) return '';
  const context = contextOf(prev, facts);
  return leadOf(context) ?? listLead(prev, facts);
}

/**
 * What a question asks of a figure that opens a channel's list of kinds ("门户网站主动公开工作动态33条、
 * 乡镇建设12条、政策文件4条"): the one kind it names (乡镇建设: 12), else the whole list when it names the
 * channel (门户网站: all three, the channel's count being their sum), else the figure alone.
 */
export function channelFigures(question: string, head: FactRow, facts: FactRow[]): FactRow[] {
  const context = contextOf(head, facts);
  // A list item (、公告公示) heads no list.
  const lead = context.startsWith('、') ? null : leadOf(context);
  if (lead === null) return [head];
  const list = [head];
  for (const f of facts.filter((o) => o.reportId === head.reportId && o.sentenceStart === head.sentenceStart)) {
    if (f.start >= list.at(-1)!.end && listLead(f, facts) === lead) list.push(f);
  }
  const asked = charBigrams(question.replace(ASKING, ' ').replace(GENERIC, ' '));
  const kinds = [context.slice(lead.length), ...list.slice(1).map((f) => contextOf(f, facts))];
  const named = list.filter((_, n) => asked.some((b) => kinds[n]!.includes(b)));
  if (named.length === 1) return named;
  return named.length === 0 && asked.some((b) => lead.includes(b)) ? list : [head];
}

/** Words naming the kind of unit ranked (哪个街道, 几个镇), not a channel. */
const UNIT_KINDS = new RegExp(
  `${suffixPattern([...Object.values(UNIT_SUFFIXES).flat(), '乡镇', '部门', '单位'])}`,
  'g',
);

/** A report's total among its figures for one measure: the one it says is the total, else its only one; else its parts. */
function totalOf(figs: Scored[], facts: FactRow[], min: number): { total: FactRow } | { parts: FactRow[] } {
  const total = figs.find((x) => TOTAL_SAID.test(contextOf(x.f, facts)) || PARTS_FOLLOW.test(after(x.f)));
  if (total) return { total: total.f };
  const near = figs.filter((x) => x.score >= min);
  if (near.length === 1) return { total: near[0]!.f };
  // One figure that the others add up to exactly is their total (公开信息50条 … 4条、10条、30条、6条).
  const all = near.reduce((t, x) => t + x.f.value, 0);
  const sum = near.length >= 3 ? near.find((x) => !x.f.approx && all - x.f.value === x.f.value) : undefined;
  if (sum) return { total: sum.f };
  return { parts: near.map((x) => x.f).sort((a, b) => a.start - b.start) };
}

/** The reports ranked by their total for the measure; a report stating only parts is named, not ranked. */
function ranking(
  m: Measure,
  scored: Scored[],
  facts: FactRow[],
  question: string,
  reports: Map<number, ReportInfo>,
  cite: Citer,
  /** The figures are each report's own for a channel the question names: its best, not its total. */
  byChannel = false,
): string {
  // "哪个镇…最多" ranks the townships only, as the table figures do.
  const level = levelAsked(question);
  // 街道 asked ranks the street offices among the 乡镇/街道 level, as 镇 the towns.
  const kind = level === '乡镇/街道' ? /街道|(?<!乡)镇|乡(?!镇)/.exec(question)?.[0] : undefined;
  const ofKind = (org: string | null) =>
    !kind || (kind === '街道' ? /街(?:道)?(?:办事处)?$/ : new RegExp(`${kind}$`)).test(org ?? '');
  const ids = [...new Set(scored.map((x) => x.f.reportId))].filter(
    (id) => !level || (reports.get(id)?.level === level && ofKind(reports.get(id)!.org)),
  );
  if (ids.length === 0) return `所查报告中没有${level}的报告写明${m.name}`;
  const wholes = ids.map((id) => {
    const own = scored.filter((x) => x.f.reportId === id);
    return { id, whole: byChannel ? { total: own[0]!.f } : totalOf(own, facts, 0) };
  });
  const ranked = wholes
    .flatMap((w) => ('total' in w.whole ? [w.whole.total] : []))
    .sort((a, b) => (FEWEST_ASKED.test(question) ? a.value - b.value : b.value - a.value));
  const partsOnly = wholes.filter((w) => !('total' in w.whole)).map((w) => who(reports.get(w.id)));
  const top = ranked[0];
  if (!top) return `${partsOnly.join('、')}的报告只写了分渠道的条数，没有总数，无从比较`;
  const word = FEWEST_ASKED.test(question) ? '最少' : '最多';
  const [first, second] = ranked;
  const gap =
    ranked.length === 2 && GAP_ASKED.test(question)
      ? `\n\n两者相差 **${Math.abs(first!.value - second!.value)}${first!.unit}**（${first!.value} − ${second!.value}${first!.value < second!.value ? '，取绝对值' : ''}）`
      : '';
  const scope = level ? `${ids.length} 个${kind ?? (level === '乡镇/街道' ? '乡镇' : level)}中，` : '';
  return `${scope}按报告正文所写的${m.name}，${who(reports.get(top.reportId))}${word}，为 **${amount(top)}**：\n${ranked
    .map((f, i) => `${i + 1}. ${figure(f, contextOf(f, facts), cite)}`)
    .join(
      '\n',
    )}${gap}${partsOnly.length ? `\n\n${partsOnly.join('、')}的报告只写了分渠道的条数，没有总数，不参与比较` : ''}`;
}

/** Figures on the question's topic (bigrams shared with the sentence), for a refusal to show. */
function relatedFigures(question: string, facts: FactRow[], asked: Measure[], cite: Citer): string {
  const topic = question.replace(ASKING, ' ');
  const words = asked.reduce((t, m) => t.replace(m.asked, ' '), topic);
  const bigrams = [...new Set(charBigrams(words))];
  const near = facts
    .map((f) => ({ f, hits: bigrams.filter((b) => f.sentence.includes(b)).length }))
    .filter((x) => x.hits >= 1)
    .sort((a, b) => b.hits - a.hits)
    .slice(0, 2);
  return near.map((x) => figure(x.f, contextOf(x.f, facts), cite)).join('；');
}

function topicScore(question: string, f: FactRow, context: string): number {
  const topic = question.replace(ASKING, ' ');
  let score = 0;
  for (const b of new Set(charBigrams(topic))) score += context.includes(b) ? 2 : f.sentence.includes(b) ? 1 : 0;
  return score;
}

/** `last`: the report of the figure said last, so a run of one report's figures names it once. */
type Citer = ((f: FactRow) => number) & { citations: Citation[]; approx: boolean; last: number | null };

/** One citation per sentence quoted, however many figures it holds. */
function citer(reports: Map<number, ReportInfo>): Citer {
  const citations: Citation[] = [];
  const fn = ((f: FactRow) => {
    const have = citations.find((c) => c.reportId === f.reportId && c.start === f.sentenceStart);
    if (have) return have.n;
    const r = reports.get(f.reportId)!;
    citations.push({
      n: citations.length + 1,
      reportId: r.id,
      title: r.title,
      org: r.org,
      year: r.year,
      section: '正文',
      quote: f.sentence,
      start: f.sentenceStart,
      end: f.sentenceEnd,
    });
    if (f.approx) fn.approx = true;
    return citations.length;
  }) as Citer;
  fn.citations = citations;
  fn.approx = false;
  fn.last = null;
  return fn;
}

/** A total asked in so many words: 一共, 合计, 加起来. */
const SUM_ASKED = /一共|总共|合计|加起来|加在一起|共计|总和|总数/;

/** The parts added up, said to be the reader's sum, not the report's: "三项相加为 560余条（30 + 70 + 460）". */
function summed(parts: FactRow[]): string {
  // Only a list one sentence gives (乡镇动态38件、公告公示160条、其他信息16条) is of parts that do not overlap.
  if (new Set(parts.map((p) => `${p.reportId}:${p.sentenceStart}`)).size > 1) return '';
  if (new Set(parts.map((p) => p.unit)).size > 1 && !parts.every((p) => ['条', '件', '篇'].includes(p.unit))) return '';
  const total = parts.reduce((t, p) => t + p.value, 0);
  const approx = parts.some((p) => p.approx) ? '余' : '';
  const units = parts.map((p) => p.unit);
  const unit = units.sort((a, b) => units.filter((u) => u === b).length - units.filter((u) => u === a).length)[0]!;
  return `；${parts.length}项相加为 **${total}${approx}${unit}**（${parts.map((p) => p.value).join(' + ')}，由报告所写各项相加）`;
}

const who = (r: ReportInfo | undefined) => (r ? `${orgLabel(r.org)}${r.year ? `${r.year}年` : ''}` : '');
const amount = (f: FactRow) => `${f.value}${f.approx ? '余' : ''}${f.unit}`;

/**
 * "花马池镇2021年：政务新媒体（微信公众号）公开 **460余条** [1]": the figure with the clause that
 * says what it measures (two clauses when the last alone is too short to say it).
 */
function figure(f: FactRow, context: string, cite: Citer, named = true): string {
  const n = cite(f);
  const clauses = context.split(/[，,；;：:]/).filter((c) => c.length > 0);
  let words = clauses.pop() ?? '';
  if (words.length < 4 && clauses.length) words = `${clauses.pop()}，${words}`;
  // A number that names what is counted (the 12345 hotline) is said with it.
  const code = clauses.findLast((c) => /\d{4,}/.test(c.replace(/20\d{2}\s*年/g, '')));
  if (code && !/\d{4,}/.test(words)) words = `${code}，${words}`;
  words = words
    .replace(/^[、（(。]+/, '')
    .replace(/^[一二三四五六七八九十]+是/, '')
    .replace(/(?:约|近|超过|逾)$/, '');
  const r = cite.citations[n - 1]!;
  const name = named && cite.last !== f.reportId ? `${orgLabel(r.org)}${r.year ? `${r.year}年` : ''}：` : '';
  cite.last = f.reportId;
  const counted = countedAfter(f);
  return `${name}${words} **${amount(f)}**${counted ? ` ${counted}` : ''} [${n}]`;
}

/** The measure by its name and, when the question said it otherwise, by the question's word: 关注人数（粉丝）. */
function named(m: Measure, question: string): string {
  const word = question.match(m.asked)?.[0];
  return word && !m.name.includes(word) ? `${m.name}（${word}）` : m.name;
}

function scopeOf(reports: Map<number, ReportInfo>): string {
  const list = [...reports.values()];
  return list.length === 1 ? `${who(list[0])}的报告` : `所查的 ${list.length} 份报告`;
}

function single(best: FactAnswer | null): ProseAnswer | null {
  return best && { answer: best.answer, citations: [best.citation], refused: false };
}

/**
 * A number stated in the prose that answers the question: the fact whose sentence shares the
 * most of the question's Han bigrams (its subject words count double), with a matching unit.
 * Null when none shares enough to be the answer — a number is never guessed.
 */
export function bestFact(question: string, facts: FactRow[], reports: Map<number, ReportInfo>): FactAnswer | null {
  // A phrase the user quotes ("其他信息") must be what is counted.
  const quoted = [...question.matchAll(/[“"「『]([^”"」』]{2,20})[”"」』]/g)].map((m) => m[1]!);
  // A unit left at the end ("比门户网站多多少条" leaves 条 to each operand) names no topic.
  const topic = question.replace(ASKING, ' ').replace(/[条件个篇项次家]\s*$/, '');
  const bigrams = [...new Set(charBigrams(topic))];
  const chars = [...new Set(topic.match(/[\u4e00-\u9fff]/g) ?? [])].filter(
    (c) => !'的了是在和与及或有吗呢几多少个一共'.includes(c),
  );
  if (bigrams.length === 0) return null;
  // Units said outright (多少家) and those the question's words suggest (信息 → 条).
  const units = [...new Set([...unitsNamed(question), ...unitsAsked(question)])];
  // An amount of money asked is never answered with a count: 工作经费多少万元 is not 71条.
  const money = unitsNamed(question).includes('元');
  // What is counted may follow the figure: "梳理 67 家二级事业单位和公共企业政务公开事项".
  const subjects = new Map(
    facts.map((f) => [f, (contextOf(f, facts) || f.subject.replace(/\s+/g, '')) + countedAfter(f)]),
  );
  const codes = (question.match(/\d{4,}/g) ?? []).filter((c) => !/^20\d{2}$/.test(c));
  let best: { f: FactRow; score: number; hits: number; charShare: number; coded: boolean } | null = null;
  for (const f of facts) {
    if (money && f.unit !== '元' && f.unit !== '万元') continue;
    const sentence = f.sentence.replace(/\s+/g, '');
    const subject = subjects.get(f)!;
    let score = 0;
    let hits = 0;
    for (const b of bigrams) {
      if (subject.includes(b)) {
        score += 2;
        hits++;
      } else if (sentence.includes(b)) {
        score += 1;
        hits++;
      }
    }
    // Single characters catch a verb said differently (发了 … 信息 vs 共发布各类信息).
    const charShare = chars.length ? chars.filter((c) => subject.includes(c)).length / chars.length : 0;
    score += charShare * 2;
    for (const q of quoted) if (subject.includes(q)) score += 10;
    // A number named as a name (the 12345 hotline) that the figure's own words hold.
    const coded = codes.some((c) => subject.includes(c));
    if (coded) {
      score += 4;
      hits++;
    }
    if (units.length && !units.includes(f.unit)) score *= 0.5;
    if (!best || score > best.score) best = { f, score, hits, charShare, coded };
  }
  if (!best) return null;
  // A total whose parts follow it (受理咨询372人次，其中现场咨询331人次，电话咨询61人次): a part the
  // question names in its own words is the one asked.
  const top = best.f;
  const part = facts
    .filter((f) => f.reportId === top.reportId && f.sentenceStart === top.sentenceStart && f.start > top.end)
    .map((f) => ({ f, own: subjects.get(f)!.replace(/^[，,、；;（(\s]*(?:其中)?[，,：:]?/, '') }))
    .filter((x) => x.own.length >= 2 && question.replace(/\s+/g, '').includes(x.own))
    .sort((a, b) => b.own.length - a.own.length)[0];
  if (part && /其中/.test(top.sentence.slice(top.end - top.sentenceStart, part.f.start - top.sentenceStart)))
    best = { ...best, f: part.f };
  // The thing counted, named after the count (收到多少条留言), picks among one sentence's figures
  // the one whose own words name it (发布信息75条，收到留言56条).
  // A word every count of items shares (信息) names no thing of its own.
  const counted = COUNTED_NOUN.exec(question.replace(/\s+/g, ''))?.[1];
  if (counted && counted.replace(GENERIC, '') !== '' && !subjects.get(best.f)!.includes(counted)) {
    const own = facts.filter(
      (f) =>
        f.reportId === best!.f.reportId &&
        f.sentenceStart === best!.f.sentenceStart &&
        contextOf(f, facts).includes(counted),
    );
    if (own.length === 1) best = { ...best, f: own[0]! };
  }
  // A unit the question names outright ("几期") that only this figure has, with a word in common, also picks it.
  const named = unitsNamed(question);
  const onlyOne =
    best.hits >= 1 && named.includes(best.f.unit) && facts.filter((f) => f.unit === best.f.unit).length === 1;
  const enough =
    (best.hits >= 2 && (best.hits / bigrams.length >= 0.4 || best.coded)) ||
    (best.hits >= 1 && best.charShare >= 0.6) ||
    onlyOne;
  if (!enough) return null;
  const f = best.f;
  const cite = citer(reports);
  const lead = figure(f, contextOf(f, facts), cite);
  return {
    fact: f,
    citation: cite.citations[0]!,
    answer: `${lead}。\n\n（这一数字来自报告正文，不在统计表中${f.approx ? '；原文为约数' : ''}。）`,
  };
}
