/**
 * Metrics by meaning: every canonical cell and derived metric is found by its printed label, its
 * synonyms and the words people use (lexicon), scored by how much of the question they cover
 * rather than by the first longest substring. 表二 and 表四 are also read by parts (row words ×
 * column words), 表三 rows by their own words plus their group's, and applicants by column words.
 */
import {
  APPLICANT_COLUMNS,
  METRIC_BY_ID,
  METRICS,
  T2_COL_WORDS,
  T2_ROW_WORDS,
  type Metric,
} from '../../domain/metrics.ts';
import type { TemplateVersion } from '../../domain/catalogue.ts';
import {
  APPLICANT_WORDS,
  FIGURE_SEPARATORS,
  MANNER_ASKED,
  METRIC_WORDS,
  NOT_METRIC_WORDS,
  T3_GROUP_OF,
  T4_BLOCK_WORDS,
  T4_COLUMN_WORDS,
} from './lexicon.ts';

export interface MetricMention {
  metric: Metric;
  /** The words that named it, as found ("行政复议…结果纠正"). */
  word: string;
  /** Characters of the question its words cover, a group's words at half weight. */
  score: number;
  /** The 表三 applicant column named with it (自然人, commercial…), if any. */
  applicant?: string;
}

interface Phrase {
  word: string;
  metric: Metric;
  weight: number;
}

/** Words another metric is named by: a printed name cut to one of them names that one, not this. */
const SYNONYMS = new Map(METRICS.flatMap((m) => m.synonyms.map((w) => [w, m] as const)));

/**
 * A metric's printed name counts when it says enough on its own (not "其他", "总计"), and its
 * part before a bracket is not another metric's word ("行政诉讼（未经复议直接起诉）总数").
 */
const printed = (m: Metric): string[] => {
  const name = m.name.replace(/（.*$/, '');
  const other = SYNONYMS.get(name);
  return name.length >= 4 && (!other || other === m) ? [name] : [];
};
const ownWords = (m: Metric): string[] => [...printed(m), ...m.synonyms, ...(METRIC_WORDS[m.id] ?? [])];

/** Every word of every metric; a 表三 result row also takes its group's words ("不予处理" of 重复申请) at half weight. */
const PHRASES: Phrase[] = METRICS.flatMap((m) => {
  const own = [...new Set(ownWords(m).filter((w) => w.length >= 2))].map((word) => ({ word, metric: m, weight: 1 }));
  const group = T3_GROUP_OF.find(([prefix]) => m.id.startsWith(prefix))?.[1];
  const groupMetric = group ? METRIC_BY_ID.get(group) : undefined;
  const inherited = groupMetric
    ? [...new Set(ownWords(groupMetric))]
        .filter((w) => w.length >= 2 && !own.some((o) => o.word === w))
        .map((word) => ({ word, metric: m, weight: 0.5 }))
    : [];
  return [...own, ...inherited];
}).sort((a, b) => b.word.length - a.word.length);

interface Match extends Phrase {
  at: number;
}

/** The phrases by their first character: a question is scanned once, not once per phrase. */
const BY_FIRST_CHAR = new Map<string, Phrase[]>();
for (const p of PHRASES) BY_FIRST_CHAR.set(p.word[0]!, [...(BY_FIRST_CHAR.get(p.word[0]!) ?? []), p]);

/** Occurrences of every phrase, a shorter one dropped where a longer one covers it ("申请" inside "重复申请"). */
function matches(q: string): Match[] {
  const all: Match[] = [];
  for (let at = 0; at < q.length; at++)
    for (const p of BY_FIRST_CHAR.get(q[at]!) ?? []) if (q.startsWith(p.word, at)) all.push({ ...p, at });
  all.sort((a, b) => b.word.length - a.word.length);
  const accepted: Match[] = [];
  for (const m of all) {
    const end = m.at + m.word.length;
    const clash = accepted.some(
      (a) => m.at < a.at + a.word.length && a.at < end && !(a.at === m.at && a.word.length === m.word.length),
    );
    if (!clash) accepted.push(m);
  }
  return accepted.filter((m) => !startsInsideOtherWord(q, m.at));
}

