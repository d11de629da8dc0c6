import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { BlankEnv } from 'hono/types';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import { colLabel, hasTables, printedOrder, rowLabel, TABLE_TITLES } from '../domain/catalogue.ts';
import { LAYOUTS } from '../domain/layout.ts';
import type { ReportFilter, Store } from '../domain/ports.ts';
import type { Answer, Turn } from '../domain/types.ts';
import { WECOM_MOUNT, wecomRoutes, type WecomDeps } from '../wecom/index.ts';
import { clientAddress } from './client-ip.ts';
import { logText } from './log-text.ts';
import { RateLimiter } from './rate-limit.ts';
import {
  AnswerBody,
  ErrorBody,
  Health,
  IngestFailed,
  IngestResults,
  QuestionBody,
  ReportDetail,
  ReportId,
  ReportList,
  ReportQuery,
  ReportText,
} from './schemas.ts';

export interface IngestOutcome {
  file: string;
  outcome: 'added' | 'replaced' | 'unchanged' | 'error';
  error?: string;
  /** For 'replaced': the reports this one took the place of (org, year and where each came from). */
  replaced?: string;
  warnings: string[];
}

export interface AppDeps {
  /** Answers a question; `onToken` receives text as an LLM writes it (not called otherwise). */
  answer(question: string, history: Turn[], onToken?: (text: string) => void): Promise<Answer>;
  store: Store;
  /** Stores uploaded report files (Node); absent where the runtime cannot parse files. */
  ingest?: (files: { name: string; bytes: Uint8Array }[]) => Promise<IngestOutcome[]>;
  adminToken?: string;
  /** Serves the web page's files; null when a path is not an asset. */
  assets?: (path: string) => Promise<Response | null>;
  /** The address of the peer that opened the connection (the socket's, or the platform's client address). */
  clientIp?: (c: Context) => string;
  /** Peers whose X-Forwarded-For is believed (TRUSTED_PROXIES); from anyone else it is ignored. */
  trustedProxies?: readonly string[];
  wecom?: Omit<WecomDeps, 'ask' | 'listReports'>;
  limits?: { bodyBytes?: number; uploadBytes?: number; askPerMinute?: number };
  /** More to report on /healthz, e.g. each WeCom channel's state. */
  health?: () => Record<string, unknown>;
  log?: (line: string) => void;
}

const MAX_HISTORY = 20;
/** The reports WeCom's 报告列表 is made from: more than fit in one message. */
export const WECOM_REPORT_PAGE = 500;

/** What a person sees when the request itself is at fault, keyed by the status hono's own checks throw. */
const REQUEST_ERRORS: Partial<Record<number, string>> = {
  400: '请求体不是合法的 JSON',
  415: '请求体须为 JSON（Content-Type: application/json）',
};

