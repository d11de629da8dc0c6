/**
 * The AI bot (智能机器人) over the long connection, for services that WeCom cannot call back (an
 * intranet without public HTTPS): message frames in, each answered as a stream — a placeholder at
 * once, an LLM's text as it is written, then the answer with `finish` — in the same markdown as
 * the callback bot.
 */
import {
  type Bot,
  type BotMessage,
  Conversations,
  errorText,
  ONLY_TEXT,
  Recent,
  reply,
  THREAD_IDLE_MS,
  threadKey,
  withoutMention,
} from './bot.ts';
import { randomId } from './crypto.ts';
import { botFrom, callbackStatus, missingSettings, type WecomDeps } from './index.ts';
import {
  type Backoff,
  CMD,
  type ConnectionStatus,
  DEFAULT_WS_URL,
  type Dial,
  type Frame,
  LongConnection,
} from './long-connection.ts';
import { helpText, STREAM_LIMIT_BYTES, toPlainText, utf8Length } from './markdown.ts';

const WORKING = '正在查阅年报，请稍候……';
/** After the text an LLM is still writing. */
const WRITING = '……';
/** WeCom may deliver a message again (e.g. around a reconnect); remember ids well past that. */
const DUPLICATE_MEMORY_MS = 10 * 60_000;

export interface LongConnectionDeps extends WecomDeps {
  /** Opens a WebSocket (the runtime's). */
  dial: Dial;
  random?: () => number;
  /** Defaults: heartbeat 30 s, backoff 1 s → 60 s, acks within 10 s, the text an LLM is
   *  writing shown every 500 ms; smaller in tests. */
  timing?: { heartbeatMs?: number; backoff?: Backoff; ackTimeoutMs?: number; streamUpdateMs?: number };
}

export type LongConnectionStatus = ConnectionStatus | { state: 'disabled'; reason: string };

export interface LongConnectionChannel {
  status(): LongConnectionStatus;
  stop(): void;
}

/** For /healthz: each WeCom channel's state — enabled, connected, reconnecting… or disabled and why. */
export function wecomHealth(config: WecomDeps['config'], longConnection: LongConnectionChannel) {
  return { wecom: { ...callbackStatus(config), longConnection: longConnection.status() } };
}

/**
 * Starts the channel when WECOM_BOT_ID and WECOM_BOT_SECRET are set (WECOM_WS_URL for a private
 * deployment's address); otherwise a disabled channel and one log line, as the callback routes do.
 */
export function startLongConnection(deps: LongConnectionDeps): LongConnectionChannel {
  const bot = botFrom(deps);
  const { config } = deps;
  const missing = missingSettings(config, ['WECOM_BOT_ID', 'WECOM_BOT_SECRET']);
  if (missing) {
    bot.log(`wecom: AI bot long connection disabled: ${missing}`);
    return { status: () => ({ state: 'disabled', reason: missing }), stop: () => undefined };
  }
  const answered = new Recent<true>(DUPLICATE_MEMORY_MS, bot.now);
  const conversations = new Conversations(THREAD_IDLE_MS, bot.now);
  const updateMs = deps.timing?.streamUpdateMs ?? 500;
  const connection = new LongConnection({
    url: config.WECOM_WS_URL || DEFAULT_WS_URL,
    botId: config.WECOM_BOT_ID!,
    secret: config.WECOM_BOT_SECRET!,
    dial: deps.dial,
    onFrame: (frame) => onFrame(frame),
    log: bot.log,
    now: bot.now,
    random: deps.random ?? Math.random,
    heartbeatMs: deps.timing?.heartbeatMs ?? 30_000,
    backoff: deps.timing?.backoff ?? { minMs: 1000, maxMs: 60_000 },
    ackTimeoutMs: deps.timing?.ackTimeoutMs ?? 10_000,
  });

  const onFrame = (frame: Frame) => {
    const message = (frame.body ?? {}) as BotMessage;
    const reqId = frame.headers.req_id;
    if (frame.cmd === CMD.event) {
      // WeCom shows a welcome only if it comes within 5 s of the user opening the chat.
      if (message.event?.eventtype === 'enter_chat') {
        const welcome = { msgtype: 'text', text: { content: toPlainText(helpText(bot.publicBaseUrl)) } };
        bot.background(connection.respond(reqId, CMD.respondWelcome, welcome), 'welcome');
      }
      return;
    }
    if (typeof message.msgid !== 'string' || message.msgid === '') {
      bot.log('wecom long connection: skipped a message without msgid');
      return;
    }
    if (answered.get(message.msgid)) return;
    answered.set(message.msgid, true);
    bot.background(
      answer(bot, connection, conversations, updateMs, reqId, message),
      `long connection answer to ${message.msgid}`,
    );
  };

  connection.start();
  return { status: () => connection.status(), stop: () => connection.stop() };
}

async function answer(
  bot: Bot,
  connection: LongConnection,
  conversations: Conversations,
  updateMs: number,
  reqId: string,
  message: BotMessage,
): Promise<void> {
  const streamId = randomId();
  const frame = (content: string, finish: boolean) => ({
    msgtype: 'stream',
    stream: { id: streamId, finish, content },
  });
  // The placeholder goes at once: the answer may take a while, WeCom's deadline does not.
  const placeholder = connection.respond(reqId, CMD.respond, frame(WORKING, false));

  // While an LLM writes, its text so far replaces the placeholder now and then (one update in
  // flight at most); the finished answer, with its sources, replaces it in the end.
  let written = '';
  let updating = false;
  let lastUpdate = bot.now();
  const onToken = (token: string) => {
    written += token;
    const fits = utf8Length(written) + utf8Length(WRITING) <= STREAM_LIMIT_BYTES;
    if (updating || !fits || bot.now() - lastUpdate < updateMs) return;
    updating = true;
    lastUpdate = bot.now();
    const done = () => (updating = false);
    connection.respond(reqId, CMD.respond, frame(written + WRITING, false)).then(done, done);
  };

  const text =
    message.msgtype === 'text'
      ? message.text?.content
      : message.msgtype === 'voice'
        ? message.voice?.content
        : undefined;
  const thread = conversations.thread(threadKey(message.from?.userid, message.chattype, message.chatid));
  const markdown =
    typeof text === 'string'
      ? await reply(bot, withoutMention(text, message.chattype), STREAM_LIMIT_BYTES, thread, onToken)
      : ONLY_TEXT;
  await placeholder.catch((err: unknown) =>
    bot.log(`wecom long connection: placeholder not delivered: ${errorText(err)}`),
  );
  await connection.respond(reqId, CMD.respond, frame(markdown, true));
}