/** Whether the character at `at` ends one of NOT_METRIC_WORDS (举办 before 办了). */
const startsInsideOtherWord = (q: string, at: number) =>
  NOT_METRIC_WORDS.some((w) => at >= w.length - 1 && q.startsWith(w, at - w.length + 1));

/** A long label met in part ("第三方权益" of 保护第三方合法权益) scores this share of the part. */
const PARTIAL_WEIGHT = 0.75;
const PARTIAL_MIN = 3;

/**
 * Three-character runs of the labels and synonyms, each with the metrics whose words hold it; only
 * the runs of at most two metrics are kept (第三方, 过程性), not those every label shares (信息公).
 */
const TRIGRAMS: Map<string, Set<Metric>> = (() => {
  const all = new Map<string, Set<Metric>>();
  for (const p of PHRASES) {
    if (p.weight < 1 || p.word.length < 5) continue;
    for (let i = 0; i + PARTIAL_MIN <= p.word.length; i++) {
      const t = p.word.slice(i, i + PARTIAL_MIN);
      all.set(t, (all.get(t) ?? new Set()).add(p.metric));
    }
  }
  return new Map([...all].filter(([, ms]) => ms.size <= 2));
})();

/** Each metric's own words (not its group's), for matching a label in part. */
const WORDS_OF = new Map<Metric, Phrase[]>();
for (const p of PHRASES) if (p.weight === 1) WORDS_OF.set(p.metric, [...(WORDS_OF.get(p.metric) ?? []), p]);

/** The longest run of q, from `at` on and uncovered, that some word of `metric` holds. */
function partialAt(q: string, at: number, covered: boolean[], metric: Metric): string {
  let best = '';
  for (const p of WORDS_OF.get(metric) ?? []) {
    let len = PARTIAL_MIN;
    if (!p.word.includes(q.slice(at, at + len))) continue;
    while (at + len < q.length && !covered[at + len] && p.word.includes(q.slice(at, at + len + 1))) len++;
    if (len > best.length) best = q.slice(at, at + len);
  }
  return best;
}

function byPhrases(q: string): MetricMention[] {
  const scores = new Map<Metric, { score: number; words: string[] }>();
  const found = matches(q);
  for (const m of found) {
    const s = scores.get(m.metric) ?? { score: 0, words: [] };
    if (s.words.includes(m.word)) continue;
    s.score += m.word.length * m.weight;
    s.words.push(m.word);
    scores.set(m.metric, s);
  }
  // What no word met exactly may still meet a long label in part: its best part per metric counts.
  const covered = [...q].map((_, i) => found.some((m) => i >= m.at && i < m.at + m.word.length));
  const partial = new Map<Metric, string>();
  for (let i = 0; i + PARTIAL_MIN <= q.length; i++) {
    if (covered.slice(i, i + PARTIAL_MIN).some(Boolean)) continue;
    for (const metric of TRIGRAMS.get(q.slice(i, i + PARTIAL_MIN)) ?? []) {
      const part = partialAt(q, i, covered, metric);
      if (part.length > (partial.get(metric)?.length ?? 0)) partial.set(metric, part);
    }
  }
  for (const [metric, part] of partial) {
    // A part only refines: it adds to a metric some word already named (不公开 → 保护第三方合法权益).
    const s = scores.get(metric);
    if (!s) continue;
    s.score += part.length * PARTIAL_WEIGHT;
    s.words.push(part);
    scores.set(metric, s);
  }
  return [...scores].map(([metric, s]) => ({ metric, word: s.words.join('…'), score: s.score }));
}

const NAMING_WORDS = [
  ...new Set([
    ...PHRASES.map((p) => p.word),
    ...Object.values(T2_ROW_WORDS).flat(),
    ...Object.values(T2_COL_WORDS).flat(),
    ...T4_BLOCK_WORDS.flatMap(([, w]) => w),
    ...T4_COLUMN_WORDS.flatMap(([, w]) => w),
    ...APPLICANT_COLUMNS.flatMap((a) => [...a.words, ...(APPLICANT_WORDS[a.id] ?? [])]),
  ]),
];

