/**
 * The WeCom (企业微信) bot as a hono sub-app, to be mounted at /wecom:
 * /callback for a self-built app (XML), /aibot for an AI bot (JSON).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Answer, Turn } from '../domain/types.ts';
import { logText } from '../server/log-text.ts';
import { aiBot } from './aibot.ts';
import { WecomApi } from './api.ts';
import { appCallback } from './app-callback.ts';
import { type Bot, Conversations, errorText, THREAD_IDLE_MS } from './bot.ts';
import { Channel, Rejection } from './channel.ts';
import { aesKey } from './crypto.ts';
import type { ReportListing } from './markdown.ts';

export interface WecomDeps {
  ask(question: string, history?: Turn[], onToken?: (text: string) => void): Promise<Answer>;
  listReports(): Promise<ReportListing>;
  /** WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_BOT_TOKEN,
   *  WECOM_BOT_AES_KEY, WECOM_API_BASE, PUBLIC_BASE_URL; for the long connection WECOM_BOT_ID,
   *  WECOM_BOT_SECRET, WECOM_WS_URL; and, mainly for tests,
   *  WECOM_REPLY_BUDGET_MS (default 4000) and WECOM_STREAM_WINDOW_MS (default 6 minutes). */
  config: Record<string, string | undefined>;
  /** For gettoken, message/send and response_url; default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Clock in ms, for tests. */
  now?: () => number;
  log?: (line: string) => void;
  /** Workers' ctx.waitUntil for background sends; default: fire and forget, errors logged. */
  waitUntil?: (p: Promise<unknown>) => void;
}

/** Where the server mounts these routes; the start-up lines name the full paths WeCom is given. */
export const WECOM_MOUNT = '/wecom';
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';

/** The collaborators both callback routes and the long connection answer with. */
export function botFrom(deps: WecomDeps): Bot {
  const { config } = deps;
  // Lines carry request text (paths, timestamps, questions, ids): escaped, so none can forge a line.
  const sink = deps.log ?? ((line: string) => console.log(line));
  const log = (line: string) => sink(logText(line, 2000));
  return {
    ask: deps.ask,
    listReports: deps.listReports,
    // Called through a wrapper: Workers' fetch refuses to run as a method of another object.
    fetch: (url, init) => (deps.fetch ?? globalThis.fetch)(url, init),
    now: deps.now ?? Date.now,
    log,
    background: (work, what) => {
      const logged = work.catch((err: unknown) => log(`wecom: ${what} failed: ${errorText(err)}`));
      deps.waitUntil?.(logged);
    },
    replyBudgetMs: milliseconds(config.WECOM_REPLY_BUDGET_MS, 4000),
    publicBaseUrl: config.PUBLIC_BASE_URL || undefined,
  };
}

const APP_SETTINGS = ['WECOM_TOKEN', 'WECOM_AES_KEY', 'WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET'] as const;
const BOT_SETTINGS = ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'] as const;

/** Why a channel cannot run with these settings, or undefined when it can. */
export function missingSettings(config: WecomDeps['config'], names: readonly string[]): string | undefined {
  const missing = names.filter((name) => !config[name]);
  return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
}

/** Each callback route's state, for /healthz: enabled, or disabled and why. */
export function callbackStatus(
  config: WecomDeps['config'],
): Record<'callback' | 'aibot', { state: 'enabled' | 'disabled'; reason?: string }> {
  const status = (names: readonly string[], key: string) => {
    let reason = missingSettings(config, names);
    if (!reason) {
      try {
        aesKey(config[key]!);
      } catch (err) {
        reason = errorText(err);
      }
    }
    return reason ? { state: 'disabled' as const, reason } : { state: 'enabled' as const };
  };
  return { callback: status(APP_SETTINGS, 'WECOM_AES_KEY'), aibot: status(BOT_SETTINGS, 'WECOM_BOT_AES_KEY') };
}

export function wecomRoutes(deps: WecomDeps): Hono {
  const { config } = deps;
  const bot = botFrom(deps);
  const { log } = bot;

  const app = new Hono();
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('request body over 1 MB', 413) }));
  app.onError((err, c) => {
    if (err instanceof Rejection) {
      log(`wecom: rejected ${c.req.method} ${c.req.path}: ${err.status} ${err.message}`);
      return c.text(err.message, err.status);
    }
    log(`wecom: ${c.req.method} ${c.req.path} failed: ${errorText(err)}`);
    return c.text('internal error', 500);
  });

  /** Mounts a route built from its settings, or a 404 stand-in (and one log line) when they are absent or invalid. */
  function mount<K extends string>(
    path: string,
    what: string,
    names: readonly K[],
    build: (settings: Record<K, string>) => Hono,
  ) {
    let reason = missingSettings(config, names);
    let route: Hono | undefined;
    if (!reason) {
      try {
        route = build(Object.fromEntries(names.map((name) => [name, config[name]])) as Record<K, string>);
      } catch (err) {
        reason = errorText(err);
      }
    }
    if (!route) {
      log(`wecom: ${what} (${WECOM_MOUNT}${path}) disabled: ${reason}`);
      route = new Hono().all('/', (c) => c.json({ error: `WeCom ${what} is not configured: ${reason}` }, 404));
    }
    app.route(path, route);
  }

  mount('/callback', 'self-built app callback', APP_SETTINGS, (s) => {
    const channel = new Channel(s.WECOM_TOKEN, s.WECOM_AES_KEY, s.WECOM_CORP_ID, bot.now);
    const api = new WecomApi({
      base: config.WECOM_API_BASE || DEFAULT_API_BASE,
      corpId: s.WECOM_CORP_ID,
      secret: s.WECOM_SECRET,
      agentId: s.WECOM_AGENT_ID,
      fetch: bot.fetch,
      now: bot.now,
    });
    return appCallback(bot, channel, api, s.WECOM_CORP_ID, new Conversations(THREAD_IDLE_MS, bot.now));
  });
  mount('/aibot', 'AI bot callback', BOT_SETTINGS, (s) => {
    // The AI bot's envelope carries an empty receive id.
    const channel = new Channel(s.WECOM_BOT_TOKEN, s.WECOM_BOT_AES_KEY, '', bot.now);
    return aiBot(
      bot,
      channel,
      milliseconds(config.WECOM_STREAM_WINDOW_MS, 6 * 60_000),
      new Conversations(THREAD_IDLE_MS, bot.now),
    );
  });
  return app;
}

function milliseconds(setting: string | undefined, fallback: number): number {
  const ms = Number(setting);
  return setting && Number.isFinite(ms) && ms > 0 ? ms : fallback;
}
