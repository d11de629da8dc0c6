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
import { type Bot, errorText } from './bot.ts';
import { Channel, Rejection } from './channel.ts';

export interface WecomDeps {
  ask(question: string, history?: Turn[]): Promise<Answer>;
  listReports(): Promise<{ title: string; org: string | null; year: number | null }[]>;
  /** WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_BOT_TOKEN,
   *  WECOM_BOT_AES_KEY, WECOM_API_BASE, PUBLIC_BASE_URL; and, mainly for tests,
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

export function wecomRoutes(deps: WecomDeps): Hono {
  const { config } = deps;
  // Lines carry request text (paths, timestamps, questions, ids): escaped, so none can forge a line.
  const sink = deps.log ?? ((line: string) => console.log(line));
  const log = (line: string) => sink(logText(line, 2000));
  const bot: Bot = {
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
    const missing = names.filter((name) => !config[name]);
    let reason = `missing ${missing.join(', ')}`;
    let route: Hono | undefined;
    if (missing.length === 0) {
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

  mount(
    '/callback',
    'self-built app callback',
    ['WECOM_TOKEN', 'WECOM_AES_KEY', 'WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET'],
    (s) => {
      const channel = new Channel(s.WECOM_TOKEN, s.WECOM_AES_KEY, s.WECOM_CORP_ID, bot.now);
      const api = new WecomApi({
        base: config.WECOM_API_BASE || DEFAULT_API_BASE,
        corpId: s.WECOM_CORP_ID,
        secret: s.WECOM_SECRET,
        agentId: s.WECOM_AGENT_ID,
        fetch: bot.fetch,
        now: bot.now,
      });
      return appCallback(bot, channel, api, s.WECOM_CORP_ID);
    },
  );
  mount('/aibot', 'AI bot callback', ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'], (s) => {
    // The AI bot's envelope carries an empty receive id.
    const channel = new Channel(s.WECOM_BOT_TOKEN, s.WECOM_BOT_AES_KEY, '', bot.now);
    return aiBot(bot, channel, milliseconds(config.WECOM_STREAM_WINDOW_MS, 6 * 60_000));
  });
  return app;
}

function milliseconds(setting: string | undefined, fallback: number): number {
  const ms = Number(setting);
  return setting && Number.isFinite(ms) && ms > 0 ? ms : fallback;
}
