/** What both WeCom channels share: the collaborators, turning a message into a reply, and short-term memory. */
import type { Answer, Turn } from '../domain/types.ts';
import { helpText, renderAnswer, reportList, type ReportListing } from './markdown.ts';

/** A message to the AI bot as WeCom sends it, over the callback or the long connection; every field unchecked. */
export interface BotMessage {
  msgid?: unknown;
  msgtype?: unknown;
  chattype?: unknown;
  chatid?: unknown;
  from?: { userid?: unknown };
  text?: { content?: unknown };
  /** WeCom transcribes voice messages; the text is a question like any other. */
  voice?: { content?: unknown };
  /** Callback only: where a late answer is posted, and the stream a refresh asks about. */
  response_url?: unknown;
  stream?: { id?: unknown };
  /** Long connection only: enter_chat and the like. */
  event?: { eventtype?: unknown };
}

export interface Bot {
  /** `onToken` receives the answer's text as an LLM writes it, where the channel can show it. */
  ask(question: string, history?: Turn[], onToken?: (text: string) => void): Promise<Answer>;
  /** The newest reports, a bounded page of them, and how many the corpus holds. */
  listReports(): Promise<ReportListing>;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  log: (line: string) => void;
  /** Runs work that outlives the response (Workers' waitUntil); failures are logged, never thrown. */
  background: (work: Promise<unknown>, what: string) => void;
  /** How long a callback may wait for the answer before replying without it (WeCom gives up at 5 s). */
  replyBudgetMs: number;
  publicBaseUrl?: string;
}

const HELP = /^(帮助|help|\?|？)$/i;
const REPORTS = /^报告列表$/;

/** The reply to a picture, voice message or file. */
export const ONLY_TEXT = '目前只能回答文字提问，请直接输入问题，或发送「帮助」。';

/** One conversation's recent turns: a follow-up ("那2022年呢？") is read against them. */
export interface Thread {
  history: Turn[];
  remember(question: string, answer: string): void;
}

/** The markdown reply to one user message; never rejects, so a failed answer still gets a reply. */
export async function reply(
  bot: Bot,
  text: string,
  limitBytes: number,
  thread?: Thread,
  onToken?: (text: string) => void,
): Promise<string> {
  const question = text.trim();
  try {
    if (question === '' || HELP.test(question)) return helpText(bot.publicBaseUrl);
    if (REPORTS.test(question)) return reportList(await bot.listReports(), limitBytes);
    const answer = await bot.ask(question, thread?.history, onToken);
    thread?.remember(question, answer.answer);
    return renderAnswer(answer, { question, limitBytes, publicBaseUrl: bot.publicBaseUrl });
  } catch (err) {
    bot.log(`wecom: answering "${question.slice(0, 50)}" failed: ${errorText(err)}`);
    return '抱歉，这个问题暂时没能回答，请稍后再试。';
  }
}

/** In a group the text starts with the bot's @-mention, which is not part of the question. */
export function withoutMention(text: string, chattype: unknown): string {
  return chattype === 'group' ? text.replace(/^\s*@\S+\s*/, '') : text;
}

/** The promise's value if it settles within `ms`, else undefined; the work itself goes on. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: Parameters<typeof clearTimeout>[0];
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Entries remembered for a fixed time, e.g. message ids while WeCom may still retry them.
 * In memory, so per process (per isolate on Workers). Expired entries are dropped on write;
 * with one TTL, insertion order is expiry order, so the scan stops at the first live entry.
 */
export class Recent<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  set(key: string, value: V): void {
    const now = this.now();
    for (const [k, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(k);
    }
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.ttlMs });
  }
}

/** Turns kept per conversation: the follow-up rules look back a few questions, not more. */
const THREAD_TURNS = 10;
/** A conversation idle this long starts afresh. */
export const THREAD_IDLE_MS = 30 * 60_000;

/** Follow-ups are per user and per chat: one user's thread in a group is not another's. */
export function threadKey(user: unknown, chattype?: unknown, chatid?: unknown): string {
  return chattype === 'group' ? `group:${String(chatid ?? '')}:${String(user ?? '')}` : `single:${String(user ?? '')}`;
}

/**
 * Recent turns per conversation (one user in one chat), forgotten after `idleMs` without a
 * question — as the web page's 新对话 would, since a question hours later starts afresh.
 */
export class Conversations {
  readonly #threads: Recent<Turn[]>;

  constructor(idleMs: number, now: () => number) {
    this.#threads = new Recent<Turn[]>(idleMs, now);
  }

  thread(key: string): Thread {
    return {
      history: this.#threads.get(key) ?? [],
      // Read again: another question of the same thread may have finished meanwhile.
      remember: (question, answer) => {
        const turns: Turn[] = [
          ...(this.#threads.get(key) ?? []),
          { role: 'user', content: question },
          { role: 'assistant', content: answer },
        ];
        this.#threads.set(key, turns.slice(-THREAD_TURNS));
      },
    };
  }
}
