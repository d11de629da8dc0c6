import type { FactRow, ReportInfo } from '../domain/ports.ts';
import type { Citation } from '../domain/types.ts';
import { charBigrams } from '../retrieval/features.ts';

/** Words that ask for a number but say nothing of what is counted. */
const ASKING = /多少|几|数量|是多少|有多少|共计|一共|总共|分别|各|吗|呢|年|件数|条数/g;

const UNIT_WORDS: [RegExp, string[]][] = [
  [/条|信息|发布|公开/, ['条']],
  [/件|诉求|申请|提案|案/, ['件']],
  [/率|比例|百分/, ['%']],
  [/人次/, ['人次']],
  [/次|场|期/, ['次', '场', '期']],
  [/个/, ['个']],
  [/万元|元|金额|费用|资金/, ['万元', '元']],
];

export interface FactAnswer {
  fact: FactRow;
  answer: string;
  citation: Citation;
}

/**
 * A number stated in the prose that answers the question: the fact whose sentence shares the
 * most of the question's Han bigrams (its subject words count double), with a matching unit.
 * Null when none shares enough to be the answer — a number is never guessed.
 */
export function bestFact(question: string, facts: FactRow[], reports: Map<number, ReportInfo>): FactAnswer | null {
  // A phrase the user quotes ("其他信息") must be what is counted.
  const quoted = [...question.matchAll(/[“"「『]([^”"」』]{2,20})[”"」』]/g)].map((m) => m[1]!);
  const topic = question.replace(ASKING, ' ');
  const bigrams = [...new Set(charBigrams(topic))];
  const chars = [...new Set(topic.match(/[\u4e00-\u9fff]/g) ?? [])].filter(
    (c) => !'的了是在和与及或有吗呢几多少个一共'.includes(c),
  );
  if (bigrams.length === 0) return null;
  const units = UNIT_WORDS.filter(([re]) => re.test(question)).flatMap(([, u]) => u);
  let best: { f: FactRow; score: number; hits: number; charShare: number } | null = null;
  for (const f of facts) {
    const sentence = f.sentence.replace(/\s+/g, '');
    const subject = f.subject.replace(/\s+/g, '');
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
    if (units.length && !units.includes(f.unit)) score *= 0.5;
    if (!best || score > best.score) best = { f, score, hits, charShare };
  }
  if (!best) return null;
  const enough = (best.hits >= 2 && best.hits / bigrams.length >= 0.4) || (best.hits >= 1 && best.charShare >= 0.6);
  if (!enough) return null;
  const f = best.f;
  const r = reports.get(f.reportId)!;
  const value = `${f.value}${f.approx ? '余' : ''}${f.unit === '%' ? '%' : f.unit}`;
  const citation: Citation = {
    n: 1,
    reportId: r.id,
    title: r.title,
    org: r.org,
    year: r.year,
    section: '正文',
    quote: f.sentence,
    start: f.sentenceStart,
    end: f.sentenceEnd,
  };
  return {
    fact: f,
    citation,
    answer: `据《${r.title}》，${f.subject ? `${f.subject.replace(/^[，,、：:（(]+/, '')} ` : ''}**${value}**：\n> ${f.sentence.replace(/\s*\n\s*/g, ' ')} [1]\n\n（这一数字来自报告正文，不在统计表中${f.approx ? '；原文为约数' : ''}。）`,
  };
}
