/**
 * The AI bot (智能机器人) callback: JSON messages in, replies as a "stream" that WeCom keeps
 * refreshing until we say finish. An answer that is only ready after WeCom has stopped
 * refreshing goes to the message's response_url instead.
 */
import { Hono } from 'hono';
import {
  type Bot,
  type BotMessage,
  type Conversations,
  ONLY_TEXT,
  Recent,
  reply,
  threadKey,
  within,
  withoutMention,
} from './bot.ts';
import { type Channel, Rejection } from './channel.ts';
import { randomId } from './crypto.ts';
import { STREAM_LIMIT_BYTES } from './markdown.ts';

const WORKING = '正在查阅年报，请稍候……';
const SENT_SEPARATELY = '回答用时较长，已另发一条消息。';
const EXPIRED = '这个回答已过期，请重新提问。';

interface Stream {
  id: string;
  /** The whole markdown so far: WeCom replaces the shown message with it on every refresh. */
  content: string;
  finished: boolean;
  startedAt: number;
}

export function aiBot(bot: Bot, channel: Channel, streamWindowMs: number, conversations: Conversations): Hono {
  // Kept a while past the window, so a late refresh still finds its stream finished.
  const memoryMs = streamWindowMs + 10 * 60_000;
  const streams = new Recent<Stream>(memoryMs, bot.now);
  /** msgid → stream id: a retried message gets its stream back rather than a second answer. */
  const streamOf = new Recent<string>(memoryMs, bot.now);
  const app = new Hono();

  const sealedFrame = (stream: Pick<Stream, 'id' | 'content' | 'finished'>) => {
    const frame = { msgtype: 'stream', stream: { id: stream.id, finish: stream.finished, content: stream.content } };
    const { encrypt, signature: msgsignature, timestamp, nonce } = channel.seal(JSON.stringify(frame));
    return { encrypt, msgsignature, timestamp, nonce };
  };

  app.get('/', channel.verifyUrl);

  app.post('/', async (c) => {
    const envelope = parseObject(await c.req.text()) as { encrypt?: unknown } | undefined;
    if (typeof envelope?.encrypt !== 'string') throw new Rejection(400, 'malformed JSON envelope');
    const message = parseObject(channel.open(c.req.query(), envelope.encrypt)) as BotMessage | undefined;
    if (!message) throw new Rejection(400, 'malformed JSON message');

    if (message.msgtype === 'stream') {
      const id = String(message.stream?.id ?? '');
      return c.json(sealedFrame(streams.get(id) ?? { id, content: EXPIRED, finished: true }));
    }
    if (message.msgtype === 'event') return c.body(null, 200);
    if (typeof message.msgid !== 'string' || message.msgid === '') throw new Rejection(400, 'message without msgid');

    const known = streams.get(streamOf.get(message.msgid) ?? '');
    if (known) return c.json(sealedFrame(known));

    const stream: Stream = { id: randomId(), content: WORKING, finished: false, startedAt: bot.now() };
    streams.set(stream.id, stream);
    streamOf.set(message.msgid, stream.id);
    const responseUrl = typeof message.response_url === 'string' ? message.response_url : undefined;

    const thread = conversations.thread(threadKey(message.from?.userid, message.chattype, message.chatid));
    const replying =
      message.msgtype === 'text'
        ? reply(bot, question(message), STREAM_LIMIT_BYTES, thread)
        : Promise.resolve(ONLY_TEXT);
    const answering = replying.then(async (markdown) => {
      const late = bot.now() - stream.startedAt > streamWindowMs;
      stream.content = late ? SENT_SEPARATELY : markdown;
      stream.finished = true;
      if (late) await respondLater(bot.fetch, responseUrl, markdown);
    });
    bot.background(answering, `AI bot answer to ${message.msgid}`);
    // A quick answer finishes in the first reply, sparing WeCom the refresh round trips.
    await within(answering, bot.replyBudgetMs);
    return c.json(sealedFrame(stream));
  });

  return app;
}

function question(message: BotMessage): string {
  return withoutMention(String(message.text?.content ?? ''), message.chattype);
}

function parseObject(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** response_url takes one plain (unencrypted) markdown message within an hour of the question. */
async function respondLater(fetcher: Bot['fetch'], url: string | undefined, markdown: string): Promise<void> {
  if (!url) throw new Error('answer finished after the stream window, and the message had no response_url');
  const response = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown } }),
  });
  const result = (await response.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
  if (!response.ok || result.errcode !== 0) {
    throw new Error(`response_url: HTTP ${response.status} ${result.errcode} ${result.errmsg}`);
  }
}
