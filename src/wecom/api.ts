/** The bits of the WeCom server API the self-built app needs: an access_token and message/send. */
import type { Bot } from './bot.ts';

/** access_token invalid (40014) or expired (42001): fetch a new one and try once more. */
const STALE_TOKEN = new Set([40014, 42001]);
/** Refresh this long before WeCom's stated expiry, so a token never dies in flight. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

interface ApiResult {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export interface ApiSettings {
  base: string;
  corpId: string;
  secret: string;
  agentId: string;
  fetch: Bot['fetch'];
  now: () => number;
}

export class WecomApi {
  #token?: { value: string; expiresAt: number };
  /** One gettoken in flight at a time, however many answers are waiting for it. */
  #pending?: Promise<string>;

  constructor(private readonly s: ApiSettings) {}

  async sendMarkdown(toUser: string, content: string): Promise<void> {
    const message = { touser: toUser, msgtype: 'markdown', agentid: Number(this.s.agentId), markdown: { content } };
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken();
      const path = `/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
      const result = await this.call('POST', path, message);
      if (result.errcode === 0) return;
      if (attempt === 1 && STALE_TOKEN.has(result.errcode ?? 0)) {
        if (this.#token?.value === token) this.#token = undefined;
        continue;
      }
      throw new Error(`message/send: ${result.errcode} ${result.errmsg}`);
    }
  }

  private accessToken(): Promise<string> {
    if (this.#token && this.#token.expiresAt > this.s.now()) return Promise.resolve(this.#token.value);
    this.#pending ??= this.fetchToken().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  private async fetchToken(): Promise<string> {
    const query = new URLSearchParams({ corpid: this.s.corpId, corpsecret: this.s.secret });
    const result = await this.call('GET', `/cgi-bin/gettoken?${query}`);
    if (result.errcode !== 0 || !result.access_token) throw new Error(`gettoken: ${result.errcode} ${result.errmsg}`);
    const lifetimeMs = (result.expires_in ?? 7200) * 1000;
    this.#token = { value: result.access_token, expiresAt: this.s.now() + lifetimeMs - EXPIRY_MARGIN_MS };
    return result.access_token;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResult> {
    const response = await this.s.fetch(this.s.base.replace(/\/+$/, '') + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path.split('?')[0]}: HTTP ${response.status}`);
    return (await response.json()) as ApiResult;
  }
}
