/**
 * The OpenAPI document is generated from the routes: it must be a valid OpenAPI 3.1 document, and
 * every route must answer every status it documents with the documented media type and body shape.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES, sampleApp } from '../adapters/node/sample-app.ts';
import type { Store } from '../domain/ports.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: object };

/** A store whose every read fails, for the documented 500s. */
const failing = new Proxy(
  {},
  {
    get: () => async () => {
      throw new Error('disk on fire at /srv/data.db');
    },
  },
) as Store;

describe('the OpenAPI document', async () => {
  const { make } = await sampleApp();
  const app = make();
  const apps = {
    app,
    limited: make({ limits: { askPerMinute: 1, bodyBytes: 4096 } }),
    broken: make({
      store: failing,
      answer: async () => {
        throw new Error('model on fire');
      },
      ingest: async () => {
        throw new Error('disk on fire');
      },
    }),
    tiny: make({ limits: { askPerMinute: 0, bodyBytes: 4096, uploadBytes: 1000 } }),
    closed: make({ adminToken: undefined }),
    workers: make({ ingest: undefined }),
  };
  const doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc, 'doc');
  const pointer = (...parts: string[]) =>
    `doc#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

  const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const upload = (files: [string, string][], token = 'secret'): RequestInit => {
    const form = new FormData();
    for (const [name, text] of files) form.append('file', new File([text], name));
    return { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } };
  };
  const ids = ((await (await app.request('/api/reports')).json()) as { reports: { id: number }[] }).reports.map(
    (r) => r.id,
  );
  const sample = readFileSync(join(SAMPLES, '000_02e80cf19b94c8cc.txt'), 'utf8').replace(/花马池镇/g, '青山镇');

  /** [path template, method, status, app, url, init]: one request per documented answer. */
  const cases: [string, string, number, keyof typeof apps, string, RequestInit?][] = [
    ['/api/ask', 'post', 200, 'app', '/api/ask', json({ question: '花马池镇2021年行政处罚多少件？' })],
    ['/api/ask', 'post', 400, 'app', '/api/ask', json(null)],
    ['/api/ask', 'post', 413, 'app', '/api/ask', json({ question: '问', pad: 'x'.repeat(5000) })],
    [
      '/api/ask',
      'post',
      415,
      'app',
      '/api/ask',
      { method: 'POST', body: 'question', headers: { 'content-type': 'text/plain' } },
    ],
    ['/api/ask', 'post', 200, 'limited', '/api/ask', json({ question: '花马池镇' })],
    ['/api/ask', 'post', 429, 'limited', '/api/ask', json({ question: '花马池镇' })],
    ['/api/ask', 'post', 500, 'broken', '/api/ask', json({ question: '问' })],
    ['/api/chat', 'post', 200, 'app', '/api/chat', json({ question: '哪个镇行政处罚最多' })],
    ['/api/chat', 'post', 400, 'app', '/api/chat', json({ question: '' })],
    ['/api/chat', 'post', 413, 'app', '/api/chat', json({ question: '问', pad: 'x'.repeat(5000) })],
    [
      '/api/chat',
      'post',
      415,
      'app',
      '/api/chat',
      { method: 'POST', body: '{}', headers: { 'content-type': 'application/xml' } },
    ],
    ['/api/chat', 'post', 429, 'limited', '/api/chat', json({ question: '花马池镇' })],
    ['/api/reports', 'get', 200, 'app', '/api/reports?year=2021&limit=1&offset=1'],
    [
      '/api/reports',
      'get',
      200,
      'app',
      `/api/reports?q=${encodeURIComponent('花马池')}&level=${encodeURIComponent('乡镇/街道')}`,
    ],
    ['/api/reports', 'get', 400, 'app', '/api/reports?limit=1000'],
    ['/api/reports', 'get', 200, 'limited', '/api/reports'],
    ['/api/reports', 'get', 429, 'limited', '/api/reports'],
    ['/api/reports', 'get', 500, 'broken', '/api/reports'],
    ['/api/reports/{id}', 'get', 200, 'app', `/api/reports/${ids[0]}`],
    ['/api/reports/{id}', 'get', 400, 'app', '/api/reports/-1'],
    ['/api/reports/{id}', 'get', 404, 'app', '/api/reports/99999'],
    ['/api/reports/{id}', 'get', 500, 'broken', '/api/reports/1'],
    ['/api/reports/{id}/text', 'get', 200, 'app', `/api/reports/${ids[1]}/text`],
    ['/api/reports/{id}/text', 'get', 400, 'app', '/api/reports/1.5/text'],
    ['/api/reports/{id}/text', 'get', 404, 'app', '/api/reports/99999/text'],
    ['/api/reports/{id}/text', 'get', 500, 'broken', '/api/reports/1/text'],
    ['/api/ingest', 'post', 200, 'app', '/api/ingest', upload([['qs.txt', sample]])],
    ['/api/ingest', 'post', 400, 'app', '/api/ingest', upload([['bad.pdf', 'not a pdf']])],
    ['/api/ingest', 'post', 401, 'app', '/api/ingest', upload([['a.txt', 'x']], 'wrong')],
    ['/api/ingest', 'post', 403, 'closed', '/api/ingest', upload([['a.txt', 'x']])],
    ['/api/ingest', 'post', 413, 'tiny', '/api/ingest', upload([['a.txt', 'x'.repeat(2000)]])],
    ['/api/ingest', 'post', 500, 'broken', '/api/ingest', upload([['a.txt', 'x']])],
    ['/api/ingest', 'post', 501, 'workers', '/api/ingest', upload([['a.txt', 'x']])],
    ['/healthz', 'get', 200, 'app', '/healthz'],
    ['/healthz', 'get', 500, 'broken', '/healthz'],
    ['/api/openapi.json', 'get', 200, 'app', '/api/openapi.json'],
  ];

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents the routes the page and clients use', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/ask',
      '/api/chat',
      '/api/ingest',
      '/api/openapi.json',
      '/api/reports',
      '/api/reports/{id}',
      '/api/reports/{id}/text',
      '/healthz',
    ]);
  });

  it('has a request here for every documented status', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => Object.keys(op.responses).map((s) => `${method} ${path} ${s}`)),
    );
    const covered = new Set(cases.map(([path, method, status]) => `${method} ${path} ${status}`));
    expect(documented.filter((d) => !covered.has(d))).toEqual([]);
    expect([...covered].filter((c) => !documented.includes(c))).toEqual([]);
  });

  it('answers every documented status as documented', async () => {
    for (const [path, method, status, which, url, init] of cases) {
      const what = `${method.toUpperCase()} ${url} → ${status}`;
      const res = await apps[which].request(url, init);
      expect(res.status, what).toBe(status);
      const content = doc.paths[path]![method]!.responses[String(status)]!.content!;
      const [mediaType] = Object.keys(content);
      expect(res.headers.get('content-type'), what).toContain(mediaType);
      if (mediaType !== 'application/json') continue;
      const body: unknown = await res.json();
      const validate = ajv.getSchema(
        pointer('paths', path, method, 'responses', String(status), 'content', mediaType, 'schema'),
      )!;
      expect(validate(body) ? [] : validate.errors, what).toEqual([]);
      expect(JSON.stringify(body), what).not.toMatch(/\bat .*:\d+|on fire|\/srv\//);
    }
  });
});
