import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Turn } from '../domain/types.ts';
import { asData, loadPrompt } from './templates.ts';
import { providerFailure } from './provider-errors.ts';
import { messageText, stripThink } from './text.ts';
import { answerClaims, citationNumbers, normaliseNumbers } from './verify.ts';

/** Turns of history sent, characters per turn, and the longest rewrite accepted. */
const MAX_TURNS = 6;
const MAX_TURN_CHARS = 300;
const MAX_QUESTION_CHARS = 500;

/** History as fenced text: one `用户：`/`助手：` line per turn, long turns cut. */
export function formatHistory(history: Turn[]): string {
  return history
    .slice(-MAX_TURNS)
    .map((t) => {
      const text = t.content.replace(/\s+/g, ' ').trim();
      const cut = text.length > MAX_TURN_CHARS ? `${text.slice(0, MAX_TURN_CHARS)}…` : text;
      return `${t.role === 'user' ? '用户' : '助手'}：${asData(cut)}`;
    })
    .join('\n');
}

function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of normaliseNumbers(text).matchAll(/\d+(?:\.\d+)?/g)) out.add(String(Number(m[0])));
  return out;
}

/**
 * A model reply → the rewritten question, or null: its first non-empty line without a label
 * ("改写后的问题：") or quotes; null when empty, too long, carrying citations, or stating a
 * number that neither the question nor the history has.
 */
export function cleanRewrite(reply: string, question: string, history: Turn[]): string | null {
  const line = stripThink(reply)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return null;
  const text = line
    .replace(/^(?:[*#>\-\s]+)/, '')
    .replace(/^(?:改写后的问题|改写后|完整问题|独立问题|问题|rewritten question|question)\s*[：:]\s*/i, '')
    .replace(/^[“"'「『`]+|[”"'」』`]+$/g, '')
    .trim();
  if (!text || text.length > MAX_QUESTION_CHARS || citationNumbers(text).length > 0) return null;
  const known = numbersIn([question, ...history.map((t) => t.content)].join('\n'));
  const claims = answerClaims(text);
  if (claims.some((c) => !c.keys.some((k) => known.has(k)))) return null;
  return text;
}

/**
 * The LLM follow-up rewrite: history + question → a standalone question, or null on any
 * failure (the caller then uses the rule-based resolveFollowUp). Without a user turn in the
 * history there is nothing to resolve and the question is returned as it is. Failures are logged.
 */
export async function rewriteFollowUp(
  model: BaseChatModel,
  question: string,
  history: Turn[],
  log?: (line: string) => void,
): Promise<string | null> {
  const q = question.trim();
  if (!q) return null;
  const turns = history.filter((t) => t.content.trim() !== '').slice(-MAX_TURNS);
  if (!turns.some((t) => t.role === 'user')) return q;
  try {
    const messages = await (await loadPrompt('followUp')).formatMessages({
      history: formatHistory(turns),
      question: asData(q),
    });
    return cleanRewrite(messageText(await model.invoke(messages)), q, turns);
  } catch (e) {
    log?.(providerFailure('llm: follow-up rewrite', e));
    return null;
  }
}
