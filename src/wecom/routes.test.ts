/**
 * Plays WeCom against the routes over real HTTP: the client side is built on the official
 * @wecom/crypto library, and a local stub stands in for qyapi.weixin.qq.com and response_url.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, Turn } from '../domain/types.ts';
import { wecomRoutes } from './index.ts';
import { disclosureAnswer, penaltyAnswer } from './test-answers.ts';

interface VectorSet {
  token: string;
  encodingAESKey: string;
  receiveId: string;
  verifyUrl: {
    msg_signature: string;
    timestamp: string;
    nonce: string;
    echostr: string;
    expected_echo_plaintext: string;
  };
  decryptMsg: {
    msg_signature: string;
    timestamp: string;
    nonce: string;
    postData?: string;
    expected_plaintext: string;
  };
}
const vectors = (
  JSON.parse(readFileSync(new URL('./fixtures/vectors.json', import.meta.url), 'utf8')) as { sets: VectorSet[] }
).sets;
/** The self-built app is configured as the official Python sample's corp, so its captured requests replay as they are. */
const corp = vectors[0]!;
const BOT = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const AGENT_ID = '1000002';
const PUBLIC_BASE_URL = 'https://qa.example.cn';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the WeCom server API stub ------------------------------------------------------------

interface Sent {
  token: string;
  body: { touser: string; msgtype: string; agentid: number; markdown: { content: string } };
}

