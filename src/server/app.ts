import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';
import { colLabel, printedOrder, rowLabel, TABLE_TITLES } from '../domain/catalogue.ts';
import { LAYOUTS } from '../domain/layout.ts';
import type { ReportFilter, Store } from '../domain/ports.ts';
import type { Answer, Turn } from '../domain/types.ts';
import { MAX_QUESTION_CHARS } from '../qa/ask.ts';
import { wecomRoutes, type WecomDeps } from '../wecom/index.ts';
import { OPENAPI } from './openapi.ts';
import { RateLimiter } from './rate-limit.ts';

export interface IngestOutcome {
  file: string;
  outcome: 'added' | 'replaced' | 'unchanged' | 'error';
  error?: string;
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
  clientIp?: (c: Context) => string;
  wecom?: Omit<WecomDeps, 'ask' | 'listReports'>;
  limits?: { bodyBytes?: number; uploadBytes?: number; askPerMinute?: number };
  /** More to report on /healthz, e.g. each WeCom channel's state. */
  health?: () => Record<string, unknown>;
  log?: (line: string) => void;
}

const MAX_HISTORY = 20;

/** The hono app of design.md, built from interfaces only: the same on Node and on Workers. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const bodyBytes = deps.limits?.bodyBytes ?? 64 * 1024;
  const uploadBytes = deps.limits?.uploadBytes ?? 25 * 1024 * 1024;
  const limiter = new RateLimiter(deps.limits?.askPerMinute ?? 60);
  const ip = (c: Context) => deps.clientIp?.(c) ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';

  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    deps.log?.(`error ${c.req.method} ${c.req.path}: ${err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));

  const tooLarge = (c: Context) => c.json({ error: `request body too large (limit ${bodyBytes} bytes)` }, 413);
  const questionOf = async (c: Context): Promise<{ question: string; history: Turn[] } | Response> => {
    if (!limiter.allow(ip(c))) return c.json({ error: 'too many requests: try again in a minute' }, 429);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'body must be JSON: {"question": "…", "history": [...]}' }, 400);
    }
    const b = body as { question?: unknown; history?: unknown };
    if (typeof b.question !== 'string' || b.question.trim() === '') return c.json({ error: 'question (a non-empty string) is required' }, 400);
    if (b.question.length > MAX_QUESTION_CHARS) return c.json({ error: `question too long (${b.question.length} characters; limit ${MAX_QUESTION_CHARS})` }, 400);
    const history = Array.isArray(b.history)
      ? b.history
          .filter((t): t is Turn => typeof t === 'object' && t !== null && (t.role === 'user' || t.role === 'assistant') && typeof t.content === 'string')
          .slice(-MAX_HISTORY)
          .map((t) => ({ role: t.role, content: t.content.slice(0, 4000) }))
      : [];
    return { question: b.question, history };
  };

  app.post('/api/ask', bodyLimit({ maxSize: bodyBytes, onError: tooLarge }), async (c) => {
    const q = await questionOf(c);
    if (q instanceof Response) return q;
    return c.json(await deps.answer(q.question, q.history));
  });

  app.post('/api/chat', bodyLimit({ maxSize: bodyBytes, onError: tooLarge }), async (c) => {
    const q = await questionOf(c);
    if (q instanceof Response) return q;
    return streamSSE(c, async (stream) => {
      let streamed = false;
      const tokens: Promise<void>[] = [];
      const answer = await deps.answer(q.question, q.history, (text) => {
        streamed = true;
        tokens.push(stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) }));
      });
      await Promise.all(tokens);
      await stream.writeSSE({ event: 'route', data: JSON.stringify({ route: answer.route, plan: answer.plan ?? null, sql: answer.sql ?? null, resolvedQuestion: answer.resolvedQuestion ?? null }) });
      if (!streamed) for (const part of answer.answer.match(/[^\n]*\n?/g)!.filter(Boolean)) await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: part }) });
      if (answer.rows?.length) await stream.writeSSE({ event: 'table', data: JSON.stringify({ rows: answer.rows }) });
      await stream.writeSSE({ event: 'citations', data: JSON.stringify(answer.citations) });
      if (answer.warnings?.length) await stream.writeSSE({ event: 'warnings', data: JSON.stringify(answer.warnings) });
      await stream.writeSSE({ event: 'done', data: JSON.stringify(answer) });
    });
  });

  app.get('/api/reports', async (c) => {
    const filter: ReportFilter = {};
    const { org, region, year, level } = c.req.query();
    if (org) filter.org = [org];
    if (region) filter.region = region;
    if (level) filter.level = level;
    if (year) {
      if (!/^\d{4}$/.test(year)) return c.json({ error: 'year must be four digits' }, 400);
      filter.year = [Number(year)];
    }
    const reports = await deps.store.reports(filter);
    const withChecks = await Promise.all(
      reports.map(async (r) => {
        const v = await deps.store.validation(r.id);
        return { ...r, validation: { pass: v.filter((x) => x.status === 'PASS').length, fail: v.filter((x) => x.status === 'FAIL').length, na: v.filter((x) => x.status === 'NA').length } };
      }),
    );
    return c.json({ reports: withChecks });
  });

  app.get('/api/reports/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const report = await deps.store.report(id);
    if (!report) return c.json({ error: `no report ${id}` }, 404);
    const template = report.template === '2019' ? '2019' : '2021';
    const order = new Map(printedOrder(template).map((k, i) => [k, i]));
    const cells = (await deps.store.cells(id))
      .map((x) => ({ ...x, tableTitle: TABLE_TITLES[x.table], rowLabel: rowLabel(x.table, x.row, template), colLabel: colLabel(x.table, x.col, x.row) }))
      .sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
    return c.json({ report, sections: await deps.store.sections(id), cells, validation: await deps.store.validation(id), layouts: LAYOUTS[template] });
  });

  app.get('/api/reports/:id{[0-9]+}/text', async (c) => {
    const id = Number(c.req.param('id'));
    const text = await deps.store.reportText(id);
    if (text === null) return c.json({ error: `no report ${id}` }, 404);
    return c.json({ id, text });
  });

  app.post('/api/ingest', bodyLimit({ maxSize: uploadBytes, onError: (c) => c.json({ error: `upload too large (limit ${uploadBytes} bytes)` }, 413) }), async (c) => {
    if (!deps.ingest) return c.json({ error: 'ingest is not available on this runtime' }, 501);
    if (!deps.adminToken) return c.json({ error: 'ingest is disabled: set ADMIN_TOKEN to enable it' }, 403);
    if (c.req.header('authorization') !== `Bearer ${deps.adminToken}`) return c.json({ error: 'missing or wrong admin token' }, 401);
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      return c.json({ error: 'body must be multipart/form-data with one or more "file" fields' }, 400);
    }
    const files = form.getAll('file').filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
    if (files.length === 0) return c.json({ error: 'no "file" field in the upload' }, 400);
    const results = await deps.ingest(await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))));
    const ok = results.some((r) => r.outcome !== 'error');
    return c.json({ results }, ok ? 200 : 400);
  });

  app.get('/healthz', async (c) => c.json({ ok: true, reports: (await deps.store.reports()).length, ...deps.health?.() }));
  app.get('/api/openapi.json', (c) => c.json(OPENAPI));

  if (deps.wecom) {
    app.route('/wecom', wecomRoutes({ ...deps.wecom, ask: (q, h) => deps.answer(q, h ?? []), listReports: () => deps.store.reports() }));
  }

  app.get('*', async (c) => {
    const res = (await deps.assets?.(c.req.path)) ?? null;
    return res ?? c.json({ error: 'not found' }, 404);
  });
  return app;
}
