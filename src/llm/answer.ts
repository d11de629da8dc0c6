import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { asData, loadPrompt } from './templates.ts';
import { LLM_UNAVAILABLE, providerFailure } from './provider-errors.ts';
import { messageText, stripThink, ThinkFilter } from './text.ts';
import { canonicalCitations, citationNumbers, verifyAnswer } from './verify.ts';

/** A passage as the answer prompt numbers it: [n] in the answer refers to it. */
export interface AnswerPassage {
  n: number;
  title: string;
  section: string;
  quote: string;
}

export interface LlmAnswer {
  text: string;
  warnings: string[];
}

/** Longest quote put in the prompt, and most SQL rows. */
const MAX_QUOTE_CHARS = 2000;
const MAX_ROWS = 50;

/** The passages as fenced data blocks: `<passage n="1">` … `</passage>`, text inside made inert. */
export function formatPassages(passages: AnswerPassage[]): string {
  if (passages.length === 0) return '（无）';
  return passages
    .map(
      (p) =>
        `<passage n="${p.n}">\n报告：${asData(p.title)}\n章节：${asData(p.section)}\n原文：${asData(p.quote.slice(0, MAX_QUOTE_CHARS))}\n</passage>`,
    )
    .join('\n\n');
}

/** SQL rows as JSON data, or （无）. */
export function formatRows(rows?: Record<string, unknown>[]): string {
  if (!rows?.length) return '（无）';
  const json = JSON.stringify(rows.slice(0, MAX_ROWS), (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return asData(json) + (rows.length > MAX_ROWS ? `\n（另有 ${rows.length - MAX_ROWS} 行未列出）` : '');
}

/** The messages of the answer prompt (exported for tests and for logging the prompt). */
export async function answerMessages(question: string, passages: AnswerPassage[], sqlRows?: Record<string, unknown>[]) {
  return (await loadPrompt('answer')).formatMessages({
    question: asData(question),
    count: String(passages.length),
    passages: formatPassages(passages),
    sql_rows: formatRows(sqlRows),
  });
}

/**
 * Generates an answer with citations [n], streaming visible tokens to `onToken` in order (think
 * blocks of reasoning models held back). Returns the full text. Throws on model errors.
 *
 * The streamed tokens are NOT verified yet: a client that shows them must replace them with the
 * final answer of answerWithLlm, which may be the fallback.
 */
export async function generateAnswer(
  model: BaseChatModel,
  question: string,
  passages: AnswerPassage[],
  sqlRows?: Record<string, unknown>[],
  onToken?: (t: string) => void,
): Promise<string> {
  const messages = await answerMessages(question, passages, sqlRows);
  const filter = new ThinkFilter();
  let full = '';
  for await (const chunk of await model.stream(messages)) {
    const t = messageText(chunk);
    if (!t) continue;
    full += t;
    const shown = filter.push(t);
    if (shown) onToken?.(shown);
  }
  const rest = filter.end();
  if (rest) onToken?.(rest);
  return stripThink(full).trim();
}

/**
 * generate → verify. On success the LLM text (citations written [n]); on a generation error, a
 * failed verification, or an answer that cites nothing although passages were given, the
 * deterministic `fallback` with a warning. A provider's error is logged, never shown. Never throws.
 */
export async function answerWithLlm(
  model: BaseChatModel,
  question: string,
  passages: AnswerPassage[],
  sqlRows: Record<string, unknown>[] | undefined,
  fallback: string,
  onToken?: (t: string) => void,
  log?: (line: string) => void,
): Promise<LlmAnswer> {
  let text: string;
  try {
    text = await generateAnswer(model, question, passages, sqlRows, onToken);
  } catch (e) {
    log?.(providerFailure('llm: answer', e));
    return { text: fallback, warnings: [LLM_UNAVAILABLE] };
  }
  const context = [question, ...passages.flatMap((p) => [p.title, p.section])];
  const verdict = verifyAnswer(text, passages, sqlRows, { context });
  if (!verdict.ok) return { text: fallback, warnings: [`LLM 回答未通过引用校验：${verdict.reasons.join('；')}`] };
  if (passages.length > 0 && citationNumbers(text).length === 0) {
    return { text: fallback, warnings: ['LLM 回答未通过引用校验：回答没有引用任何段落'] };
  }
  return { text: canonicalCitations(text), warnings: [] };
}
