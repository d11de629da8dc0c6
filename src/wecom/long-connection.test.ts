/** The long connection's rules over a scripted socket; the wire itself is tested in src/adapters/node/wecom/. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  type Dial,
  type Frame,
  type LinkEvents,
  LongConnection,
  type LongConnectionOptions,
} from './long-connection.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

interface FakeLink {
  on: LinkEvents;
  sent: Frame[];
  closed: boolean;
}

function scripted(options: Partial<LongConnectionOptions> = {}) {
  const links: FakeLink[] = [];
  const logs: string[] = [];
  const dial: Dial = (_url, on) => {
    const link: FakeLink = { on, sent: [], closed: false };
    links.push(link);
    return { send: (text) => link.sent.push(JSON.parse(text) as Frame), close: () => (link.closed = true) };
  };
  const connection = new LongConnection({
    url: 'wss://test.invalid',
    botId: 'bot',
    secret: 'secret',
    dial,
    onFrame: () => undefined,
    log: (line) => logs.push(line),
    now: Date.now,
    random: () => 0.5,
    heartbeatMs: 10,
    backoff: { minMs: 1000, maxMs: 8000 },
    ackTimeoutMs: 30,
    ...options,
  });
  const ack = (link: FakeLink, frame: Frame, errcode = 0) =>
    link.on.message(JSON.stringify({ headers: frame.headers, errcode, errmsg: 'ok' }));
  /** Opens the newest link and acks its subscription. */
  const subscribe = () => {
    const link = links.at(-1)!;
    link.on.open();
    ack(link, link.sent[0]!);
    return link;
  };
  connections.push(connection);
  return { connection, links, logs, ack, subscribe };
}

const connections: LongConnection[] = [];
afterEach(() => {
  for (const c of connections.splice(0)) c.stop();
});

describe('backoffDelay', () => {
  it('doubles from min to max, with jitter in the upper half of each step', () => {
    const backoff = { minMs: 1000, maxMs: 60_000 };
    const ceilings = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000];
    for (const [i, ceiling] of ceilings.entries()) {
      expect(backoffDelay(i + 1, backoff, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(i + 1, backoff, () => 0.999_999)).toBeCloseTo(ceiling, -1);
    }
  });
});

describe('LongConnection', () => {
  it('subscribes with the bot id and secret once the socket opens', async () => {
    const { connection, links, subscribe } = scripted();
    connection.start();
    expect(connection.status().state).toBe('connecting');
    subscribe();
    expect(links[0]!.sent[0]).toMatchObject({ cmd: 'aibot_subscribe', body: { bot_id: 'bot', secret: 'secret' } });
    await sleep(0);
    expect(connection.status()).toMatchObject({ state: 'connected', attempts: 0 });
  });

  it('drops a link that leaves two heartbeats unanswered, and redials with backoff', async () => {
    const { connection, links, subscribe } = scripted();
    connection.start();
    const link = subscribe();
    await until('the link to close', () => link.closed);
    expect(link.sent.filter((f) => f.cmd === 'ping')).toHaveLength(2);
    const status = connection.status();
    expect(status).toMatchObject({ state: 'reconnecting', attempts: 1, lastError: 'no ack for 2 heartbeats' });
    // The first retry waits min/2 … min.
    const wait = Date.parse(status.retryAt!) - Date.now();
    expect(wait).toBeGreaterThan(400);
    expect(wait).toBeLessThanOrEqual(1000);
    expect(links).toHaveLength(1);
  });

  it('starts the backoff afresh once a new link answers a heartbeat', async () => {
    const { connection, links, ack, subscribe } = scripted({ backoff: { minMs: 10, maxMs: 10 } });
    connection.start();
    links[0]!.on.closed('connection refused');
    await until('a second dial', () => links.length === 2);
    const link = subscribe();
    await until('connected', () => connection.status().state === 'connected');
    expect(connection.status().attempts).toBe(1);
    await until('a heartbeat', () => link.sent.some((f) => f.cmd === 'ping'));
    ack(link, link.sent.find((f) => f.cmd === 'ping')!);
    await until('the attempts reset', () => connection.status().attempts === 0);
  });

  it('counts a subscription WeCom never acks as a failed attempt', async () => {
    const { connection, links } = scripted();
    connection.start();
    links[0]!.on.open();
    await until('a failed attempt', () => connection.status().state === 'reconnecting');
    expect(connection.status()).toMatchObject({
      state: 'reconnecting',
      lastError: expect.stringContaining('no ack for aibot_subscribe'),
    });
  });

  it('ignores the events of a socket it has given up on', async () => {
    const { connection, links, subscribe } = scripted({ backoff: { minMs: 10, maxMs: 10 } });
    connection.start();
    const old = subscribe();
    old.on.closed('network gone');
    await until('a second dial', () => links.length === 2);
    subscribe();
    await sleep(0);
    old.on.closed('late close of the old socket');
    expect(connection.status().state).toBe('connected');
    expect(links).toHaveLength(2);
  });

  it('sends the replies to one callback one at a time, each after the previous ack', async () => {
    const { connection, links, ack, subscribe } = scripted({ heartbeatMs: 60_000 });
    connection.start();
    const link = subscribe();
    await sleep(0);
    const first = connection.respond('cb-1', 'aibot_respond_msg', { n: 1 });
    const second = connection.respond('cb-1', 'aibot_respond_msg', { n: 2 });
    await sleep(0);
    expect(link.sent.slice(1).map((f) => f.body)).toEqual([{ n: 1 }]);
    ack(link, link.sent[1]!);
    await first;
    await sleep(0);
    expect(link.sent.slice(1).map((f) => f.body)).toEqual([{ n: 1 }, { n: 2 }]);
    ack(link, link.sent[2]!, 40008);
    await expect(second).rejects.toThrow('errcode 40008');
    expect(links).toHaveLength(1);
  });
});
