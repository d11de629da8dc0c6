/**
 * The self-built app (自建应用) callback: XML messages in; the answer as a passive reply when it is
 * ready within the budget, else an empty 200 at once and the answer later through message/send.
 */
import { Hono } from 'hono';
import type { WecomApi } from './api.ts';
import { type Bot, type Conversations, ONLY_TEXT, Recent, reply, threadKey, within } from './bot.ts';
import { type Channel, Rejection } from './channel.ts';
import { APP_LIMIT_BYTES, toPlainText } from './markdown.ts';
import { encryptedReplyXml, parseXml, textReplyXml } from './xml.ts';

/** WeCom retries an unanswered callback three times within about 15 s; remember ids well past that. */
const RETRY_MEMORY_MS = 10 * 60_000;

export function appCallback(
  bot: Bot,
  channel: Channel,
  api: WecomApi,
  corpId: string,
  conversations: Conversations,
): Hono {
  const answered = new Recent<true>(RETRY_MEMORY_MS, bot.now);
  const app = new Hono();

  app.get('/', channel.verifyUrl);

  app.post('/', async (c) => {
    const envelope = parseXml(await c.req.text());
    if (!envelope?.Encrypt) throw new Rejection(400, 'malformed XML envelope');
    const message = parseXml(channel.open(c.req.query(), envelope.Encrypt));
    if (!message) throw new Rejection(400, 'malformed XML message');
    // Events (enter_agent, subscribe, menu clicks…) are acknowledged, not answered.
    if (message.MsgType === 'event') return c.body(null, 200);
    const { MsgId: msgId, FromUserName: user } = message;
    if (!msgId || !user) throw new Rejection(400, 'message without MsgId or FromUserName');
    if (answered.get(msgId)) return c.body(null, 200);
    answered.set(msgId, true);

    const answering =
      message.MsgType === 'text'
        ? reply(bot, message.Content ?? '', APP_LIMIT_BYTES, conversations.thread(threadKey(user)))
        : Promise.resolve(ONLY_TEXT);
    const ready = await within(answering, bot.replyBudgetMs);
    if (ready === undefined) {
      bot.background(
        answering.then((markdown) => api.sendMarkdown(user, markdown)),
        `message/send to ${user}`,
      );
      return c.body(null, 200);
    }
    // A passive reply can only be text, not markdown.
    const xml = textReplyXml(user, corpId, Math.floor(bot.now() / 1000), toPlainText(ready));
    return c.body(encryptedReplyXml(channel.seal(xml)), 200, { 'content-type': 'application/xml; charset=utf-8' });
  });

  return app;
}
