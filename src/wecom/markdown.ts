/**
 * Answers as WeCom markdown: the answer, then its numbered sources, shortened to the channel's
 * byte limit (WeCom counts UTF-8 bytes, and a Chinese character is three of them).
 */
import { TABLE_TITLES, type TableId } from '../domain/catalogue.ts';
import type { Answer, Citation } from '../domain/types.ts';
import { leadOf } from '../qa/lead.ts';

/** `message/send` markdown content; also the passive text reply's limit. */
export const APP_LIMIT_BYTES = 2048;
/** The AI bot's stream content. */
export const STREAM_LIMIT_BYTES = 20_480;

const ELLIPSIS = '……';

export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The longest prefix within `maxBytes`, ending at a line or sentence end when one is in its second half. */
function cut(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    bytes += utf8Length(ch);
    if (bytes > maxBytes) break;
    end += ch.length;
  }
  const head = text.slice(0, end);
  if (end === text.length) return head;
  const stop = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('。'));
  return stop > head.length / 2 ? head.slice(0, stop + 1).trimEnd() : head;
}

/** The web page showing the same answer in full, with its tables and charts. */
export function answerUrl(publicBaseUrl: string, question: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/?q=${encodeURIComponent(question)}`;
}

/** A cell citation names its table by id (t2); the reader knows it as printed (表二). */
function tableName(table: string): string {
  return TABLE_TITLES[table as TableId]?.split(' ')[0] ?? table;
}

function sourceLine(c: Citation): string {
  if (c.cell) {
    const value = c.cell.value === null ? '（空）' : `${c.cell.value}${c.cell.unit}`;
    return `[${c.n}] ${c.title} · ${tableName(c.cell.table)} ${c.cell.row} / ${c.cell.col}：${value}`;
  }
  return `[${c.n}] ${c.title} · ${c.section}`;
}

/** Citations of one passage source (the points of one section) share a line: "[1][2][3] 标题 · 五、…". */
function sourceLines(citations: Citation[]): string[] {
  const out: { refs: string; text: string }[] = [];
  for (const c of citations) {
    const text = sourceLine(c).replace(/^\[\d+\] /, '');
    const last = out.at(-1);
    if (last && !c.cell && last.text === text) last.refs += `[${c.n}]`;
    else out.push({ refs: `[${c.n}]`, text });
  }
  return out.map((l) => `${l.refs} ${l.text}`);
}

/**
 * The answer made shorter without losing its shape: the lead whole, then each listed point cut to
 * its first sentence, keeping its citation marks — the points read, not a cut-off quote dump.
 */
function condense(body: string): string {
  const lead = leadOf(body);
  const rest = lead ? body.slice(body.indexOf(lead) + lead.length) : body;
  const lines = rest.split('\n').map((line) => {
    const m = /^(\s*(?:[-*]|\d+\.)\s+)(.*?)((?:\s*\[\d+\])*)\s*$/.exec(line);
    if (!m) return line;
    const [, mark, text, refs] = m;
    const first = /^.{8,60}?[。；;！]/.exec(text!)?.[0] ?? (text!.length > 60 ? `${text!.slice(0, 60)}…` : text!);
    return `${mark}${first}${first.length < text!.length && !first.endsWith('…') ? '…' : ''}${refs}`;
  });
  return `${lead}${lines.join('\n')}`;
}

function compose(body: string, sources: string[], footer: string): string {
  return body + (sources.length > 0 ? `\n\n**来源**\n${sources.join('\n')}` : '') + footer;
}

export interface RenderOptions {
  question: string;
  limitBytes: number;
  publicBaseUrl?: string;
}

export function renderAnswer(answer: Answer, { question, limitBytes, publicBaseUrl }: RenderOptions): string {
  const sources = sourceLines(answer.citations);
  const full = compose(answer.answer.trim(), sources, '');
  if (utf8Length(full) <= limitBytes) return full;
  const short = compose(condense(answer.answer.trim()), sources, '');
  if (utf8Length(short) <= limitBytes) return short;
  const body = condense(answer.answer.trim());

  // Shortened: sources get at most a quarter of the room, the link (when it is not absurdly long)
  // another quarter, and the answer the rest — the reader needs the answer first.
  const quarter = limitBytes / 4;
  const link = publicBaseUrl ? `\n\n[查看完整回答](${answerUrl(publicBaseUrl, question)})` : '';
  const footer = utf8Length(link) <= quarter ? link : '';
  const kept: string[] = [];
  let used = 0;
  for (const line of sources) {
    used += utf8Length(line) + 1;
    if (used > quarter) break;
    kept.push(line);
  }
  if (kept.length < sources.length) kept.push(`等 ${sources.length} 条`);
  const room = limitBytes - utf8Length(compose('', kept, footer)) - utf8Length(ELLIPSIS);
  return compose(cut(body, room) + ELLIPSIS, kept, footer);
}

/** For replies that only take plain text (the app's passive reply): markdown marks dropped, links spelled out. */
export function toPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]\n]*)\]\(([^)\s]+)\)/g, '$1：$2')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/`([^`\n]+)`/g, '$1');
}

export interface ReportEntry {
  title: string;
  org: string | null;
  year: number | null;
}

export interface ReportListing {
  total: number;
  reports: ReportEntry[];
}

/**
 * The newest reports, as many as fit, then how many more there are. `total` counts the whole
 * corpus: the listing is one bounded page (a province holds tens of thousands of reports).
 */
export function reportList({ total, reports }: ReportListing, limitBytes: number): string {
  if (total === 0) return '还没有收录任何报告。';
  const head = `已收录 ${total} 份报告：`;
  // "花马池镇 2021年" says as much as the full title and fits three times as many lines.
  const lines = reports.map((r, i) => `${i + 1}. ${r.org && r.year ? `${r.org} ${r.year}年` : r.title}`);
  const more = (shown: number) => (total > shown ? `\n……另有 ${total - shown} 份` : '');
  const reserve = utf8Length(more(0));
  let text = head;
  let bytes = utf8Length(head);
  for (const [i, line] of lines.entries()) {
    const next = bytes + 1 + utf8Length(line);
    if (next + (total > i + 1 ? reserve : 0) > limitBytes) return text + more(i);
    text += `\n${line}`;
    bytes = next;
  }
  return text + more(lines.length);
}

export function helpText(publicBaseUrl?: string): string {
  return [
    '**年报问答**：根据各地《政府信息公开工作年度报告》回答问题，数字和说法都注明出处。',
    '可以这样问：',
    '· 花马池镇2021年行政处罚多少件？',
    '· 葛寨镇2020年收到多少件政府信息公开申请？',
    '· 遂平县花庄镇2024年在平台建设方面做了哪些工作？',
    '发送「报告列表」查看已收录的报告。',
    ...(publicBaseUrl ? [`网页版：${publicBaseUrl}`] : []),
  ].join('\n');
}
