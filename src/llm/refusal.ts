import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { asData, loadPrompt } from './templates.ts';
import { messageText, stripThink } from './text.ts';
import { answerClaims, citationNumbers, hasInstruction, normaliseNumbers } from './verify.ts';

const MAX_REFUSAL_CHARS = 300;

/**
 * A short polite refusal that says what the corpus has (`corpus`: e.g. describeCorpus()), or null
 * on any failure or when the text is too long, cites passages, or states a number that is not
 * in the question, the reason or the corpus description — the caller keeps its own refusal.
 */
export async function generateRefusal(model: BaseChatModel, question: string, corpus: string, reason = ''): Promise<string | null> {
  try {
    const messages = await loadPrompt('refusal').formatMessages({
      question: asData(question),
      reason: asData(reason) || '（未说明）',
      corpus: asData(corpus) || '（库中还没有报告）',
    });
    const text = stripThink(messageText(await model.invoke(messages))).trim();
    if (!text || text.length > MAX_REFUSAL_CHARS || citationNumbers(text).length > 0 || hasInstruction(text)) return null;
    const known = new Set<string>();
    for (const m of normaliseNumbers(`${question}\n${reason}\n${corpus}`).matchAll(/\d+(?:\.\d+)?/g)) known.add(String(Number(m[0])));
    if (answerClaims(text).some((c) => !c.keys.some((k) => known.has(k)))) return null;
    return text;
  } catch {
    return null;
  }
}
