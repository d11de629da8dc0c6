import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestBytes, ingestFiles, listReportFiles } from '../adapters/node/ingest/ingest-files.ts';
import { openDatabase } from '../adapters/node/db.ts';
import { createNodeDeps } from '../adapters/node/deps.ts';
import { indexingFromEnv } from '../adapters/node/indexing.ts';
import { exportReports } from '../adapters/node/export.ts';
import type { Answer } from '../domain/types.ts';
import { ask } from '../qa/ask.ts';
import { createApp } from './app.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', 'corpus', 'samples');

describe('HTTP API over the sample corpus', async () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'api-')), 'r.db'));
  const indexing = await indexingFromEnv({});
  await ingestFiles(db, listReportFiles([SAMPLES]), indexing);
  const deps = await createNodeDeps(db, {});
  const make = (extra: Partial<Parameters<typeof createApp>[0]> = {}) =>
    createApp({
      answer: (q, h) => ask(deps, q, h),
      store: deps.store,
      ingest: async (files) => Promise.all(files.map(async (f) => {
        const r = await ingestBytes(db, `upload:${f.name}`, f.name, f.bytes, indexing);
        return { file: f.name, outcome: r.outcome, ...(r.error ? { error: r.error } : {}), warnings: r.warnings };
      })),
      adminToken: 'secret',
      limits: { askPerMinute: 0, bodyBytes: 4096 },
      ...extra,
    });
  const app = make();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('POST /api/ask answers with the answer contract', async () => {
    const res = await post('/api/ask', { question: '花马池镇2021年行政处罚多少件？' });
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    expect(a.route).toBe('sql');
    expect(a.answer).toContain('1319');
    expect(a.sql).toMatch(/^WITH per AS/);
    expect(a.citations[0]).toMatchObject({ org: '花马池镇', year: 2021, cell: { key: 't2.penalty.decisions', value: 1319 } });
  });

  it('POST /api/ask takes history for follow-ups', async () => {
    const res = await post('/api/ask', { question: '那古城镇呢？', history: [{ role: 'user', content: '花马池镇行政处罚多少件？' }, { role: 'assistant', content: '1319 件' }] });
    const a = (await res.json()) as Answer;
    expect(a.resolvedQuestion).toContain('古城镇');
    expect(a.citations.every((c) => c.org === '古城镇')).toBe(true);
  });

  it('POST /api/chat streams route, deltas, table, citations and done', async () => {
    const res = await post('/api/chat', { question: '哪个镇行政处罚最多' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('route');
    expect(events).toContain('delta');
    expect(events).toContain('table');
    expect(events).toContain('citations');
    expect(events.at(-1)).toBe('done');
    const done = JSON.parse(/event: done\ndata: (.*)/.exec(text)![1]!) as Answer;
    const deltas = [...text.matchAll(/event: delta\ndata: (.*)/g)].map((m) => (JSON.parse(m[1]!) as { text: string }).text).join('');
    expect(deltas).toBe(done.answer);
  });

  it('rejects bad questions: missing, not JSON, too long, oversized body', async () => {
    expect((await post('/api/ask', {})).status).toBe(400);
    expect((await post('/api/ask', 'not json')).status).toBe(400);
    expect((await post('/api/ask', { question: '问'.repeat(501) })).status).toBe(400);
    const big = await post('/api/ask', { question: '问', pad: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: expect.stringContaining('too large') });
  });

  it('rate-limits a client', async () => {
    const limited = make({ limits: { askPerMinute: 2 } });
    const ask1 = () => limited.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '花马池镇' }) });
    expect([(await ask1()).status, (await ask1()).status, (await ask1()).status]).toEqual([200, 200, 429]);
  });

  it('lists, filters and opens reports, with their text', async () => {
    const all = (await (await app.request('/api/reports')).json()) as { reports: { id: number; org: string; validation: { fail: number } }[] };
    expect(all.reports).toHaveLength(5);
    const y = (await (await app.request('/api/reports?year=2021')).json()) as { reports: { org: string }[] };
    expect(y.reports.map((r) => r.org).sort()).toEqual(['南郊镇', '花马池镇']);
    expect((await app.request('/api/reports?year=abc')).status).toBe(400);
    const id = all.reports.find((r) => r.org === '花马池镇')!.id;
    const one = (await (await app.request(`/api/reports/${id}`)).json()) as { cells: { key: string; rowLabel: string; value: number | null }[]; sections: unknown[]; validation: unknown[] };
    expect(one.cells.find((c) => c.key === 't2.penalty.decisions')).toMatchObject({ rowLabel: '行政处罚', value: 1319 });
    expect(one.sections.length).toBeGreaterThan(6);
    const text = (await (await app.request(`/api/reports/${id}/text`)).json()) as { text: string };
    expect(text.text).toContain('花马池镇');
    expect((await app.request('/api/reports/99999')).status).toBe(404);
    expect((await app.request('/api/reports/99999/text')).status).toBe(404);
  });

  it('serves health and the OpenAPI document, and JSON 404s', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true, reports: 5 });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ask', '/api/chat', '/api/reports', '/api/ingest']));
    const nf = await app.request('/nope');
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ error: 'not found' });
  });

  it('hides internal errors behind a JSON 500 without a stack', async () => {
    const broken = make({ answer: async () => { throw new Error('boom at /secret/path.ts:12'); } });
    const res = await broken.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '问' }) });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":"internal error"}');
  });

  describe('POST /api/ingest', () => {
    const upload = (files: [string, string | Uint8Array][], token?: string, target = app) => {
      const form = new FormData();
      for (const [name, body] of files) form.append('file', new File([typeof body === 'string' ? body : new Uint8Array(body)], name));
      return target.request('/api/ingest', { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
    };

    it('needs the admin token, and is disabled without one', async () => {
      expect((await upload([['a.txt', 'x']])).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'wrong')).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'secret', make({ adminToken: undefined }))).status).toBe(403);
    });

    it('refuses a malformed upload with 400 and leaves the database unchanged', async () => {
      const before = JSON.stringify(exportReports(db));
      const res = await upload([['bad.pdf', 'not a pdf at all']], 'secret');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { results: { error: string }[] }).results[0]!.error).toMatch(/PDF/);
      const notMultipart = await app.request('/api/ingest', { method: 'POST', body: 'x', headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' } });
      expect(notMultipart.status).toBe(400);
      expect(JSON.stringify(exportReports(db))).toBe(before);
    });

    it('ingests a good upload that can then be asked about', async () => {
      const { readFileSync } = await import('node:fs');
      const text = readFileSync(join(SAMPLES, '000_02e80cf19b94c8cc.txt'), 'utf8').replace(/花马池镇/g, '大水坑镇').replace(/1319/g, '27');
      const res = await upload([['dsk.txt', text]], 'secret');
      expect(res.status).toBe(200);
      const a = (await (await post('/api/ask', { question: '大水坑镇2021年行政处罚多少件？' })).json()) as Answer;
      expect(a.answer).toContain('27');
    });
  });
});
