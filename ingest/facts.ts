import { holdsTable } from '../src/domain/catalogue.ts';
import type { Fact, Section } from '../src/domain/types.ts';

const UNITS = '万元|元|条|件|起|个|次|人次|篇|期|项|家|份|场|人|户|场次|批|部|册|余条|%|％';
/** A number in prose, its approximation marks and its unit. */
const FACT = new RegExp(`(约|近|超过|逾)?\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*(余|多)?\\s*(${UNITS})`, 'g');
const SENTENCE_END = /[。！？；\n]/;
/** A count of items the text leaves without its unit ("在工作专栏公布信息135。"): 条 is meant. */
const ITEMS_UNSAID = /(?<=(?:信息|消息|动态|稿件))\s*(\d+)(?=\s*[。，,；;])/g;

/**
 * Numbers stated in the prose ("共发布各类信息 891 条", "公开 460 余条", "满意率 100%"), with
 * unit, approximation and the sentence they stand in. In the sections that hold tables only
 * paragraphs count: the table's numbers are cells, but a report may also say them in a sentence
 * (and a page cut short may keep only that sentence). Years, dates and document numbers carry no
 * fact unit, so they are not facts.
 */
export function extractFacts(text: string, sections: Section[]): Fact[] {
  const skip = sections.filter((s) => s.depth === 1 && holdsTable(s.num));
  const facts: Fact[] = [];
  for (const m of text.matchAll(FACT)) {
    const at = m.index;
    if (notProse(text, at, skip)) continue;
    if (/[\d.]/.test(text[at - 1] ?? '')) continue;
    const unit = m[4]!.replace('％', '%').replace('余条', '条');
    const approx = Boolean(m[1] || m[3] || m[4] === '余条');
    const sentenceStart = lastIndexOfAny(text, at) + 1;
    const sentenceEnd = nextIndexOf(text, at + m[0].length);
    const clauseStart = Math.max(sentenceStart, lastIndexOfAny(text, at, /[，,、：:（(]/) + 1);
    facts.push({
      value: Number(m[2]!.replace(/,/g, '')),
      unit,
      approx,
      subject: text.slice(clauseStart, at).trim(),
      start: at,
      end: at + m[0].length,
      sentenceStart,
      sentenceEnd,
    });
  }
  for (const m of text.matchAll(ITEMS_UNSAID)) {
    const at = m.index + m[0].indexOf(m[1]!);
    if (notProse(text, at, skip)) continue;
    const sentenceStart = lastIndexOfAny(text, at) + 1;
    facts.push({
      value: Number(m[1]),
      unit: '条',
      approx: false,
      subject: text.slice(Math.max(sentenceStart, lastIndexOfAny(text, at, /[，,、：:（(]/) + 1), at).trim(),
      start: at,
      end: at + m[1]!.length,
      sentenceStart,
      sentenceEnd: nextIndexOf(text, at + m[1]!.length),
    });
  }
  return facts.sort((a, b) => a.start - b.start);
}

/**
 * Lines of a tab-separated or one-cell-per-line table are not prose; in a section that holds a
 * table, only a paragraph is (a long line of clauses, no cell separators).
 */
function notProse(text: string, at: number, tableSections: Section[]): boolean {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim();
  if (line.includes('\t') || line.length < 12) return true;
  if (!tableSections.some((s) => at >= s.start && at < s.end)) return false;
  return line.includes('|') || line.length < 40 || !/[，,]/.test(line);
}

function lastIndexOfAny(text: string, from: number, re: RegExp = SENTENCE_END): number {
  for (let i = from - 1; i >= 0; i--) if (re.test(text[i]!)) return i;
  return -1;
}

function nextIndexOf(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (SENTENCE_END.test(text[i]!)) return text[i] === '\n' ? i : i + 1;
  return text.length;
}