/**
 * A long label's leading words, up to where another known word inside it ends (本机关不掌握 of
 * 本机关不掌握相关政府信息): what people write of a label before going on in their own words.
 */
const LEADING_PARTS = NAMING_WORDS.flatMap((w) =>
  NAMING_WORDS.map((v) => (v.length >= 2 && w.indexOf(v) > 0 ? w.slice(0, w.indexOf(v) + v.length) : '')).filter(
    (p) => p.length >= 5 && p.length < w.length,
  ),
);

/** Every word a figure is named by (labels, synonyms, everyday words, table parts, applicants), for near matches. */
export const FIGURE_WORDS: readonly string[] = [...new Set([...NAMING_WORDS, ...LEADING_PARTS])];

const longestIn = (q: string, words: string[]): string | undefined =>
  words.filter((w) => q.includes(w)).sort((a, b) => b.length - a.length)[0];

/**
 * 表二 by row and column named apart ("今年制发了几件规章"); the row's first column by default. A
 * part naming only a column takes the question's row ("行政许可上一年项目数量和本年增减").
 */
function t2Parts(q: string, context: string, templates: readonly TemplateVersion[]): MetricMention[] {
  const out: MetricMention[] = [];
  for (const [row, words] of Object.entries(T2_ROW_WORDS)) {
    const own = longestIn(q, words);
    const rw = own ?? longestIn(context, words);
    if (!rw) continue;
    // The default column: one both templates print (处理决定数量), else the first the reports
    // asked print (本年制发 in 2021, 本年新制作 in 2019).
    const cols = METRICS.filter((m) => m.id.startsWith(`t2.${row}.`) && printedIn(m, templates)).sort(
      (a, b) => Number(Object.keys(b.keys).length > 1) - Number(Object.keys(a.keys).length > 1),
    );
    for (const m of cols) {
      const col = m.id.split('.')[2]!;
      const cw = longestIn(q, T2_COL_WORDS[col] ?? []);
      // A part asking a count of its own (发了几份规范性文件？还有效的几份) keeps its own column.
      const inherited = cw || FIGURE_ASKED.test(q) ? undefined : longestIn(context, T2_COL_WORDS[col] ?? []);
      if (!cw && !inherited && m !== cols[0]) continue;
      if (!own && !cw) continue;
      const score = rw.length * (own ? 1 : 0.5) + (cw?.length ?? 0) + (inherited?.length ?? 0) * 0.5;
      out.push({ metric: m, word: cw ? `${rw}…${cw}` : rw, score });
    }
  }
  return out;
}

/** 表四 by block and result column; a part naming only the column takes the question's block. */
function t4Parts(q: string, context: string): MetricMention[] {
  const out: MetricMention[] = [];
  for (const [col, colWords] of T4_COLUMN_WORDS) {
    const cw = longestIn(q, colWords);
    if (!cw) continue;
    for (const [prefix, blockWords] of T4_BLOCK_WORDS) {
      const own = longestIn(q, blockWords);
      const bw = own ?? longestIn(context, blockWords);
      const metric = bw ? METRIC_BY_ID.get(`${prefix}.${col}`) : undefined;
      if (!metric || !bw) continue;
      out.push({ metric, word: `${bw}…${cw}`, score: cw.length + bw.length * (own ? 1 : 0.5) });
      if (own) break;
    }
  }
  return out;
}

const APPLICANT_VOCAB: { id: string; word: string }[] = APPLICANT_COLUMNS.flatMap((a) =>
  [...a.words, ...(APPLICANT_WORDS[a.id] ?? [])].map((word) => ({ id: a.id, word })),
).sort((a, b) => b.word.length - a.word.length);

/** The 表三 applicant column a question names (自然人 = 个人/群众/老百姓/公民; 商业企业 = 企业/公司/市场主体…). */
export function applicantIn(q: string): { id: string; word: string } | undefined {
  return APPLICANT_VOCAB.find((a) => q.includes(a.word));
}

