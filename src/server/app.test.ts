import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportReports } from '../adapters/node/export.ts';
import { SAMPLES, sampleApp } from '../adapters/node/sample-app.ts';
import type { Answer } from '../domain/types.ts';

describe('HTTP API over the sample corpus', async () => {
  const { db, make } = await sampleApp();
  const app = make();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('POST /api/ask answers with the answer contract', async () => {
    const res = await post('/api/ask', { question: '花马池镇2021年行政处罚多少件？' });
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    expect(a.route).toBe('sql');
    expect(a.answer).toContain('1319');
    expect(a.sql).toMatch(/^WITH per AS/);
    expect(a.citations[0]).toMatchObject({
      org: '盐池县花马池镇',
      year: 2021,
      cell: { key: 't2.penalty.decisions', value: 1319 },
    });
  });

  it('POST /api/ask takes history for follow-ups', async () => {
    const res = await post('/api/ask', {
      question: '那古城镇呢？',
      history: [
        { role: 'user', content: '花马池镇行政处罚多少件？' },
        { role: 'assistant', content: '1319 件' },
      ],
    });
    const a = (await res.json()) as Answer;
    expect(a.resolvedQuestion).toContain('古城镇');
    expect(a.citations.every((c) => c.org === '利通区古城镇')).toBe(true);
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
    const deltas = [...text.matchAll(/event: delta\ndata: (.*)/g)]
      .map((m) => (JSON.parse(m[1]!) as { text: string }).text)
      .join('');
    expect(deltas).toBe(done.answer);
  });

  it('rejects bad questions: missing, not JSON, too long, oversized body', async () => {
    expect((await post('/api/ask', {})).status).toBe(400);
    expect((await post('/api/ask', 'not json')).status).toBe(400);
    expect((await post('/api/ask', { question: '问'.repeat(501) })).status).toBe(400);
    const long = await post('/api/ask', { question: '问'.repeat(501) });
    expect(await long.json()).toEqual({ error: '问题太长（501字，上限500字）' });
    const big = await post('/api/ask', { question: '问', pad: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: expect.stringContaining('请求体太大') });
  });

  it('answers 400 to bodies that are JSON but not a question object', async () => {
    for (const body of [
      'null',
      '[]',
      '5',
      '"问"',
      'true',
      '{"question": 5}',
      '{"question": "问", "history": "x"}',
      '{"question": "问", "history": [{"role": "system", "content": "x"}]}',
    ]) {
      const res = await post('/api/ask', body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: string }).error, body).toMatch(/[\u4e00-\u9fff]/);
    }
    const plain = await app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"question": "问"}',
    });
    expect(plain.status).toBe(415);
  });

  it('rate-limits a client by its socket address, with Retry-After, believing X-Forwarded-For only from a trusted proxy', async () => {
    let peer = '203.0.113.9';
    const limited = make({ limits: { askPerMinute: 2 }, clientIp: () => peer, trustedProxies: ['10.0.0.1'] });
    const ask1 = (xff?: string) =>
      limited.request('/api/ask', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
        body: JSON.stringify({ question: '花马池镇' }),
      });
    expect((await ask1('1.1.1.1')).status).toBe(200);
    expect((await ask1('2.2.2.2')).status).toBe(200);
    // A forged header from an untrusted peer does not open a new budget.
    const third = await ask1('3.3.3.3');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(((await third.json()) as { error: string }).error).toMatch(/请求太频繁/);
    // Behind the trusted proxy, each forwarded client has its own budget.
    peer = '10.0.0.1';
    expect([
      (await ask1('198.51.100.1')).status,
      (await ask1('198.51.100.1')).status,
      (await ask1('198.51.100.1')).status,
      (await ask1('198.51.100.2')).status,
    ]).toEqual([200, 200, 429, 200]);
    // The report list is limited too, on its own budget.
    const list = () => limited.request('/api/reports', { headers: { 'x-forwarded-for': '198.51.100.3' } });
    expect([(await list()).status, (await list()).status, (await list()).status]).toEqual([200, 200, 429]);
  });

  it('lists, filters and opens reports, with their text', async () => {
    const all = (await (await app.request('/api/reports')).json()) as {
      total: number;
      limit: number;
      offset: number;
      reports: { id: number; org: string; validation: { pass: number; fail: number; na: number } }[];
    };
    expect(all).toMatchObject({ total: 5, limit: 100, offset: 0 });
    expect(all.reports).toHaveLength(5);
    // The counts of one query per page are those of each report's own validation results.
    const hmc = all.reports.find((r) => r.org === '盐池县花马池镇')!;
    const own = ((await (await app.request(`/api/reports/${hmc.id}`)).json()) as { validation: { status: string }[] })
      .validation;
    expect(hmc.validation).toEqual({
      pass: own.filter((v) => v.status === 'PASS').length,
      fail: own.filter((v) => v.status === 'FAIL').length,
      na: own.filter((v) => v.status === 'NA').length,
    });
    const y = (await (await app.request('/api/reports?year=2021')).json()) as { reports: { org: string }[] };
    expect(y.reports.map((r) => r.org).sort()).toEqual(['南郊镇', '盐池县花马池镇']);
    for (const bad of [
      'year=abc',
      'limit=0',
      'limit=101',
      'limit=x',
      'limit=0x10',
      'limit=1e1',
      'limit=%205',
      'offset=-1',
      'year=2021&year=2020',
      `org=${'镇'.repeat(101)}`,
    ]) {
      expect((await app.request(`/api/reports?${bad}`)).status, bad).toBe(400);
    }
    const pages = await Promise.all(
      [0, 2, 4].map(
        async (offset) => (await (await app.request(`/api/reports?limit=2&offset=${offset}`)).json()) as typeof all,
      ),
    );
    expect(pages.map((p) => p.reports.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.reports.map((r) => r.id))).toEqual(all.reports.map((r) => r.id));
    for (const bad of ['abc', '0', '0x1', '1e3', '%201', '99999999999999999'])
      expect((await app.request(`/api/reports/${bad}`)).status, bad).toBe(400);
    const id = all.reports.find((r) => r.org === '盐池县花马池镇')!.id;
    const one = (await (await app.request(`/api/reports/${id}`)).json()) as {
      cells: { key: string; rowLabel: string; value: number | null }[];
      sections: unknown[];
      validation: unknown[];
    };
    expect(one.cells.find((c) => c.key === 't2.penalty.decisions')).toMatchObject({
      rowLabel: '行政处罚',
      value: 1319,
    });
    expect(one.sections.length).toBeGreaterThan(6);
    const text = (await (await app.request(`/api/reports/${id}/text`)).json()) as { text: string };
    expect(text.text).toContain('花马池镇');
    expect((await app.request('/api/reports/99999')).status).toBe(404);
    expect((await app.request('/api/reports/99999/text')).status).toBe(404);
  });

  it('serves health and the OpenAPI document, and JSON 404s', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true, reports: 5 });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/ask', '/api/chat', '/api/reports', '/api/ingest']),
    );
    const nf = await app.request('/nope');
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ error: '没有这个地址' });
  });

  it('hides internal errors behind a JSON 500 without a stack', async () => {
    const broken = make({
      answer: async () => {
        throw new Error('boom at /secret/path.ts:12');
      },
    });
    const res = await broken.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '问' }),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":"服务器内部错误"}');
  });

  it('answers 400 to a path or query that is not valid percent-encoding', async () => {
    for (const path of ['/%ZZ', '/api/%ZZ', '/api/reports/%E0%A4%A', '/app.js%', '/api/reports?org=%ZZ', '/%C3%28']) {
      const res = await make({ assets: async () => new Response('page') }).request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ error: '地址中的百分号编码不正确' });
    }
  });

  it('puts security headers on asset responses too, even ones whose headers are immutable', async () => {
    // A fetched response (as Workers' assets binding gives) cannot have headers added; Response.redirect is one such.
    const res = await make({ assets: async () => Response.redirect('http://127.0.0.1/index.html', 302) }).request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('puts security headers on every response', async () => {
    for (const res of [await app.request('/healthz'), await app.request('/nope'), await post('/api/ask', 'x')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    }
  });

  describe('POST /api/ingest', () => {
    const upload = (files: [string, string | Uint8Array][], token?: string, target = app) => {
      const form = new FormData();
      for (const [name, body] of files)
        form.append('file', new File([typeof body === 'string' ? body : new Uint8Array(body)], name));
      return target.request('/api/ingest', {
        method: 'POST',
        body: form,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    };

    it('needs the admin token, and is disabled without one', async () => {
      expect((await upload([['a.txt', 'x']])).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'wrong')).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'secre')).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'secrets')).status).toBe(401);
      expect((await upload([['a.txt', 'x']], 'secret', make({ adminToken: undefined }))).status).toBe(403);
      expect((await upload([['a.txt', 'x']], 'secret', make({ ingest: undefined }))).status).toBe(501);
    });

    it('refuses a wrong token before reading the body', async () => {
      let pulled = 0;
      // A chunked upload that never ends: the answer must not wait for it.
      const endless = new ReadableStream<Uint8Array>({
        pull: async (controller) => {
          pulled++;
          await new Promise((r) => setTimeout(r, 5));
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const res = await app.request('/api/ingest', {
        method: 'POST',
        body: endless,
        headers: { authorization: 'Bearer wrong', 'content-type': 'multipart/form-data; boundary=x' },
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(401);
      expect(pulled).toBeLessThanOrEqual(1);
      await endless.cancel();
    });

    it('refuses a malformed upload with 400 and leaves the database unchanged', async () => {
      const before = JSON.stringify(exportReports(db));
      const res = await upload([['bad.pdf', 'not a pdf at all']], 'secret');
      expect(res.status).toBe(400);
      const failed = (await res.json()) as { error: string; results: { error: string }[] };
      expect(failed.error).toBe('没有文件入库');
      expect(failed.results[0]!.error).toMatch(/PDF/);
      const notMultipart = await app.request('/api/ingest', {
        method: 'POST',
        body: 'x',
        headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' },
      });
      expect(notMultipart.status).toBe(400);
      const brokenMultipart = await app.request('/api/ingest', {
        method: 'POST',
        body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
        headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data; boundary=x' },
      });
      expect(brokenMultipart.status).toBe(400);
      const noBoundary = await app.request('/api/ingest', {
        method: 'POST',
        body: 'abc',
        headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data' },
      });
      expect(noBoundary.status).toBe(400);
      expect(JSON.stringify(exportReports(db))).toBe(before);
    });

    it('ingests a good upload that can then be asked about', async () => {
      const text = readFileSync(join(SAMPLES, '000_02e80cf19b94c8cc.txt'), 'utf8')
        .replace(/花马池镇/g, '大水坑镇')
        .replace(/1319/g, '27');
      const res = await upload([['dsk.txt', text]], 'secret');
      expect(res.status).toBe(200);
      const a = (await (await post('/api/ask', { question: '大水坑镇2021年行政处罚多少件？' })).json()) as Answer;
      expect(a.answer).toContain('27');
    });
  });
});
