/**
 * Plays WeCom's long-connection server on 127.0.0.1 (frames as the official @wecom/aibot-node-sdk
 * exchanges them) against the channel: subscription and its refusal, heartbeats, message
 * callbacks answered as streams, a forced drop, a takeover by another instance, a duplicate
 * message and a malformed frame.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Answer, Turn } from '../../../domain/types.ts';
import type { Store } from '../../../domain/ports.ts';
import { createApp } from '../../../server/app.ts';
import { type LongConnectionChannel, wecomHealth } from '../../../wecom/aibot-long.ts';
import { disclosureAnswer, penaltyAnswer } from '../../../wecom/test-answers.ts';
import { sampleDb } from '../../../../eval/corpora.ts';
import { ask as realAsk } from '../../../qa/ask.ts';
import type { WecomDeps } from '../../../wecom/index.ts';
import { createNodeDeps } from '../deps.ts';
import { startWecomLongConnection } from './long-connection.ts';

const BOT_ID = 'aibAbCdEf0123';
const SECRET = 'S3cr3t-of-the-bot-0123456789';
const PENALTY = '花马池镇2021年行政处罚多少件？';
const DISCLOSURE = '葛寨镇2020年主动公开了哪些信息？';

interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
}
interface StreamBody {
  msgtype: string;
  stream: { id: string; finish: boolean; content: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** WeCom's side: acks subscriptions (refusing a wrong secret), heartbeats and replies. */
async function startFakeWecom() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const fake = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    /** Subscribe frames, with the time each arrived. */
    subscriptions: [] as { at: number; body: Record<string, unknown> }[],
    pings: 0,
    /** Reply frames (aibot_respond_msg, aibot_respond_welcome_msg) in arrival order. */
    replies: [] as Frame[],
    sockets: [] as WebSocket[],
    closedAt: [] as number[],
    current: undefined as WebSocket | undefined,
    wss,
  };
  const ack = (ws: WebSocket, reqId: string, errcode = 0, errmsg = 'ok') =>
    ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
  wss.on('connection', (ws) => {
    fake.sockets.push(ws);
    ws.on('close', () => fake.closedAt.push(Date.now()));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const reqId = frame.headers.req_id;
      if (frame.cmd === 'aibot_subscribe') {
        fake.subscriptions.push({ at: Date.now(), body: frame.body! });
        const ok = frame.body?.bot_id === BOT_ID && frame.body?.secret === SECRET;
        if (ok) fake.current = ws;
        return ok ? ack(ws, reqId) : ack(ws, reqId, 40058, 'invalid bot_id or secret');
      }
      if (frame.cmd === 'ping') {
        fake.pings++;
        return ack(ws, reqId);
      }
      fake.replies.push(frame);
      ack(ws, reqId);
    });
  });
  let n = 0;
  const streamOf = (reqId: string): StreamBody['stream'][] =>
    fake.replies.filter((f) => f.headers.req_id === reqId).map((f) => (f.body as unknown as StreamBody).stream);
  return Object.assign(fake, {
    /** Sends a message (or event) callback as WeCom does; returns its req_id. */
    push(body: Record<string, unknown>, cmd = 'aibot_msg_callback'): string {
      const reqId = `${cmd}_${++n}`;
      fake.current!.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
      return reqId;
    },
    text(msgid: string, content: string, from = 'zhangsan', chat?: string): Record<string, unknown> {
      return {
        msgid,
        aibotid: BOT_ID,
        chattype: chat ? 'group' : 'single',
        ...(chat ? { chatid: chat } : {}),
        from: { userid: from },
        msgtype: 'text',
        text: { content },
      };
    },
    streamOf,
    async finished(reqId: string): Promise<StreamBody['stream'][]> {
      return until(`the stream of ${reqId} to finish`, () => {
        const frames = streamOf(reqId);
        return frames.at(-1)?.finish ? frames : undefined;
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of fake.sockets) ws.terminate();
        wss.close(() => resolve());
      }),
  });
}

type FakeWecom = Awaited<ReturnType<typeof startFakeWecom>>;

const running: { channel?: LongConnectionChannel; fake?: FakeWecom }[] = [];
afterEach(async () => {
  for (const { channel, fake } of running.splice(0)) {
    channel?.stop();
    await fake?.close();
  }
});

interface Options {
  secret?: string;
  backoff?: { minMs: number; maxMs: number };
  heartbeatMs?: number;
  random?: () => number;
  publicBaseUrl?: string;
  /** The answer ask gives; by default the 花马池镇 cell answer for 行政处罚 and follow-ups, else the 葛寨镇 passages. */
  answer?: Answer;
  /** Text ask hands to onToken before answering, 30 ms apart, as an LLM writing would. */
  tokens?: string[];
  /** Instead of the fake ask. */
  ask?: WecomDeps['ask'];
}