/**
 * The metric a question (or a part of one) names, best scored; `context` is the whole question,
 * from which a part takes the dimension it leaves out (the 表四 block, the 表二 column).
 * @example matchMetric('南郊镇因为重复申请不予处理的有几件')?.metric.id // 't3.noproc_repeat'
 */
export function matchMetric(q: string, context = q, templates: readonly TemplateVersion[] = []): MetricMention | null {
  const key = `${q}\u0000${context}\u0000${templates.join()}`;
  if (MEMO.has(key)) return MEMO.get(key)!;
  const found = scoredMetric(q, context, templates);
  // One question is matched several times while it is understood (plan, follow-up, figures).
  if (MEMO.size >= MEMO_SIZE) MEMO.delete(MEMO.keys().next().value!);
  MEMO.set(key, found);
  return found;
}

const MEMO = new Map<string, MetricMention | null>();
/** A part that asks a figure: a count, a total or a rate. */
const FIGURE_ASKED = /多少|几|数量|总数|比例|率/;
const COUNT_WORD = /多少|几/g;

/**
 * A part that asks two counts without a break (收到几件申请答复了几件): cut where each side
 * names a figure of its own, the first such place after the first count asked; else whole.
 */
function runOn(part: string, context: string, templates: readonly TemplateVersion[]): string[] {
  const asks = [...part.matchAll(COUNT_WORD)];
  if (asks.length < 2) return [part];
  for (let k = asks[0]!.index + asks[0]![0].length; k < asks[1]!.index; k++) {
    const [left, right] = [
      matchMetric(part.slice(0, k), context, templates),
      matchMetric(part.slice(k), context, templates),
    ];
    if (left && right && left.metric !== right.metric) return [part.slice(0, k), part.slice(k)];
  }
  return [part];
}
const MEMO_SIZE = 512;

/** Whether a report of one of `templates` prints the metric (any, when no template is known). */
const printedIn = (m: Metric, templates: readonly TemplateVersion[]) =>
  templates.length === 0 || templates.some((t) => m.keys[t]?.length);

/**
 * The best scored of every reading; of those the reports asked print, when they print any (a
 * 2019-template report is asked for its 对外公开总数, not for the 2021 table's 本年制发).
 */
function scoredMetric(q: string, context: string, templates: readonly TemplateVersion[]): MetricMention | null {
  const all = [...byPhrases(q), ...t2Parts(q, context, templates), ...t4Parts(q, context)];
  const printed = all.filter((c) => printedIn(c.metric, templates));
  const candidates = printed.length ? printed : all;
  if (candidates.length === 0) return null;
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  const applicant = best.metric.byApplicant ? applicantIn(q)?.id : undefined;
  return applicant ? { ...best, applicant } : best;
}

/**
 * Every figure a question names, in order ("新收、办结、结转各多少", "是个人还是企业申请的"): one
 * mention per part; a part naming only an applicant takes the question's metric. The same metric
 * with and without an applicant keeps only the specific ones.
 */
export function metricMentions(question: string, templates: readonly TemplateVersion[] = []): MetricMention[] {
  const whole = matchMetric(question, question, templates);
  const out: MetricMention[] = [];
  const counted = new Set<MetricMention>();
  for (const part of question.split(FIGURE_SEPARATORS).flatMap((p) => runOn(p, question, templates))) {
    if (part.trim() === '' || (MANNER_ASKED.test(part) && !FIGURE_ASKED.test(part))) continue;
    let m = matchMetric(part, question, templates);
    const applicant = applicantIn(part);
    if (!m && applicant && whole?.metric.byApplicant) m = { ...whole, applicant: applicant.id };
    if (m && !out.some((o) => o.metric === m!.metric && o.applicant === m!.applicant)) out.push(m);
    if (m && !m.applicant && FIGURE_ASKED.test(part)) counted.add(m);
  }
  // A total asked for its own count stays beside its parts (新收多少件，其中自然人多少件).
  return out.filter((m) => m.applicant || counted.has(m) || !out.some((o) => o.metric === m.metric && o.applicant));
}
