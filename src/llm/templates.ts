import type { ChatPromptTemplate } from '@langchain/core/prompts';
import { PROMPT_SOURCES } from './prompts.ts';

/**
 * The prompt version each task uses. A new version is a new file (prompts/answer.v2.md), switched
 * here, so that eval results name the prompt they were made with.
 */
export const PROMPTS = {
  queryPlan: 'query-plan.v1',
  answer: 'answer.v1',
  followUp: 'followup-rewrite.v1',
} as const;
export type PromptTask = keyof typeof PROMPTS;

export type PromptRole = 'system' | 'human' | 'ai';

/** A line `<!-- system -->`, `<!-- human -->` or `<!-- ai -->` starts a message. */
const ROLE_LINE = /^<!--\s*(system|human|ai)\s*-->[ \t]*$/gm;

/**
 * A prompt file → its messages. Text before the first role line (a leading HTML comment that
 * documents the prompt) is not sent. Message text is an f-string template: `{name}` is a
 * variable, `{{` and `}}` are literal braces.
 */
export function parsePromptFile(source: string): [PromptRole, string][] {
  const text = source.replace(/\r\n?/g, '\n');
  const marks = [...text.matchAll(ROLE_LINE)];
  if (marks.length === 0) throw new Error('prompt file has no <!-- system --> / <!-- human --> line');
  return marks.map((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    return [m[1] as PromptRole, text.slice(start, end).trim()];
  });
}

const cache = new Map<string, ChatPromptTemplate>();

/**
 * The ChatPromptTemplate of a prompt file by name ("answer.v1") or task ("answer"). LangChain's
 * prompts are imported at the first use: loading them took a second of every process's start,
 * and a service without an LLM never uses them.
 */
export async function loadPrompt(nameOrTask: PromptTask | string): Promise<ChatPromptTemplate> {
  const name = nameOrTask in PROMPTS ? PROMPTS[nameOrTask as PromptTask] : nameOrTask;
  let prompt = cache.get(name);
  if (!prompt) {
    const source = PROMPT_SOURCES[name];
    if (source === undefined) throw new Error(`no prompt file prompts/${name}.md (run npm run build:prompts)`);
    const { ChatPromptTemplate } = await import('@langchain/core/prompts');
    prompt = ChatPromptTemplate.fromMessages(parsePromptFile(source));
    cache.set(name, prompt);
  }
  return prompt;
}

/**
 * Text that goes inside a delimited data block of a prompt (report text, the user's question,
 * history, SQL rows): angle brackets become full-width so that the text can neither close its
 * block (`</passage>`) nor open a fake one (`<system>`); control characters are dropped.
 */
export function asData(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/</g, '＜')
    .replace(/>/g, '＞');
}
