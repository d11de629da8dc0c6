/**
 * The AI bot's long connection (智能机器人长连接): we dial WeCom over WebSocket, subscribe with the
 * bot's id and secret, keep the link alive with heartbeats and redial with backoff after a drop.
 * The frames are the ones the official @wecom/aibot-node-sdk speaks: `{ cmd, headers: { req_id },
 * body }` both ways, and acks as `{ headers: { req_id }, errcode, errmsg }` without a cmd.
 *
 * Ours rather than the SDK's client: its backoff has no jitter, a fixed 30 s cap and gives up
 * after 10 drops (5 refused subscriptions) by default, and it needs Node; here the runtime only
 * supplies the socket (`Dial`), so this file stays in the runtime-free core.
 */
import { errorText } from './bot.ts';
import { randomId } from './crypto.ts';

export const DEFAULT_WS_URL = 'wss://openws.work.weixin.qq.com';

export const CMD = {
  subscribe: 'aibot_subscribe',
  heartbeat: 'ping',
  respond: 'aibot_respond_msg',
  respondWelcome: 'aibot_respond_welcome_msg',
  message: 'aibot_msg_callback',
  event: 'aibot_event_callback',
} as const;

export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: unknown;
  errcode?: number;
  errmsg?: string;
}

/** One WebSocket, as the runtime provides it. */
export interface Link {
  send(text: string): void;
  close(): void;
}
export interface LinkEvents {
  open(): void;
  message(text: string): void;
  /** The socket is gone (closed, failed to open, or errored); `why` for the log. */
  closed(why: string): void;
}
export type Dial = (url: string, on: LinkEvents) => Link;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'superseded' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  since: string;
  /** Consecutive failed attempts; 0 once a link answers a heartbeat. */
  attempts: number;
  lastError?: string;
  retryAt?: string;
}

export interface Backoff {
  minMs: number;
  maxMs: number;
}

export interface LongConnectionOptions {
  url: string;
  botId: string;
  secret: string;
  dial: Dial;
  /** Message and event callbacks (disconnected_event aside, which the connection handles). */
  onFrame(frame: Frame): void;
  log(line: string): void;
  now(): number;
  random(): number;
  heartbeatMs: number;
  backoff: Backoff;
  /** How long WeCom may take to ack a subscription, heartbeat or reply. */
  ackTimeoutMs: number;
}

/** Heartbeats in a row without an ack before the link counts as dead (the SDK's rule too). */
const MAX_UNACKED_HEARTBEATS = 2;

/**
 * The wait before the n-th retry in a row: a random time in [d/2, d] with d = min(max, min·2^(n−1)),
 * so a fleet of restarted services does not redial in lockstep.
 */