async function start(options: Options = {}) {
  const fake = await startFakeWecom();
  const asked: { question: string; history: Turn[] }[] = [];
  const logs: string[] = [];
  const ask = async (question: string, history: Turn[] = [], onToken?: (text: string) => void): Promise<Answer> => {
    asked.push({ question, history });
    await sleep(20);
    for (const token of options.tokens ?? []) {
      onToken?.(token);
      await sleep(30);
    }
    return options.answer ?? (/行政处罚|呢/.test(question) ? penaltyAnswer : disclosureAnswer);
  };
  const channel = startWecomLongConnection({
    config: {
      WECOM_BOT_ID: BOT_ID,
      WECOM_BOT_SECRET: options.secret ?? SECRET,
      WECOM_WS_URL: fake.url,
      ...(options.publicBaseUrl ? { PUBLIC_BASE_URL: options.publicBaseUrl } : {}),
    },
    ask: options.ask ?? ask,
    listReports: async () => ({ total: 0, reports: [] }),
    log: (line) => logs.push(line),
    random: options.random ?? Math.random,
    timing: {
      heartbeatMs: options.heartbeatMs ?? 1000,
      backoff: options.backoff ?? { minMs: 40, maxMs: 160 },
      ackTimeoutMs: 500,
      streamUpdateMs: 20,
    },
  });
  running.push({ channel, fake });
  return { fake, channel, asked, logs };
}