/** The page is ES modules and one vendored script; ECharts and the page set inline styles. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const ERRORS = {
  400: json(ErrorBody, 'Malformed request: bad JSON, body, path encoding or parameter'),
  401: json(ErrorBody, 'Missing or wrong admin token'),
  403: json(ErrorBody, 'Ingest disabled (ADMIN_TOKEN unset)'),
  404: json(ErrorBody, 'No such report'),
  413: json(ErrorBody, 'Body over the limit'),
  415: json(ErrorBody, 'Body is not application/json'),
  429: json(ErrorBody, 'Rate limit reached; Retry-After says when to try again'),
  500: json(ErrorBody, 'Internal error (logged; no details)'),
  501: json(ErrorBody, 'Not available on this runtime'),
} as const;
type ErrorStatus = keyof typeof ERRORS;
const errors = <S extends ErrorStatus>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((s) => [s, ERRORS[s]])) as Pick<typeof ERRORS, S>;

const questionRequest = {
  body: { content: { 'application/json': { schema: QuestionBody } }, required: true },
} satisfies RouteConfig['request'];

/** The hono app of ARCHITECTURE.md, built from interfaces only: the same on Node and on Workers. */
export function createApp(deps: AppDeps): Hono {
  const app = new OpenAPIHono<BlankEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: result.error.issues[0]?.message ?? '请求不符合接口说明' }, 400);
    },
  });
  const bodyBytes = deps.limits?.bodyBytes ?? 64 * 1024;
  const uploadBytes = deps.limits?.uploadBytes ?? 25 * 1024 * 1024;
  const perMinute = deps.limits?.askPerMinute ?? 60;
  const trusted = new Set(deps.trustedProxies ?? []);
  const ip = (c: Context) => clientAddress(deps.clientIp?.(c), c.req.header('x-forwarded-for'), trusted);
  // Lines carry request text (paths, messages): escaped, so none can forge a line of its own.
  const log = (line: string) => deps.log?.(logText(line, 2000));

  /** Questions and report listings each have their own budget per client and minute. */
  const rateLimit =
    (limiter: RateLimiter): MiddlewareHandler =>
    async (c, next) => {
      const wait = limiter.take(ip(c));
      if (wait > 0) return c.json({ error: `请求太频繁，请 ${wait} 秒后再试` }, 429, { 'retry-after': String(wait) });
      await next();
    };
  const askLimit = rateLimit(new RateLimiter(perMinute));
  const listLimit = rateLimit(new RateLimiter(perMinute));
  const limitBody = bodyLimit({
    maxSize: bodyBytes,
    onError: (c) => c.json({ error: `请求体太大（上限 ${bodyBytes} 字节）` }, 413),
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException)
      return c.json({ error: REQUEST_ERRORS[err.status] ?? `请求无法处理（HTTP ${err.status}）` }, err.status);
    log(`error ${c.req.method} ${c.req.path}: ${err.message}`);
    return c.json({ error: '服务器内部错误' }, 500);
  });
  app.notFound((c) => c.json({ error: '没有这个地址' }, 404));

  app.use(
    secureHeaders({
      contentSecurityPolicy: CSP,
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
      // HSTS belongs to whoever terminates TLS in front of the service, for the domains it knows.
      strictTransportSecurity: false,
    }),
  );
  // hono keeps a path it cannot decode as it is; such a path (or query) names nothing, so say so.
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    if (!decodes(url.pathname) || !decodes(url.search.replaceAll('+', ' ')))
      return c.json({ error: '地址中的百分号编码不正确' }, 400);
    await next();
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ask',
      summary: 'Answer a question',
      middleware: [askLimit, limitBody] as const,
      request: questionRequest,
      responses: {
        200: json(AnswerBody, 'The answer (the answer contract of ARCHITECTURE.md)'),
        ...errors(400, 413, 415, 429, 500),
      },
    }),
    async (c) => {
      const { question, history } = c.req.valid('json');
      return c.json(await deps.answer(question, turns(history)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/chat',
      summary:
        'Answer as Server-Sent Events: route, delta (text), table, citations, warnings, done (the whole answer); error if answering failed',
      middleware: [askLimit, limitBody] as const,
      request: questionRequest,
      responses: {
        200: {
          content: { 'text/event-stream': { schema: z.string() } },
          description: 'The answer as events (a failure while answering is an error event)',
        },
        ...errors(400, 413, 415, 429),
      },
    }),
    (c) => {
      const { question, history } = c.req.valid('json');
      return streamSSE(
        c,
        async (stream) => {
          let streamed = false;
          const tokens: Promise<void>[] = [];
          const answer = await deps.answer(question, turns(history), (text) => {
            streamed = true;
            tokens.push(stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) }));
          });
          await Promise.all(tokens);
          await stream.writeSSE({
            event: 'route',
            data: JSON.stringify({
              route: answer.route,
              plan: answer.plan ?? null,
              sql: answer.sql ?? null,
              resolvedQuestion: answer.resolvedQuestion ?? null,
            }),
          });
          if (!streamed)
            for (const part of answer.answer.match(/[^\n]*\n?/g)!.filter(Boolean))
              await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: part }) });
          if (answer.rows?.length)
            await stream.writeSSE({ event: 'table', data: JSON.stringify({ rows: answer.rows }) });
          await stream.writeSSE({ event: 'citations', data: JSON.stringify(answer.citations) });
          if (answer.warnings?.length)
            await stream.writeSSE({ event: 'warnings', data: JSON.stringify(answer.warnings) });
          await stream.writeSSE({ event: 'done', data: JSON.stringify(answer) });
        },
        async (err, stream) => {
          log(`error POST /api/chat: ${err.message}`);
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: '服务器内部错误' }) });
        },
      ) as unknown as Response;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports',
      summary: 'One page of the reports (newest year first, then org), each with its validation counts',
      middleware: [listLimit] as const,
      request: { query: ReportQuery },
      responses: {
        200: json(ReportList, 'The page, the total the filter matches and the count by year'),
        ...errors(400, 429, 500),
      },
    }),
    async (c) => {
      const { q, org, region, year, level, limit, offset } = c.req.valid('query');
      const filter: ReportFilter = {};
      if (q?.trim()) filter.text = q.trim();
      if (org) filter.org = [org];
      if (region) filter.region = region;
      if (level) filter.level = level;
      if (year) filter.year = [Number(year)];
      const page = await deps.store.reportPage(filter, limit, offset);
      return c.json({ total: page.total, limit, offset, years: page.years, reports: page.reports }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/{id}',
      summary: "One report: metadata, sections, cells with printed labels, validation, its template's table layouts",
      request: { params: ReportId },
      responses: { 200: json(ReportDetail, 'The report'), ...errors(400, 404, 500) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const report = await deps.store.report(id);
      if (!report) return c.json({ error: `没有编号为 ${id} 的报告` }, 404);
      // A report before the 2019 template has no cells and no table layouts to fill.
      const template = hasTables(report.template) ? report.template : null;
      const order = new Map((template ? printedOrder(template) : []).map((k, i) => [k, i]));
      const cells = (await deps.store.cells(id))
        .map((x) => ({
          ...x,
          tableTitle: TABLE_TITLES[x.table],
          rowLabel: rowLabel(x.table, x.row, template),
          colLabel: colLabel(x.table, x.col, x.row),
        }))
        .sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
      return c.json(
        {
          report,
          sections: await deps.store.sections(id),
          cells,
          validation: await deps.store.validation(id),
          layouts: template ? LAYOUTS[template] : [],
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/reports/{id}/text',
      summary: 'The normalised text that citation offsets point into',
      request: { params: ReportId },
      responses: { 200: json(ReportText, 'The text'), ...errors(400, 404, 500) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const text = await deps.store.reportText(id);
      if (text === null) return c.json({ error: `没有编号为 ${id} 的报告` }, 404);
      return c.json({ id, text }, 200);
    },
  );

  const adminToken = deps.adminToken ? sha256(new TextEncoder().encode(`Bearer ${deps.adminToken}`)) : null;
  // Before the body is read: a wrong token must not cost us a 25 MB upload.
  const admin: MiddlewareHandler = async (c, next) => {
    if (!deps.ingest) return c.json({ error: '此运行环境不支持上传入库' }, 501);
    if (!adminToken) return c.json({ error: '上传入库未启用：请设置 ADMIN_TOKEN' }, 403);
    // Hashes compared in constant time: neither the token's length nor its prefix shows in the timing.
    if (!equalBytes(sha256(new TextEncoder().encode(c.req.header('authorization') ?? '')), adminToken))
      return c.json({ error: '管理令牌缺失或不正确' }, 401);
    await next();
  };
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ingest',
      summary: 'Upload report files (multipart, field "file"); Authorization: Bearer $ADMIN_TOKEN',
      security: [{ admin: [] }],
      middleware: [
        admin,
        bodyLimit({
          maxSize: uploadBytes,
          onError: (c) => c.json({ error: `上传文件太大（上限 ${uploadBytes} 字节）` }, 413),
        }),
      ] as const,
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } },
              },
            },
          },
        },
      },
      responses: {
        200: json(IngestResults, "Each file's outcome; at least one was stored or unchanged"),
        400: json(IngestFailed, 'Not a multipart upload with files, or no file could be stored'),
        ...errors(401, 403, 413, 500, 501),
      },
    }),
    async (c) => {
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        return c.json({ error: '请求体须为 multipart/form-data，含一个或多个 "file" 字段' }, 400);
      }
      const files = form
        .getAll('file')
        .filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
      if (files.length === 0) return c.json({ error: '上传中没有 "file" 字段' }, 400);
      const results = await deps.ingest!(
        await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))),
      );
      if (results.some((r) => r.outcome !== 'error')) return c.json({ results }, 200);
      return c.json({ error: '没有文件入库', results }, 400);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness, corpus size and the state of each WeCom channel',
      responses: { 200: json(Health, 'OK'), ...errors(500) },
    }),
    async (c) => c.json({ ok: true, reports: (await deps.store.reportPage({}, 0, 0)).total, ...deps.health?.() }, 200),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'admin', {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_TOKEN',
  });
  let document: unknown;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This document, generated from the routes and their schemas',
      responses: { 200: json(z.looseObject({ openapi: z.string() }), 'OpenAPI 3.1') },
    }),
    (c) => {
      document ??= app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: '年报问答 govreport-qa API', version: '1' },
      });
      return c.json(document as { openapi: string }, 200);
    },
  );

  if (deps.wecom) {
    app.route(
      WECOM_MOUNT,
      wecomRoutes({
        ...deps.wecom,
        ask: (q, h) => deps.answer(q, h ?? []),
        listReports: () => deps.store.reportPage({}, WECOM_REPORT_PAGE, 0),
      }),
    );
  }

  app.get('*', async (c) => {
    const asset = await deps.assets?.(c.req.path);
    // Copied: a fetched response's headers are immutable (Workers' assets binding), and ours are added.
    return asset ? new Response(asset.body, asset) : c.json({ error: '没有这个地址' }, 404);
  });
  return app;
}

/** The last turns of a history, each cut to a length a prompt can carry. */
function turns(history: Turn[] | undefined): Turn[] {
  return (history ?? []).slice(-MAX_HISTORY).map((t) => ({ role: t.role, content: t.content.slice(0, 4000) }));
}

function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