export function backoffDelay(attempt: number, { minMs, maxMs }: Backoff, random: () => number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

interface Pending {
  resolve(ack: Frame): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class LongConnection {
  #state: ConnectionState = 'stopped';
  #since: number;
  #attempts = 0;
  #lastError?: string;
  #retryAt?: number;
  #link?: Link;
  /** Bumped on every dial and teardown, so events of an old socket are ignored. */
  #generation = 0;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #heartbeatTimer?: ReturnType<typeof setInterval>;
  #unacked = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #queues = new Map<string, Promise<void>>();
  /** The refusal last logged, so a wrong secret is reported once, not on every retry. */
  #refusal?: string;

  constructor(private readonly o: LongConnectionOptions) {
    this.#since = o.now();
  }

  start(): void {
    if (this.#state !== 'stopped') return;
    this.#dial();
  }

  stop(): void {
    this.#teardown('stopped');
    this.#enter('stopped');
  }

  status(): ConnectionStatus {
    return {
      state: this.#state,
      since: new Date(this.#since).toISOString(),
      attempts: this.#attempts,
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
      ...(this.#state === 'reconnecting' && this.#retryAt ? { retryAt: new Date(this.#retryAt).toISOString() } : {}),
    };
  }

  /**
   * Sends a reply to the callback `reqId`, resolved when WeCom acks it. Replies to one callback go
   * one at a time, each after the previous one's ack, so a stream's frames cannot overtake each other.
   */
  respond(reqId: string, cmd: string, body: unknown): Promise<void> {
    const previous = this.#queues.get(reqId) ?? Promise.resolve();
    const sending = previous
      .catch(() => undefined)
      .then(() => this.#request({ cmd, headers: { req_id: reqId }, body }))
      .then((ack) => {
        if (ack.errcode) throw new Error(`${cmd} refused: errcode ${ack.errcode} ${ack.errmsg ?? ''}`.trim());
      });
    this.#queues.set(reqId, sending);
    const forget = () => {
      if (this.#queues.get(reqId) === sending) this.#queues.delete(reqId);
    };
    sending.then(forget, forget);
    return sending;
  }

  #enter(state: ConnectionState): void {
    if (state !== this.#state) this.#since = this.o.now();
    this.#state = state;
  }

  #dial(): void {
    const generation = ++this.#generation;
    const live = () => generation === this.#generation;
    this.#enter('connecting');
    try {
      const link = this.o.dial(this.o.url, {
        open: () => live() && this.#subscribe(live),
        message: (text) => live() && this.#receive(text),
        closed: (why) => live() && this.#drop(why),
      });
      if (live()) this.#link = link;
      else link.close();
    } catch (err) {
      this.#drop(`cannot dial ${this.o.url}: ${errorText(err)}`);
    }
  }

  #subscribe(live: () => boolean): void {
    const frame = {
      cmd: CMD.subscribe,
      headers: { req_id: newReqId(CMD.subscribe) },
      body: { bot_id: this.o.botId, secret: this.o.secret },
    };
    this.#request(frame).then(
      (ack) => {
        if (!live()) return;
        if (ack.errcode) return this.#refused(ack);
        const n = this.#attempts;
        const after = n > 0 ? ` (after ${n} ${n === 1 ? 'retry' : 'retries'})` : '';
        this.o.log(`wecom long connection: subscribed${after}`);
        this.#refusal = undefined;
        this.#lastError = undefined;
        this.#enter('connected');
        this.#unacked = 0;
        this.#heartbeatTimer = setInterval(() => this.#heartbeat(live), this.o.heartbeatMs);
      },
      (err: unknown) => live() && this.#drop(`subscribe: ${errorText(err)}`),
    );
  }

  #refused(ack: Frame): void {
    const why = `subscription refused: errcode ${ack.errcode} ${ack.errmsg ?? ''}`.trim();
    if (why !== this.#refusal) {
      this.#refusal = why;
      this.o.log(
        `wecom long connection: WeCom ${why} — check WECOM_BOT_ID and WECOM_BOT_SECRET; ` +
          `retrying quietly with backoff up to ${Math.round(this.o.backoff.maxMs / 1000)} s (see /healthz)`,
      );
    }
    this.#drop(why, true);
  }

  #heartbeat(live: () => boolean): void {
    if (this.#unacked >= MAX_UNACKED_HEARTBEATS) {
      this.#drop(`no ack for ${this.#unacked} heartbeats`);
      return;
    }
    this.#unacked++;
    this.#request({ cmd: CMD.heartbeat, headers: { req_id: newReqId(CMD.heartbeat) } }).then(
      (ack) => {
        if (!live() || ack.errcode) return;
        this.#unacked = 0;
        // A link that answers heartbeats is sound: the next failure starts the backoff afresh.
        this.#attempts = 0;
      },
      () => undefined, // counted by #unacked
    );
  }

  #receive(text: string): void {
    const frame = parseFrame(text);
    if (!frame) {
      this.o.log(`wecom long connection: skipped a malformed frame: ${text.slice(0, 80)}`);
      return;
    }
    if (frame.cmd === undefined) {
      const pending = this.#pending.get(frame.headers.req_id);
      if (!pending) return; // a late ack of something already given up on
      this.#pending.delete(frame.headers.req_id);
      clearTimeout(pending.timer);
      pending.resolve(frame);
      return;
    }
    if (frame.cmd === CMD.event && eventType(frame) === 'disconnected_event') {
      this.#superseded();
      return;
    }
    if (frame.cmd !== CMD.message && frame.cmd !== CMD.event) return;
    try {
      this.o.onFrame(frame);
    } catch (err) {
      this.o.log(`wecom long connection: handling ${frame.cmd} failed: ${errorText(err)}`);
    }
  }

  /** WeCom keeps one connection per bot and tells the older one when a newer one subscribes. */
  #superseded(): void {
    this.o.log(
      'wecom long connection: another instance has subscribed as this bot (disconnected_event); ' +
        'this one stops and does not reconnect — restart it to take the bot back',
    );
    this.#teardown('superseded by a newer connection');
    this.#lastError = 'another instance took over this bot (disconnected_event)';
    this.#enter('superseded');
  }

  #drop(why: string, quiet = false): void {
    this.#teardown(why);
    if (this.#state === 'stopped' || this.#state === 'superseded') return;
    this.#attempts++;
    const delay = backoffDelay(this.#attempts, this.o.backoff, this.o.random);
    this.#lastError = why;
    this.#retryAt = this.o.now() + delay;
    this.#enter('reconnecting');
    // The first failure of a series is logged; the retries after it show in /healthz.
    if (!quiet && this.#attempts === 1) {
      this.o.log(`wecom long connection: ${why}; reconnecting in ${Math.round(delay)} ms, then with backoff`);
    }
    this.#retryTimer = setTimeout(() => this.#dial(), delay);
  }

  #teardown(why: string): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeatTimer);
    for (const [reqId, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`connection closed (${why}) before the ack of ${reqId}`));
    }
    this.#pending.clear();
    const link = this.#link;
    this.#link = undefined;
    link?.close();
  }

  #request(frame: Frame): Promise<Frame> {
    const link = this.#link;
    if (!link) return Promise.reject(new Error(`not connected (${this.#state})`));
    const reqId = frame.headers.req_id;
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(reqId);
        reject(new Error(`no ack for ${frame.cmd} within ${this.o.ackTimeoutMs} ms`));
      }, this.o.ackTimeoutMs);
      this.#pending.set(reqId, { resolve, reject, timer });
      try {
        link.send(JSON.stringify(frame));
      } catch (err) {
        clearTimeout(timer);
        this.#pending.delete(reqId);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}

function newReqId(cmd: string): string {
  return `${cmd}_${randomId()}`;
}

function parseFrame(text: string): Frame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const frame = value as Partial<Frame>;
  if (typeof frame.headers?.req_id !== 'string') return undefined;
  if (frame.cmd !== undefined && typeof frame.cmd !== 'string') return undefined;
  return frame as Frame;
}

function eventType(frame: Frame): unknown {
  return (frame.body as { event?: { eventtype?: unknown } } | undefined)?.event?.eventtype;
}
