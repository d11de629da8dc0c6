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
import {
  APPLICANT_WORDS,
  FIGURE_SEPARATORS,
  METRIC_WORDS,
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

/** A metric's printed name counts when it says enough on its own (not "其他", "总计"). */
const printed = (m: Metric): string[] => {
  const name = m.name.replace(/（.*$/, '');
  return name.length >= 4 ? [name] : [];
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

/** Occurrences of every phrase, a shorter one dropped where a longer one covers it ("申请" inside "重复申请"). */
function matches(q: string): Match[] {
  const accepted: Match[] = [];
  for (const p of PHRASES) {
    let at = q.indexOf(p.word);
    while (at >= 0) {
      const end = at + p.word.length;
      const clash = accepted.some(
        (a) => at < a.at + a.word.length && a.at < end && !(a.at === at && a.word.length === p.word.length),
      );
      if (!clash) accepted.push({ ...p, at });
      at = q.indexOf(p.word, at + 1);
    }
  }
  return accepted;
}

function byPhrases(q: string): MetricMention | null {
  const scores = new Map<Metric, { score: number; words: string[] }>();
  for (const m of matches(q)) {
    const s = scores.get(m.metric) ?? { score: 0, words: [] };
    if (s.words.includes(m.word)) continue;
    s.score += m.word.length * m.weight;
    s.words.push(m.word);
    scores.set(m.metric, s);
  }
  let best: MetricMention | null = null;
  for (const [metric, s] of scores)
    if (!best || s.score > best.score) best = { metric, word: s.words.join('…'), score: s.score };
  return best;
}

const longestIn = (q: string, words: string[]): string | undefined =>
  words.filter((w) => q.includes(w)).sort((a, b) => b.length - a.length)[0];

/** 表二 by row and column named apart ("今年制发了几件规章"); the row's first column by default. */
function t2Parts(q: string, context: string): MetricMention | null {
  let best: MetricMention | null = null;
  for (const [row, words] of Object.entries(T2_ROW_WORDS)) {
    const rw = longestIn(q, words);
    if (!rw) continue;
    const cols = METRICS.filter((m) => m.id.startsWith(`t2.${row}.`));
    for (const m of cols) {
      const col = m.id.split('.')[2]!;
      const cw = longestIn(q, T2_COL_WORDS[col] ?? []);
      const inherited = cw ? undefined : longestIn(context, T2_COL_WORDS[col] ?? []);
      if (!cw && !inherited && m !== cols[0]) continue;
      const score = rw.length + (cw?.length ?? 0) + (inherited?.length ?? 0) * 0.5;
      if (!best || score > best.score) best = { metric: m, word: cw ? `${rw}…${cw}` : rw, score };
    }
  }
  return best;
}

/** 表四 by block and result column; a part naming only the column takes the question's block. */
function t4Parts(q: string, context: string): MetricMention | null {
  let best: MetricMention | null = null;
  for (const [col, colWords] of T4_COLUMN_WORDS) {
    const cw = longestIn(q, colWords);
    if (!cw) continue;
    for (const [prefix, blockWords] of T4_BLOCK_WORDS) {
      const own = longestIn(q, blockWords);
      const bw = own ?? longestIn(context, blockWords);
      const metric = bw ? METRIC_BY_ID.get(`${prefix}.${col}`) : undefined;
      if (!metric || !bw) continue;
      const score = cw.length + bw.length * (own ? 1 : 0.5);
      if (!best || score > best.score) best = { metric, word: `${bw}…${cw}`, score };
      if (own) break;
    }
  }
  return best;
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
export function matchMetric(q: string, context = q): MetricMention | null {
  const candidates = [byPhrases(q), t2Parts(q, context), t4Parts(q, context)].filter(
    (c): c is MetricMention => c !== null,
  );
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
export function metricMentions(question: string): MetricMention[] {
  const whole = matchMetric(question);
  const out: MetricMention[] = [];
  for (const part of question.split(FIGURE_SEPARATORS)) {
    if (part.trim() === '') continue;
    let m = matchMetric(part, question);
    const applicant = applicantIn(part);
    if (!m && applicant && whole?.metric.byApplicant) m = { ...whole, applicant: applicant.id };
    if (m && !out.some((o) => o.metric === m!.metric && o.applicant === m!.applicant)) out.push(m);
  }
  return out.filter((m) => m.applicant || !out.some((o) => o.metric === m.metric && o.applicant));
}
