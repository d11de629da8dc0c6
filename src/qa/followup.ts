import type { Turn } from '../domain/types.ts';
import type { CorpusIndex } from './corpus.ts';
import { findEntities } from './entities.ts';
import { findMetric } from './plan.ts';
import { CUES, FOLLOW_UP_CUES } from './understand/lexicon.ts';

/** A follow-up as resolved: the question to answer and what the resolution assumed, said in the answer. */
export interface Resolved {
  question: string;
  notes: string[];
}

const explicitYears = (q: string): number[] => [...q.matchAll(/(20\d{2})\s*年/g)].map((m) => Number(m[1]));

/**
 * 去年/上一年/前一年 in a follow-up count back from the year being discussed (the last question
 * that named one), not from today: "2021年…" then "去年的数据呢" asks 2020.
 */
function relativeToDiscussed(q: string, previous: string[]): string {
  const rel = CUES.relativeYear.re.exec(q);
  if (!rel) return q;
  const discussed = previous.map(explicitYears).find((ys) => ys.length);
  if (!discussed) return q;
  const back = rel[0] === '前年' ? 2 : 1;
  return q.replace(rel[0], `${Math.max(...discussed) - back}年`);
}

/**
 * Rule-based follow-up resolution (used when no LLM rewrites the question): a short question
 * that leans on the previous one ("那古城镇呢？", "它的行政处罚呢？", "和南郊镇比呢？") is merged
 * with the last user question that named an org, metric or topic. Returns the question to answer.
 */
export function resolveFollowUp(question: string, history: Turn[], corpus: CorpusIndex): string {
  return resolveConversation(question, history, corpus).question;
}

/**
 * Rule-based follow-up resolution (used when no LLM rewrites the question): a short question
 * that leans on the previous one ("那古城镇呢？", "它的行政处罚呢？", "和南郊镇比呢？") is merged
 * with the last user question that named an org, metric or topic. Returns the question to answer.
 */
export function resolveConversation(asked: string, history: Turn[], corpus: CorpusIndex): Resolved {
  // Each earlier question as it was resolved in its turn ("那花马池镇呢" → 花马池镇's question), latest first.
  const previous: string[] = [];
  for (const t of history.filter((x) => x.role === 'user').slice(-MAX_TURNS))
    previous.unshift(resolveAgainst(t.content, previous, corpus).question);
  return resolveAgainst(asked, previous, corpus);
}

/** How many earlier questions a follow-up is resolved against. */
const MAX_TURNS = 6;