describe('WeCom AI bot over the long connection', () => {
  it('subscribes, keeps a heartbeat, and answers a numeric and a narrative question as streams with their sources', async () => {
    const { fake, channel, logs } = await start({ heartbeatMs: 30 });
    await until('connected', () => channel.status().state === 'connected');
    expect(fake.subscriptions).toHaveLength(1);
    expect(fake.subscriptions[0]!.body).toEqual({ bot_id: BOT_ID, secret: SECRET });

    const numeric = fake.push(fake.text('m1', PENALTY));
    const narrative = fake.push(fake.text('m2', DISCLOSURE));
    const [n, d] = await Promise.all([fake.finished(numeric), fake.finished(narrative)]);

    // A placeholder first, then the answer with finish, in one stream.
    expect(n[0]).toMatchObject({ finish: false, content: '正在查阅年报，请稍候……' });
    expect(n).toHaveLength(2);
    expect(n[1]!.id).toBe(n[0]!.id);
    expect(n[1]!.content).toContain('**1319** 件[1]');
    expect(n[1]!.content).toContain(
      '**来源**\n[1] 盐池县花马池镇 2021年政府信息公开工作年度报告 · 表二 行政处罚 / 本年处理决定数量：1319件',
    );
    expect(d[1]!.finish).toBe(true);
    expect(d[1]!.content).toContain(
      '[1] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （二）主动公开情况',
    );
    expect(d[1]!.content).toContain(
      '[2] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （五）政府信息公开平台建设情况',
    );
    expect(n[0]!.id).not.toBe(d[0]!.id);
    expect(
      fake.replies.every(
        (f) => f.cmd === 'aibot_respond_msg' && (f.body as unknown as StreamBody).msgtype === 'stream',
      ),
    ).toBe(true);

    await until('two heartbeats', () => fake.pings >= 2);
    expect(channel.status().state).toBe('connected');
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('in a group answers with the mention stripped, and keeps follow-ups per user and chat', async () => {
    const { fake, channel, asked } = await start();
    await until('connected', () => channel.status().state === 'connected');

    await fake.finished(fake.push(fake.text('g1', `@年报助手 ${PENALTY}`, 'zhangsan', 'chat-1')));
    await fake.finished(fake.push(fake.text('g2', '@年报助手 那2022年呢？', 'zhangsan', 'chat-1')));
    await fake.finished(fake.push(fake.text('g3', '@年报助手 那2022年呢？', 'lisi', 'chat-1')));
    await fake.finished(fake.push(fake.text('s1', '那2022年呢？', 'zhangsan')));

    expect(asked.map((a) => a.question)).toEqual([PENALTY, '那2022年呢？', '那2022年呢？', '那2022年呢？']);
    expect(asked[0]!.history).toEqual([]);
    expect(asked[1]!.history).toEqual([
      { role: 'user', content: PENALTY },
      { role: 'assistant', content: penaltyAnswer.answer },
    ]);
    // Another user in the same group, and the same user in a direct chat, start afresh.
    expect(asked[2]!.history).toEqual([]);
    expect(asked[3]!.history).toEqual([]);
  });

  it('shows the text an LLM is writing, then replaces it with the answer and its sources', async () => {
    const tokens = ['葛寨镇2020年', '通过县政府信息公开平台、', '政务公开栏、广播等渠道', '主动公开信息。'];
    const { fake, channel } = await start({ tokens });
    await until('connected', () => channel.status().state === 'connected');
    const frames = await fake.finished(fake.push(fake.text('llm', DISCLOSURE)));
    const updates = frames.slice(1, -1);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const update of updates) {
      expect(update.finish).toBe(false);
      expect(update.content).toMatch(/^葛寨镇2020年.*……$/);
      expect(tokens.join('').startsWith(update.content.replace(/……$/, ''))).toBe(true);
    }
    expect(frames.at(-1)!.content).toContain('**来源**\n[1] 葛寨镇人民政府2020年政府信息公开工作年度报告');
  });

  it('cuts a long answer at the stream limit with a link to the web page', async () => {
    // 1,000 sentences of 10 characters, 30 bytes each: well over WeCom's 20,480 bytes.
    const long: Answer = { ...disclosureAnswer, answer: '主动公开信息一条[1]。'.repeat(1000) };
    const { fake, channel } = await start({ publicBaseUrl: 'https://qa.example.cn', answer: long });
    await until('connected', () => channel.status().state === 'connected');
    const frames = await fake.finished(fake.push(fake.text('long', DISCLOSURE)));
    const content = frames.at(-1)!.content;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(20_480);
    expect(content).toContain('……');
    expect(content).toContain('**来源**\n[1] 葛寨镇人民政府2020年政府信息公开工作年度报告');
    expect(content).toContain(`[查看完整回答](https://qa.example.cn/?q=${encodeURIComponent(DISCLOSURE)})`);
  });

  it('skips a malformed frame and answers a duplicate message once', async () => {
    const { fake, channel, asked, logs } = await start();
    await until('connected', () => channel.status().state === 'connected');
    fake.current!.send('this is not JSON');
    fake.current!.send(JSON.stringify({ cmd: 'aibot_msg_callback', body: { msgid: 'x' } }));
    const first = fake.push(fake.text('dup', PENALTY));
    const again = fake.push(fake.text('dup', PENALTY));
    await fake.finished(first);
    await sleep(100);

    expect(asked).toHaveLength(1);
    expect(fake.streamOf(again)).toEqual([]);
    expect(logs.filter((l) => l.includes('malformed frame'))).toHaveLength(2);
    expect(channel.status().state).toBe('connected');
  });

  it('reconnects after a drop within the backoff bounds, and answers again', async () => {
    const backoff = { minMs: 80, maxMs: 640 };
    const { fake, channel, logs } = await start({ backoff });
    await until('connected', () => channel.status().state === 'connected');

    fake.current!.terminate();
    await until('reconnecting', () => channel.status().state === 'reconnecting');
    expect(channel.status()).toMatchObject({ attempts: 1, lastError: expect.stringContaining('closed by WeCom') });
    await until('a second subscription', () => fake.subscriptions.length === 2);
    await until('connected again', () => channel.status().state === 'connected');
    // The first retry waits between half and all of minMs (jitter), plus the time to dial.
    const waited = fake.subscriptions[1]!.at - fake.closedAt[0]!;
    expect(waited).toBeGreaterThanOrEqual(backoff.minMs / 2 - 5);
    expect(waited).toBeLessThan(backoff.minMs + 250);

    const frames = await fake.finished(fake.push(fake.text('after', PENALTY)));
    expect(frames.at(-1)!.content).toContain('1319');
    expect(logs.some((l) => l.includes('reconnecting in'))).toBe(true);
  });

  it('gives way to another instance that takes the bot over: logged, not fought', async () => {
    const { fake, channel, logs } = await start({ backoff: { minMs: 10, maxMs: 40 } });
    await until('connected', () => channel.status().state === 'connected');
    fake.current!.send(
      JSON.stringify({
        cmd: 'aibot_event_callback',
        headers: { req_id: 'aibot_event_callback_1' },
        body: {
          msgid: 'e1',
          create_time: 1767225600,
          aibotid: BOT_ID,
          msgtype: 'event',
          event: { eventtype: 'disconnected_event' },
        },
      }),
    );
    fake.current!.close();
    await until('superseded', () => channel.status().state === 'superseded');
    await sleep(300); // many backoff periods
    expect(fake.subscriptions).toHaveLength(1);
    expect(logs.filter((l) => l.includes('disconnected_event'))).toHaveLength(1);
  });

  it('with a wrong secret logs one clear line and retries with capped backoff, never in a tight loop', async () => {
    const backoff = { minMs: 10, maxMs: 40 };
    const { fake, channel, logs } = await start({ secret: 'not-the-secret', backoff, random: () => 0 });
    await sleep(500);

    const times = fake.subscriptions.map((s) => s.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Waits of 5, 10, 20, 20, 20 … ms (random() = 0 takes the lower bound): capped, never zero.
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(gaps.every((g) => g >= backoff.minMs / 2 - 2)).toBe(true);
    expect(gaps.slice(3).every((g) => g >= backoff.maxMs / 2 - 2)).toBe(true);
    expect(times.length).toBeLessThan(500 / (backoff.maxMs / 2) + 4);

    const refusals = logs.filter((l) => l.includes('refused'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('errcode 40058');
    expect(refusals[0]).toContain('WECOM_BOT_SECRET');
    expect(logs.join('\n')).not.toContain('not-the-secret');
    expect(channel.status()).toMatchObject({
      state: expect.stringMatching(/reconnecting|connecting/),
      lastError: expect.stringContaining('40058'),
    });
  });

  it('welcomes a user who opens the chat', async () => {
    const { fake, channel } = await start();
    await until('connected', () => channel.status().state === 'connected');
    const reqId = fake.push(
      {
        msgid: 'e2',
        aibotid: BOT_ID,
        chattype: 'single',
        from: { userid: 'zhangsan' },
        msgtype: 'event',
        event: { eventtype: 'enter_chat' },
      },
      'aibot_event_callback',
    );
    const welcome = await until('the welcome', () => fake.replies.find((f) => f.headers.req_id === reqId));
    expect(welcome.cmd).toBe('aibot_respond_welcome_msg');
    expect(welcome.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('年报问答') } });
  });

  it('reports its state on /healthz beside the callback routes', async () => {
    const { channel } = await start();
    const config = { WECOM_BOT_TOKEN: 'QDG6eK' };
    const app = createApp({
      answer: async () => penaltyAnswer,
      store: { reportPage: async () => ({ total: 0, reports: [] }) } as unknown as Store,
      health: () => wecomHealth(config, channel),
    });
    const health = async () =>
      (await (await app.request('/healthz')).json()) as { wecom: Record<string, { state: string; reason?: string }> };
    await until('connected', () => channel.status().state === 'connected');
    expect((await health()).wecom).toMatchObject({
      callback: {
        state: 'disabled',
        reason: 'missing WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET',
      },
      aibot: { state: 'disabled', reason: 'missing WECOM_BOT_AES_KEY' },
      longConnection: { state: 'connected', attempts: 0 },
    });
    channel.stop();
    expect((await health()).wecom.longConnection!.state).toBe('stopped');
  });

  it('is disabled, and says why, without WECOM_BOT_ID and WECOM_BOT_SECRET', () => {
    const logs: string[] = [];
    const channel = startWecomLongConnection({
      config: {},
      ask: async () => penaltyAnswer,
      listReports: async () => ({ total: 0, reports: [] }),
      log: (l) => logs.push(l),
    });
    expect(channel.status()).toEqual({ state: 'disabled', reason: 'missing WECOM_BOT_ID, WECOM_BOT_SECRET' });
    expect(logs).toEqual(['wecom: AI bot long connection disabled: missing WECOM_BOT_ID, WECOM_BOT_SECRET']);
  });
});

describe('over the sample corpus', async () => {
  const db = await sampleDb(mkdtempSync(join(tmpdir(), 'wecom-long-')));
  const deps = await createNodeDeps(db, {});
  afterAll(() => {
    deps.close();
    db.close();
  });

  it('answers a numeric and a narrative question through the real ask, with their sources', async () => {
    const { fake, channel } = await start({ ask: (q, h) => realAsk(deps, q, h ?? []) });
    await until('connected', () => channel.status().state === 'connected');
    const numeric = await fake.finished(fake.push(fake.text('real-1', PENALTY)));
    const narrative = await fake.finished(
      fake.push(fake.text('real-2', '遂平县花庄镇2024年在平台建设方面做了哪些工作？')),
    );

    expect(numeric.at(-1)!.content).toContain('1319');
    expect(numeric.at(-1)!.content).toMatch(
      /\*\*来源\*\*\n\[1\] .*花马池镇.*2021年.* · 表二 行政处罚 \/ 本年处理决定数量：1319件/,
    );
    expect(narrative.at(-1)!.content).toMatch(/\*\*来源\*\*\n\[1\] .*花庄镇.*2024年/);
  });
});