async function startStub() {
  const stub = {
    url: '',
    tokenRequests: [] as URLSearchParams[],
    sends: [] as Sent[],
    /** Bodies POSTed to response_url. */
    late: [] as { msgtype: string; markdown: { content: string } }[],
    /** The next message/send answers 42001, as WeCom does when the access_token has expired. */
    expireNextSend: false,
    server: undefined as unknown as Server,
  };
  let issued = 0;
  stub.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const reply = (json: object) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (url.pathname === '/cgi-bin/gettoken') {
        stub.tokenRequests.push(url.searchParams);
        return reply({ errcode: 0, errmsg: 'ok', access_token: `token-${++issued}`, expires_in: 7200 });
      }
      if (url.pathname === '/cgi-bin/message/send') {
        const token = url.searchParams.get('access_token') ?? '';
        if (stub.expireNextSend) {
          stub.expireNextSend = false;
          return reply({ errcode: 42001, errmsg: 'access_token expired' });
        }
        if (token !== `token-${issued}`) return reply({ errcode: 40014, errmsg: 'invalid access_token' });
        stub.sends.push({ token, body: JSON.parse(body) });
        return reply({ errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/response_url') {
        stub.late.push(JSON.parse(body));
        return reply({ errcode: 0, errmsg: 'ok' });
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
  return stub;
}

// ---- the app under test -------------------------------------------------------------------

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const close = (server: { close(cb: () => void): unknown }) => () =>
  new Promise<void>((resolve) => server.close(() => resolve()));

interface Options {
  /** How long ask takes; the passive-reply budget is 50 ms. */
  askMs?: number;
  /** Moves the injected clock while answering, e.g. past the AI bot's stream window. */
  askAdvancesClockMs?: number;
  config?: Record<string, string | undefined>;
  /** The answer ask gives; by default the 花马池镇 cell answer for 行政处罚, else the 葛寨镇 passages. */
  answer?: Answer | Error;
}

async function start(options: Options = {}) {
  const stub = await startStub();
  closers.push(close(stub.server));
  const clock = { ms: Date.parse('2025-03-03T09:30:00+08:00') };
  const asked: string[] = [];
  /** The history each question came with. */
  const histories: Turn[][] = [];
  const logs: string[] = [];
  const background: Promise<unknown>[] = [];
  const config = {
    WECOM_TOKEN: corp.token,
    WECOM_AES_KEY: corp.encodingAESKey,
    WECOM_CORP_ID: corp.receiveId,
    WECOM_AGENT_ID: AGENT_ID,
    WECOM_SECRET: 'app-secret',
    WECOM_BOT_TOKEN: BOT.token,
    WECOM_BOT_AES_KEY: BOT.aesKey,
    WECOM_API_BASE: stub.url,
    PUBLIC_BASE_URL,
    WECOM_REPLY_BUDGET_MS: '50',
    WECOM_STREAM_WINDOW_MS: '60000',
    ...options.config,
  };
  const ask = async (question: string, history: Turn[] = []): Promise<Answer> => {
    asked.push(question);
    histories.push(history);
    await sleep(options.askMs ?? 0);
    clock.ms += options.askAdvancesClockMs ?? 0;
    if (options.answer instanceof Error) throw options.answer;
    return options.answer ?? (question.includes('行政处罚') ? penaltyAnswer : disclosureAnswer);
  };
  const routes = wecomRoutes({
    ask,
    listReports: async () => ({
      total: 2,
      reports: [
        { title: '盐池县花马池镇 2021年政府信息公开工作年度报告', org: '盐池县花马池镇', year: 2021 },
        { title: '葛寨镇人民政府2020年政府信息公开工作年度报告', org: '葛寨镇', year: 2020 },
      ],
    }),
    config,
    now: () => clock.ms,
    log: (line) => logs.push(line),
    waitUntil: (p) => background.push(p),
  });
  const server = serve({ fetch: new Hono().route('/wecom', routes).fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  closers.push(close(server));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom`;
  /** Waits for everything the routes handed to waitUntil, including work started meanwhile. */
  const settled = async () => {
    for (let seen = 0; seen < background.length; seen = background.length) await Promise.all(background);
  };
  return { stub, clock, asked, histories, logs, base, settled };
}

// ---- WeCom's side, on the official library ------------------------------------------------

let nonces = 0;
function signedQuery(token: string, cipherText: string, timestampS: number, extra: Record<string, string> = {}) {
  const nonce = String(++nonces);
  const timestamp = String(timestampS);
  return new URLSearchParams({
    msg_signature: getSignature(token, timestamp, nonce, cipherText),
    timestamp,
    nonce,
    ...extra,
  });
}

type World = Awaited<ReturnType<typeof start>>;

/** The self-built app's side: XML envelopes signed with the app token, for the corp id. */
function app(world: World) {
  const seconds = () => Math.floor(world.clock.ms / 1000);
  return {
    async verify(echo: string, receiveId = corp.receiveId) {
      const echostr = encrypt(corp.encodingAESKey, echo, receiveId);
      return fetch(`${world.base}/callback?${signedQuery(corp.token, echostr, seconds(), { echostr })}`);
    },
    async post(plainXml: string, { receiveId = corp.receiveId, timestampS = seconds(), token = corp.token } = {}) {
      const cipherText = encrypt(corp.encodingAESKey, plainXml, receiveId);
      const body = `<xml><ToUserName><![CDATA[${corp.receiveId}]]></ToUserName><Encrypt><![CDATA[${cipherText}]]></Encrypt><AgentID><![CDATA[${AGENT_ID}]]></AgentID></xml>`;
      return fetch(`${world.base}/callback?${signedQuery(token, cipherText, timestampS)}`, { method: 'POST', body });
    },
    /** Checks the passive reply's signature and receive id as WeCom would, and returns its fields. */
    async open(response: Response) {
      const xml = await response.text();
      const field = (name: string) =>
        new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`, 's').exec(xml)?.[1] ?? '';
      const cipherText = field('Encrypt');
      expect(getSignature(corp.token, field('TimeStamp'), field('Nonce'), cipherText)).toBe(field('MsgSignature'));
      const opened = decrypt(corp.encodingAESKey, cipherText);
      expect(opened.id).toBe(corp.receiveId);
      const inner = (name: string) =>
        new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>`, 's').exec(opened.message)?.[1];
      return {
        ToUserName: inner('ToUserName'),
        FromUserName: inner('FromUserName'),
        MsgType: inner('MsgType'),
        Content: inner('Content') ?? '',
      };
    },
  };
}

const textMessage = (content: string, msgId: string, user = 'ZhangSan') =>
  `<xml><ToUserName><![CDATA[${corp.receiveId}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName>` +
  `<CreateTime>1741000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>` +
  `<MsgId>${msgId}</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;

/** The AI bot's side: JSON envelopes signed with the bot token, receive id "". */
function aibot(world: World) {
  const seconds = () => Math.floor(world.clock.ms / 1000);
  let msgids = 0;
  return {
    async verify(echo: string) {
      const echostr = encrypt(BOT.aesKey, echo, '');
      return fetch(`${world.base}/aibot?${signedQuery(BOT.token, echostr, seconds(), { echostr })}`);
    },
    async post(message: object, { receiveId = '', raw }: { receiveId?: string; raw?: string } = {}) {
      const cipherText = encrypt(BOT.aesKey, JSON.stringify(message), receiveId);
      return fetch(`${world.base}/aibot?${signedQuery(BOT.token, cipherText, seconds())}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw ?? JSON.stringify({ encrypt: cipherText }),
      });
    },
    text(content: string, msgid = `msg-${++msgids}`, chattype = 'single') {
      return {
        msgid,
        aibotid: 'aib-govreport',
        chattype,
        from: { userid: 'LiSi' },
        response_url: `${world.stub.url}/response_url`,
        msgtype: 'text',
        text: { content },
      };
    },
    refresh(id: string) {
      return {
        msgid: `msg-${++msgids}`,
        aibotid: 'aib-govreport',
        chattype: 'single',
        from: { userid: 'LiSi' },
        msgtype: 'stream',
        stream: { id },
      };
    },
    async open(response: Response) {
      expect(response.status).toBe(200);
      const sealed = (await response.json()) as {
        encrypt: string;
        msgsignature: string;
        timestamp: number;
        nonce: string;
      };
      expect(getSignature(BOT.token, sealed.timestamp, sealed.nonce, sealed.encrypt)).toBe(sealed.msgsignature);
      const opened = decrypt(BOT.aesKey, sealed.encrypt);
      expect(opened.id).toBe('');
      return JSON.parse(opened.message) as {
        msgtype: string;
        stream: { id: string; finish: boolean; content: string };
      };
    },
  };
}

// ---- self-built app -----------------------------------------------------------------------

describe('self-built app callback', () => {
  it('passes URL verification with the official sample request, echoing the plaintext exactly', async () => {
    const world = await start();
    const v = corp.verifyUrl;
    world.clock.ms = Number(v.timestamp) * 1000;
    const query = new URLSearchParams({
      msg_signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
      echostr: v.echostr,
    });
    const response = await fetch(`${world.base}/callback?${query}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(v.expected_echo_plaintext);
  });

  it('passes URL verification from the official client library', async () => {
    const world = await start();
    const response = await app(world).verify('7352945628133870521');
    expect(await response.text()).toBe('7352945628133870521');
  });

  it('answers the official sample message with a passive reply', async () => {
    const world = await start();
    const m = corp.decryptMsg;
    world.clock.ms = Number(m.timestamp) * 1000;
    const query = new URLSearchParams({ msg_signature: m.msg_signature, timestamp: m.timestamp, nonce: m.nonce });
    const response = await fetch(`${world.base}/callback?${query}`, { method: 'POST', body: m.postData });
    expect(response.status).toBe(200);
    const reply = await app(world).open(response);
    expect(world.asked).toEqual(['你好']);
    expect(reply).toMatchObject({ ToUserName: 'ChenJiaShun', FromUserName: corp.receiveId, MsgType: 'text' });
  });

  it('answers a quick question passively, as plain text with its cited table cell', async () => {
    const world = await start();
    const client = app(world);
    const response = await client.post(textMessage('花马池镇2021年行政处罚多少件？', '7441234567890123456'));
    expect(response.headers.get('content-type')).toContain('xml');
    const reply = await client.open(response);
    expect(reply).toMatchObject({ ToUserName: 'ZhangSan', FromUserName: corp.receiveId, MsgType: 'text' });
    expect(reply.Content).toBe(
      '盐池县花马池镇2021年作出行政处罚决定 1319 件[1]。\n\n来源\n' +
        '[1] 盐池县花马池镇 2021年政府信息公开工作年度报告 · 表二 行政处罚 / 本年处理决定数量：1319件',
    );
    await world.settled();
    expect(world.stub.sends).toEqual([]);
  });

  it('sends a slow answer through message/send, refreshing the expired access_token once', async () => {
    const world = await start({ askMs: 300 });
    world.stub.expireNextSend = true;
    const client = app(world);
    const started = Date.now();
    const response = await client.post(textMessage('葛寨镇2020年主动公开了哪些信息？', '7441234567890123457'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(Date.now() - started).toBeLessThan(250);

    await world.settled();
    expect(world.stub.tokenRequests.map((q) => [q.get('corpid'), q.get('corpsecret')])).toEqual([
      [corp.receiveId, 'app-secret'],
      [corp.receiveId, 'app-secret'],
    ]);
    expect(world.stub.sends).toHaveLength(1);
    const sent = world.stub.sends[0]!;
    expect(sent.token).toBe('token-2');
    expect(sent.body).toMatchObject({ touser: 'ZhangSan', msgtype: 'markdown', agentid: 1000002 });
    expect(sent.body.markdown.content).toContain('乡镇动态38件、公告公示160条、其他信息16条[1]');
    expect(sent.body.markdown.content).toContain(
      '**来源**\n[1] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （二）主动公开情况',
    );
  });

  it('reuses the access_token until it expires', async () => {
    const world = await start({ askMs: 100 });
    const client = app(world);
    await client.post(textMessage('葛寨镇2020年主动公开了哪些信息？', '1001'));
    await world.settled();
    await client.post(textMessage('葛寨镇平台建设情况如何？', '1002'));
    await world.settled();
    expect(world.stub.tokenRequests).toHaveLength(1);
    world.clock.ms += 7200 * 1000;
    await client.post(textMessage('葛寨镇政务公开情况如何？', '1003'));
    await world.settled();
    expect(world.stub.tokenRequests).toHaveLength(2);
    expect(world.stub.sends.map((s) => s.token)).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('shortens a long markdown answer to 2048 bytes with a link to the web page', async () => {
    const long = { ...disclosureAnswer, answer: '葛寨镇坚持以公开为常态、不公开为例外。'.repeat(150) };
    const world = await start({ askMs: 100, answer: long });
    const question = '葛寨镇2020年政务公开工作总体情况如何？';
    await app(world).post(textMessage(question, '1004'));
    await world.settled();
    const content = world.stub.sends[0]!.body.markdown.content;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(2048);
    expect(content.endsWith(`[查看完整回答](${PUBLIC_BASE_URL}/?q=${encodeURIComponent(question)})`)).toBe(true);
  });

  it('keeps follow-ups per user', async () => {
    const world = await start();
    const client = app(world);
    await client.post(textMessage('花马池镇2021年行政处罚多少件？', '7441234567890000001'));
    await client.post(textMessage('那2022年呢？', '7441234567890000002'));
    await client.post(textMessage('那2022年呢？', '7441234567890000003', 'WangWu'));
    expect(world.histories).toEqual([
      [],
      [
        { role: 'user', content: '花马池镇2021年行政处罚多少件？' },
        { role: 'assistant', content: penaltyAnswer.answer },
      ],
      [],
    ]);
  });

  it('answers 帮助 and 报告列表 without asking', async () => {
    const world = await start();
    const client = app(world);
    const help = await client.open(await client.post(textMessage('帮助', '2001')));
    expect(help.Content).toContain('花马池镇2021年行政处罚多少件？');
    expect(help.Content).toContain(`网页版：${PUBLIC_BASE_URL}`);
    const list = await client.open(await client.post(textMessage('报告列表', '2002')));
    expect(list.Content).toBe('已收录 2 份报告：\n1. 盐池县花马池镇 2021年\n2. 葛寨镇 2020年');
    expect(world.asked).toEqual([]);
  });

  it('acknowledges events without answering them', async () => {
    const world = await start();
    const event =
      `<xml><ToUserName><![CDATA[${corp.receiveId}]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName>` +
      `<CreateTime>1741000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event>` +
      `<EventKey><![CDATA[]]></EventKey><AgentID>${AGENT_ID}</AgentID></xml>`;
    const response = await app(world).post(event);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await world.settled();
    expect(world.asked).toEqual([]);
    expect(world.stub.sends).toEqual([]);
  });

  it('asks for text when sent a picture', async () => {
    const world = await start();
    const client = app(world);
    const image =
      `<xml><ToUserName><![CDATA[${corp.receiveId}]]></ToUserName><FromUserName><![CDATA[ZhangSan]]></FromUserName>` +
      `<CreateTime>1741000000</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[https://p.example/1.jpg]]></PicUrl>` +
      `<MediaId><![CDATA[media-1]]></MediaId><MsgId>5001</MsgId><AgentID>${AGENT_ID}</AgentID></xml>`;
    const reply = await client.open(await client.post(image));
    expect(reply.Content).toBe('目前只能回答文字提问，请直接输入问题，或发送「帮助」。');
    expect(world.asked).toEqual([]);
  });

  it('answers a retried message once: three identical posts, one message/send', async () => {
    const world = await start({ askMs: 200 });
    const client = app(world);
    const message = textMessage('葛寨镇2020年主动公开了哪些信息？', '4561255354251345929');
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await client.post(message);
      statuses.push(response.status);
      expect(await response.text()).toBe('');
    }
    expect(statuses).toEqual([200, 200, 200]);
    await world.settled();
    expect(world.asked).toHaveLength(1);
    expect(world.stub.sends).toHaveLength(1);
  });

  it('answers a retried quick message once: one passive reply, then empty acknowledgements', async () => {
    const world = await start();
    const client = app(world);
    const message = textMessage('花马池镇2021年行政处罚多少件？', '4561255354251345929');
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push(await (await client.post(message)).text());
    expect(bodies[0]).toContain('<Encrypt>');
    expect(bodies.slice(1)).toEqual(['', '']);
    expect(world.asked).toHaveLength(1);
  });

  it('keeps MsgId as a string: ids equal as doubles are still two messages', async () => {
    const world = await start();
    expect(Number('4561255354251345929')).toBe(Number('4561255354251345930'));
    const client = app(world);
    await client.post(textMessage('花马池镇2021年行政处罚多少件？', '4561255354251345929'));
    await client.post(textMessage('葛寨镇2020年主动公开了哪些信息？', '4561255354251345930'));
    expect(world.asked).toHaveLength(2);
  });

  it('still replies when answering fails, and logs why', async () => {
    const world = await start({ answer: new Error('database is locked') });
    const client = app(world);
    const reply = await client.open(await client.post(textMessage('花马池镇2021年行政处罚多少件？', '3001')));
    expect(reply.Content).toBe('抱歉，这个问题暂时没能回答，请稍后再试。');
    expect(world.logs).toEqual(['wecom: answering "花马池镇2021年行政处罚多少件？" failed: database is locked']);
  });

  it('logs a failed message/send instead of crashing', async () => {
    const world = await start({ askMs: 100, config: { WECOM_API_BASE: 'http://127.0.0.1:9/' } });
    const response = await app(world).post(textMessage('葛寨镇2020年主动公开了哪些信息？', '3002'));
    expect(response.status).toBe(200);
    await world.settled();
    expect(world.logs).toEqual([expect.stringMatching(/^wecom: message\/send to ZhangSan failed: /)]);
    expect((await app(world).verify('1')).status).toBe(200);
  });

  describe('rejects', () => {
    const question = () => textMessage('花马池镇2021年行政处罚多少件？', '9001');

    it('a forged signature with 401', async () => {
      const world = await start();
      const response = await app(world).post(question(), { token: 'not-the-token' });
      expect(response.status).toBe(401);
      expect(world.asked).toEqual([]);
      expect(world.logs.some((line) => line.includes('401 signature mismatch'))).toBe(true);
    });

    it('a message for another corp with 403', async () => {
      const world = await start();
      const response = await app(world).post(question(), { receiveId: 'wwotherCorp0000000' });
      expect(response.status).toBe(403);
      expect(world.asked).toEqual([]);
    });

    it('a stale timestamp with 403, even when correctly signed', async () => {
      const world = await start();
      const elevenMinutesAgo = Math.floor(world.clock.ms / 1000) - 11 * 60;
      const response = await app(world).post(question(), { timestampS: elevenMinutesAgo });
      expect(response.status).toBe(403);
      expect(world.asked).toEqual([]);
      // Within the window it is fine.
      expect((await app(world).post(question(), { timestampS: elevenMinutesAgo + 2 * 60 })).status).toBe(200);
    });

    it('a stale URL verification with 403', async () => {
      const world = await start();
      const v = corp.verifyUrl;
      const query = new URLSearchParams({
        msg_signature: v.msg_signature,
        timestamp: v.timestamp,
        nonce: v.nonce,
        echostr: v.echostr,
      });
      expect((await fetch(`${world.base}/callback?${query}`)).status).toBe(403);
    });

    it('malformed XML, a DTD, a missing Encrypt or missing signature parameters with 400', async () => {
      const world = await start();
      const post = (body: string, query = '?msg_signature=x&timestamp=1&nonce=1') =>
        fetch(`${world.base}/callback${query}`, { method: 'POST', body }).then((r) => r.status);
      expect(await post('<xml><Encrypt>abc</Encrypt>')).toBe(400);
      expect(await post('{"encrypt":"abc"}')).toBe(400);
      expect(await post('<xml><ToUserName>x</ToUserName></xml>')).toBe(400);
      const bomb =
        '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
      expect(await post(bomb)).toBe(400);
      expect(await post('<xml><Encrypt>abc</Encrypt></xml>', '')).toBe(400);
      expect(world.asked).toEqual([]);
    });

    it('XML nested 100k deep with 400, quickly, without a stack', async () => {
      const world = await start();
      const deep = `<xml>${'<a>'.repeat(100_000)}x${'</a>'.repeat(100_000)}</xml>`;
      const t0 = performance.now();
      const response = await fetch(`${world.base}/callback?msg_signature=x&timestamp=1&nonce=1`, {
        method: 'POST',
        body: deep,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe('malformed XML envelope');
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(world.logs.every((line) => !line.includes('failed'))).toBe(true);
    });

    it('a forged newline in a query parameter without writing a log line of its own', async () => {
      const world = await start();
      const forged = encodeURIComponent('1\nwecom: self-built app callback answered POST /callback: 200');
      const response = await fetch(`${world.base}/callback?msg_signature=x&timestamp=${forged}&nonce=1&echostr=x`);
      expect(response.status).toBe(403);
      expect(world.logs).toHaveLength(1);
      expect(world.logs[0]).not.toMatch(/[\n\r]/);
      expect(world.logs[0]).toContain('stale timestamp 1\\u000awecom: self-built app callback answered');
    });

    it('a correctly signed envelope whose message is not XML with 400', async () => {
      const world = await start();
      expect((await app(world).post('你好')).status).toBe(400);
    });

    it('a body over 1 MB with 413, and keeps serving', async () => {
      const world = await start();
      const response = await fetch(`${world.base}/callback?msg_signature=x&timestamp=1&nonce=1`, {
        method: 'POST',
        body: `<xml><Encrypt><![CDATA[${'A'.repeat(1024 * 1024)}]]></Encrypt></xml>`,
      });
      expect(response.status).toBe(413);
      const reply = await app(world).open(await app(world).post(question()));
      expect(reply.Content).toContain('1319');
    });
  });
});

// ---- AI bot -------------------------------------------------------------------------------

describe('AI bot callback', () => {
  it('passes URL verification with receive id ""', async () => {
    const world = await start();
    const response = await aibot(world).verify('6286342925837436812');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('6286342925837436812');
  });

  it('streams a slow answer: a stream id first, then refreshed until finish', async () => {
    const world = await start({ askMs: 250 });
    const bot = aibot(world);
    const first = await bot.open(await bot.post(bot.text('葛寨镇2020年主动公开了哪些信息？')));
    expect(first).toMatchObject({ msgtype: 'stream', stream: { finish: false } });
    const id = first.stream.id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);

    let frame = first;
    const frames = [];
    for (let i = 0; i < 50 && !frame.stream.finish; i++) {
      await sleep(20);
      frame = await bot.open(await bot.post(bot.refresh(id)));
      frames.push(frame);
    }
    expect(frames.length).toBeGreaterThan(1);
    expect(frame.stream.id).toBe(id);
    expect(frame.stream.finish).toBe(true);
    expect(frame.stream.content).toContain('乡镇动态38件、公告公示160条、其他信息16条[1]');
    expect(frame.stream.content).toContain(
      '[2] 葛寨镇人民政府2020年政府信息公开工作年度报告 · 一、总体情况 > （五）政府信息公开平台建设情况',
    );
    // Once finished, a late refresh gets the same final frame.
    expect(await bot.open(await bot.post(bot.refresh(id)))).toEqual(frame);
    await world.settled();
    expect(world.stub.late).toEqual([]);
    expect(world.asked).toHaveLength(1);
  });

  it('finishes a quick answer in the first reply, the @-mention stripped in a group', async () => {
    const world = await start();
    const bot = aibot(world);
    const frame = await bot.open(
      await bot.post(bot.text('@年报问答 花马池镇2021年行政处罚多少件？', 'group-1', 'group')),
    );
    expect(frame.stream.finish).toBe(true);
    expect(frame.stream.content).toContain('表二 行政处罚 / 本年处理决定数量：1319件');
    expect(world.asked).toEqual(['花马池镇2021年行政处罚多少件？']);
  });

  it('gives a retried message its stream back instead of a second answer', async () => {
    const world = await start({ askMs: 150 });
    const bot = aibot(world);
    const message = bot.text('葛寨镇2020年主动公开了哪些信息？', 'retried-1');
    const frames = [];
    for (let i = 0; i < 3; i++) frames.push(await bot.open(await bot.post(message)));
    expect(new Set(frames.map((f) => f.stream.id)).size).toBe(1);
    await world.settled();
    expect(world.asked).toHaveLength(1);
  });

  it('sends an answer finished after the stream window to response_url, once', async () => {
    const world = await start({ askMs: 100, askAdvancesClockMs: 61_000 });
    const bot = aibot(world);
    const first = await bot.open(await bot.post(bot.text('葛寨镇2020年主动公开了哪些信息？')));
    await world.settled();
    expect(world.stub.late).toHaveLength(1);
    expect(world.stub.late[0]!.msgtype).toBe('markdown');
    expect(world.stub.late[0]!.markdown.content).toContain('乡镇动态38件');
    const refreshed = await bot.open(await bot.post(bot.refresh(first.stream.id)));
    expect(refreshed.stream.finish).toBe(true);
    expect(refreshed.stream.content).not.toContain('乡镇动态38件');
  });

  it('answers a refresh of an unknown stream with a finished frame', async () => {
    const world = await start();
    const bot = aibot(world);
    const frame = await bot.open(await bot.post(bot.refresh('0123456789abcdef')));
    expect(frame.stream).toMatchObject({ id: '0123456789abcdef', finish: true });
  });

  it('acknowledges an event without answering it', async () => {
    const world = await start();
    const bot = aibot(world);
    const event = {
      msgid: 'ev-1',
      aibotid: 'aib-govreport',
      chattype: 'single',
      from: { userid: 'LiSi' },
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    };
    const response = await bot.post(event);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(world.asked).toEqual([]);
  });

  it('keeps follow-ups per user and chat', async () => {
    const world = await start();
    const bot = aibot(world);
    await bot.post(bot.text('@年报问答 花马池镇2021年行政处罚多少件？', 'g-1', 'group'));
    await bot.post(bot.text('@年报问答 那2022年呢？', 'g-2', 'group'));
    await bot.post(bot.text('那2022年呢？', 's-1'));
    expect(world.histories[1]).toEqual([
      { role: 'user', content: '花马池镇2021年行政处罚多少件？' },
      { role: 'assistant', content: penaltyAnswer.answer },
    ]);
    expect(world.histories[2]).toEqual([]);
  });

  it('answers 报告列表 from the report list', async () => {
    const world = await start();
    const bot = aibot(world);
    const frame = await bot.open(await bot.post(bot.text('报告列表')));
    expect(frame.stream.content).toBe('已收录 2 份报告：\n1. 盐池县花马池镇 2021年\n2. 葛寨镇 2020年');
  });

  describe('rejects', () => {
    it('a forged signature with 401', async () => {
      const world = await start();
      const cipherText = encrypt(BOT.aesKey, JSON.stringify(aibot(world).text('你好')), '');
      const query = signedQuery('forged', cipherText, Math.floor(world.clock.ms / 1000));
      const response = await fetch(`${world.base}/aibot?${query}`, {
        method: 'POST',
        body: JSON.stringify({ encrypt: cipherText }),
      });
      expect(response.status).toBe(401);
      expect(world.asked).toEqual([]);
    });

    it('a message sealed for a receive id other than "" with 403', async () => {
      const world = await start();
      const bot = aibot(world);
      expect((await bot.post(bot.text('你好'), { receiveId: corp.receiveId })).status).toBe(403);
    });

    it('malformed JSON with 400', async () => {
      const world = await start();
      const bot = aibot(world);
      expect((await bot.post(bot.text('你好'), { raw: '{"encrypt": ' })).status).toBe(400);
      expect((await bot.post(bot.text('你好'), { raw: '["encrypt"]' })).status).toBe(400);
      const cipherText = encrypt(BOT.aesKey, 'not json', '');
      const query = signedQuery(BOT.token, cipherText, Math.floor(world.clock.ms / 1000));
      expect(
        (await fetch(`${world.base}/aibot?${query}`, { method: 'POST', body: JSON.stringify({ encrypt: cipherText }) }))
          .status,
      ).toBe(400);
      expect(world.asked).toEqual([]);
    });

    it('a body over 1 MB with 413', async () => {
      const world = await start();
      const response = await fetch(`${world.base}/aibot`, {
        method: 'POST',
        body: JSON.stringify({ encrypt: 'A'.repeat(1024 * 1024) }),
      });
      expect(response.status).toBe(413);
    });
  });
});

describe('configuration', () => {
  it('disables a route whose settings are absent, with one log line and a JSON 404', async () => {
    const world = await start({
      config: { WECOM_SECRET: undefined, WECOM_BOT_TOKEN: '', WECOM_BOT_AES_KEY: undefined },
    });
    expect(world.logs).toEqual([
      'wecom: self-built app callback (/wecom/callback) disabled: missing WECOM_SECRET',
      'wecom: AI bot callback (/wecom/aibot) disabled: missing WECOM_BOT_TOKEN, WECOM_BOT_AES_KEY',
    ]);
    for (const path of ['/callback', '/aibot']) {
      const response = await fetch(`${world.base}${path}`, { method: 'POST', body: '<xml/>' });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: expect.stringContaining('not configured: missing WECOM_') });
    }
  });

  it('disables a route whose EncodingAESKey is not a key', async () => {
    const world = await start({ config: { WECOM_BOT_AES_KEY: 'short' } });
    expect(world.logs).toEqual([
      'wecom: AI bot callback (/wecom/aibot) disabled: EncodingAESKey must be 43 base64 characters (a 32-byte key)',
    ]);
  });
});