function resolveAgainst(asked: string, previous: string[], corpus: CorpusIndex): Resolved {
  if (previous.length === 0) return { question: asked, notes: [] };
  const q = relativeToDiscussed(asked.trim(), previous);
  const as = (question: string, notes: string[] = []): Resolved => ({ question, notes });
  const cur = findEntities(q, corpus);
  const curMetric = findMetric(q);
  // "两个加起来多少？" — the orgs of the last few questions, with the last metric asked.
  if (FOLLOW_UP_CUES.together.re.test(q) && cur.orgs.length === 0) {
    const orgs = [...new Set(previous.slice(0, 5).flatMap((p) => findEntities(p, corpus).orgs))].reverse();
    const metric = previous.map((p) => findMetric(p)?.word).find(Boolean);
    if (orgs.length >= 2)
      return as(`${orgs.join('和')}${metric && !curMetric ? metric.replace(/…/g, '') : ''}${q.replace(/[？?]$/, '')}`);
  }
  const prev = previous.find((p) => findEntities(p, corpus).orgs.length > 0 || findMetric(p)) ?? previous[0]!;
  const pe = findEntities(prev, corpus);
  // A question naming no org, about no group of orgs, is about the org just discussed.
  const about =
    cur.orgs.length === 0 && pe.orgs.length > 0 && !cur.unknownOrgs.length && !FOLLOW_UP_CUES.group.re.test(q);
  // "哪个镇行政处罚最多" is complete on its own, however short.
  const complete = Boolean(curMetric) && FOLLOW_UP_CUES.group.re.test(q);
  const leans =
    !complete &&
    (FOLLOW_UP_CUES.leans.re.test(q) || (q.length <= 10 && (cur.orgs.length === 0 || !curMetric)) || about);
  if (!leans) return as(q === asked.trim() ? asked : q);
  const core = q.replace(FOLLOW_UP_CUES.opening.re, '').replace(/呢?[？?]?$/, '');

  // 和南郊镇比呢 → the previous question, compared with the new org.
  if (FOLLOW_UP_CUES.comparedWith.re.test(q) && cur.orgs.length) return as(`${prev.replace(/[？?]$/, '')}，${core}`);
  // 那古城镇呢 / 那2023年呢 → the previous question with the org or year swapped.
  // An org the corpus lacks swaps in too ("那北郊镇呢" asks of 北郊镇, to be refused), never joins the old one.
  const named = cur.orgs.length ? cur.orgs : cur.unknownOrgs;
  if (!curMetric && (named.length || cur.years.length) && core.replace(/[\s的年度\d]/g, '').length <= 8) {
    const merged = swap(prev, pe.orgs, named, corpus);
    if (cur.years.length)
      return as(
        pe.years.length
          ? merged.replace(/20\d{2}\s*年?度?/g, '').replace(/^/, `${cur.years.join('、')}年`)
          : `${cur.years.join('、')}年${merged}`,
      );
    return keptYears(merged, pe.years, cur.orgs, corpus);
  }
  // 自然人有几件 / 分别是什么原因 → a detail of the previous question's figure: ask both together.
  if (
    !curMetric &&
    !cur.orgs.length &&
    (FOLLOW_UP_CUES.detail.re.test(q) || CUES.breakdownFollowUp.re.test(q)) &&
    FOLLOW_UP_CUES.asksNumber.re.test(prev)
  )
    return as(`${prev.replace(/[？?]$/, '')}，${core}`);
  // 它的行政处罚呢 / 改进措施呢 → the new ask about the previous org and year, as a number if
  // the previous question asked for one.
  const orgs = cur.orgs.length ? '' : pe.orgs.join('和');
  const years = cur.years.length || !pe.years.length ? '' : `${pe.years.join('、')}年`;
  const how =
    curMetric && !FOLLOW_UP_CUES.asksNumber.re.test(core) && FOLLOW_UP_CUES.asksNumber.re.test(prev) ? '是多少' : '';
  return as(`${orgs}${years}${core}${how}`);
}

/**
 * An org switched in keeps the year discussed; an org with no report for it is asked for its
 * nearest year instead, and the answer says so ("古城镇没有2021年的报告，以下为2023年").
 */
function keptYears(merged: string, years: number[], orgs: string[], corpus: CorpusIndex): Resolved {
  if (!years.length || orgs.length !== 1) return { question: merged, notes: [] };
  const has = corpus.byOrg.get(orgs[0]!)!.years;
  if (has.some((y) => years.includes(y)) || !has.length) return { question: merged, notes: [] };
  const distance = (y: number) => Math.min(...years.map((x) => Math.abs(x - y)));
  const best = Math.min(...has.map(distance));
  const nearest = has.filter((y) => distance(y) === best);
  const asked = merged.replace(/20\d{2}\s*年?度?/g, '');
  return {
    question: `${nearest.join('、')}年${asked}`,
    notes: [`${orgs[0]}没有${years.join('、')}年的报告，以下为其${nearest.join('、')}年的数据`],
  };
}

/** Replaces the org names of a question (any alias) with other orgs. */
function swap(text: string, from: string[], to: string[], corpus: CorpusIndex): string {
  if (to.length === 0) return text;
  let out = text;
  let placed = false;
  for (const org of from) {
    const entry = corpus.byOrg.get(org);
    for (const alias of entry?.aliases ?? [org]) {
      if (out.includes(alias)) {
        out = out.replace(alias, placed ? '' : to.join('和'));
        placed = true;
        break;
      }
    }
  }
  return placed ? out : `${to.join('和')}${out}`;
}
