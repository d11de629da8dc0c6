/**
 * The hostile-request sweep of issue 18: hundreds of malformed, oversized, forged and flooding
 * requests to the app over the sample corpus (in process), and a few through a real 127.0.0.1
 * Node server for what only a socket shows (slow clients, oversized headers). None may get a 500
 * or a stack, none may change the database, and no log line may be forged.
 */
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../adapters/node/db.ts';
import { exportReports } from '../adapters/node/export.ts';
import { pageAssets } from '../adapters/node/page-assets.ts';
import { start } from '../adapters/node/main.ts';
import { SAMPLES, sampleApp } from '../adapters/node/sample-app.ts';

const WECOM = {
  WECOM_TOKEN: 'QDG6eK',
  WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_CORP_ID: 'wx5823bf96d3bd56c7',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_BOT_TOKEN: 'QDG6eK',
  WECOM_BOT_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  // Nothing forged gets as far as calling WeCom; were it to, it would meet a closed port, not the Internet.
  WECOM_API_BASE: 'http://127.0.0.1:9',
};
const STACK = /\n\s+at |\bat [^\n]*\.[cm]?[jt]s:\d+|node_modules|\/work\/|Error: /;
const HAN = /[\u4e00-\u9fff]/;

type Hostile = [label: string, path: string, init?: RequestInit];

const json = (body: string | Uint8Array<ArrayBuffer>, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType },
  body,
});
const upload = (token: string | null, files: [string, string][] = [['a.txt', 'x']]): RequestInit => {
  const form = new FormData();
  for (const [name, text] of files) form.append('file', new File([text], name));
  return { method: 'POST', body: form, headers: token === null ? {} : { authorization: token } };
};

function hostileRequests(): Hostile[] {
  const out: Hostile[] = [];
  const bodies = [
    '',
    'null',
    '[]',
    '5',
    '-1',
    '"问"',
    'true',
    'false',
    '{',
    '}',
    '{"question":',
    '{"question":null}',
    '{"question":[]}',
    '{"question":{}}',
    '{"question":5}',
    '{"question":""}',
    '{"question":"   "}',
    `{"question":"${'问'.repeat(501)}"}`,
    '{"question":"问","history":5}',
    '{"question":"问","history":"x"}',
    '{"question":"问","history":[1,2]}',
    '{"question":"问","history":[{"role":"system","content":"x"}]}',
    '{"question":"问","history":[{"role":"user","content":5}]}',
    '{"question":"问","history":[null]}',
    `{"question":"问","history":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    '['.repeat(30_000),
    '{"a":'.repeat(10_000),
    '{"__proto__":{"question":"x"}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '1e999999',
    'NaN',
    '{"question":"问"}garbage',
    '\uFEFF{"question":"问"}',
    '{"question":"\\ud800"}',
    "{'question':'问'}",
    '<xml/>',
  ];
  for (const route of ['/api/ask', '/api/chat']) {
    for (const b of bodies) out.push([`${route} body ${b.slice(0, 30)}`, route, json(b)]);
    out.push([`${route} invalid UTF-8`, route, json(new Uint8Array([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]))]);
    out.push([`${route} text/plain`, route, json('{"question":"问"}', 'text/plain')]);
    out.push([`${route} no content-type`, route, { method: 'POST', body: '{"question":"问"}' }]);
    out.push([`${route} multipart`, route, upload(null)]);
    out.push([`${route} form`, route, json('question=%E9%97%AE', 'application/x-www-form-urlencoded')]);
    out.push([`${route} 1 MB body`, route, json(`{"question":"问","pad":"${'x'.repeat(1 << 20)}"}`)]);
    out.push([
      `${route} lying content-length`,
      route,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '5' },
        body: '{"question":"问问问问问问"}',
      },
    ]);
    out.push([`${route} GET`, route]);
  }
  const badPaths = [
    '/%ZZ',
    '/%',
    '/%E0%A4%A',
    '/%C3%28',
    '/%FF',
    '/api/%ZZ',
    '/api/reports/%ZZ',
    '/api/reports/%ZZ/text',
    '/wecom/%ZZ',
    '/app.js%',
    '/%00',
    '/%0A',
    '/index.html%00.js',
    '/api/reports?org=%ZZ',
    '/api/reports?year=%',
    '/?q=%E4%B8%AD%',
  ];
  for (const p of badPaths)
    out.push([`bad encoding ${p}`, p], [`bad encoding POST ${p}`, p, json('{"question":"问"}')]);
  const traversal = [
    '/../package.json',
    '/..%2Fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/vendor/../../package.json',
    '/vendor/..%2F..%2Fpackage.json',
    '/vendor/%2e%2e/%2e%2e/package.json',
    '/..\\package.json',
    '/..%5Cpackage.json',
    '/page.e2e.test.ts',
    '/app.js/../../../package.json',
    '/.git/config',
    '/src/web/app.js',
    '//etc/passwd',
    '/%2Fetc%2Fpasswd',
    '/vendor/echarts.min.js/..',
    '/vendor/',
    '/vendor',
    '/.env',
    '/markdown.js%2F..%2F..%2F..%2Fpackage.json',
    '/api/reports/../../package.json',
    '/api/reports/1/../../../package.json',
    '/node_modules/echarts/package.json',
    '/favicon.svg/.',
    '/index.html/',
  ];
  for (const p of traversal) out.push([`traversal ${p}`, p]);
  const queries = [
    'year=abc',
    'year=20211',
    'year=-2021',
    'year=',
    'year=2021&year=2020',
    'limit=0',
    'limit=101',
    'limit=-1',
    'limit=1.5',
    'limit=abc',
    'limit=1e309',
    'limit=Infinity',
    'offset=-1',
    'offset=1e99',
    'offset=abc',
    'offset=0x10',
    `org=${'镇'.repeat(101)}`,
    'org=&org=',
    'org[]=a',
    'region[$ne]=1',
    "org=' OR 1=1 --",
    'level=%00',
    `${'a'.repeat(5000)}=1`,
    'limit=100&limit=1',
    'offset=9999999999',
  ];
  for (const q of queries) out.push([`query ${q.slice(0, 30)}`, `/api/reports?${q}`]);
  for (const id of ['abc', '0', '-1', '1.5', '1e3x', '99999999999999999999', '%20', ' 1', '0x1', 'NaN']) {
    out.push(
      [`id ${id}`, `/api/reports/${encodeURIComponent(id)}`],
      [`id text ${id}`, `/api/reports/${encodeURIComponent(id)}/text`],
    );
  }
  for (const auth of [
    null,
    '',
    'Bearer',
    'Bearer ',
    'Bearer wrong',
    'Bearer secre',
    'Bearer secrets',
    'bearer secret',
    'Bearer secret ',
    'Basic c2VjcmV0',
    `Bearer ${'s'.repeat(10_000)}`,
    'Bearer \u00e7\u00a7\u0098\u00e5\u00af\u0086',
    'Bearer secret\t',
  ]) {
    out.push([`ingest token ${String(auth).slice(0, 20)}`, '/api/ingest', upload(auth)]);
  }
  out.push([
    'ingest not multipart',
    '/api/ingest',
    { method: 'POST', headers: { authorization: 'Bearer secret', 'content-type': 'text/plain' }, body: 'x' },
  ]);
  out.push([
    'ingest no boundary',
    '/api/ingest',
    { method: 'POST', headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data' }, body: 'x' },
  ]);
  out.push([
    'ingest broken multipart',
    '/api/ingest',
    {
      method: 'POST',
      headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
    },
  ]);
  out.push([
    'ingest no file field',
    '/api/ingest',
    {
      method: 'POST',
      headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="other"\r\n\r\nabc\r\n--x--\r\n',
    },
  ]);
  out.push([
    'ingest garbage files',
    '/api/ingest',
    upload('Bearer secret', [
      ['a.pdf', 'not a pdf'],
      ['b.docx', 'not a zip'],
      ['c.exe', 'MZ'],
      ['../../d.txt', ''],
    ]),
  ]);
  out.push([
    'ingest 30 MB',
    '/api/ingest',
    {
      method: 'POST',
      headers: { authorization: 'Bearer secret', 'content-type': 'multipart/form-data; boundary=x' },
      body: `--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n${'x'.repeat(30 << 20)}\r\n--x--\r\n`,
    },
  ]);
  const deep = `<xml>${'<a>'.repeat(100_000)}x${'</a>'.repeat(100_000)}</xml>`;
  const bomb =
    '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
  const now = Math.floor(Date.now() / 1000);
  const signed = (extra = '') => `?msg_signature=${'0'.repeat(40)}&timestamp=${now}&nonce=n${extra}`;
  for (const route of ['/wecom/callback', '/wecom/aibot']) {
    for (const body of [
      deep,
      bomb,
      '<xml><Encrypt>abc</Encrypt></xml>',
      '<xml><Encrypt>abc</Encrypt>',
      '{"encrypt":"abc"}',
      '{"encrypt":5}',
      'null',
      '[]',
      '',
      '\u0000'.repeat(100),
      `<xml><Encrypt>${'A'.repeat(500_000)}</Encrypt></xml>`,
    ]) {
      out.push([`${route} POST ${body.slice(0, 20)}`, `${route}${signed()}`, { method: 'POST', body }]);
    }
    for (const q of [
      '',
      '?echostr=x',
      signed('&echostr=abc'),
      `?msg_signature=x&timestamp=1&nonce=n&echostr=x`,
      `?msg_signature=x&timestamp=${encodeURIComponent('1\nwecom: forged line')}&nonce=n&echostr=x`,
      `?msg_signature=x&timestamp=${now}&nonce=${encodeURIComponent('n\r\nforged')}&echostr=${encodeURIComponent('x\n')}`,
      `?msg_signature=x&timestamp=NaN&nonce=n&echostr=x`,
      `?msg_signature=x&timestamp=${'9'.repeat(400)}&nonce=n&echostr=x`,
      '?msg_signature[]=x&timestamp=1&nonce=n&echostr=x',
    ]) {
      out.push([`${route} GET ${q.slice(0, 30)}`, `${route}${q}`]);
    }
    out.push([`${route} 2 MB`, `${route}${signed()}`, { method: 'POST', body: 'x'.repeat(2 << 20) }]);
  }
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS'])
    for (const p of ['/api/ask', '/api/reports', '/api/ingest', '/healthz'])
      out.push([`${method} ${p}`, p, { method }]);
  out.push(['huge header', '/healthz', { headers: { 'x-filler': 'x'.repeat(100_000) } }]);
  out.push([
    'forged forwarded-for',
    '/api/reports',
    { headers: { 'x-forwarded-for': `${'1.1.1.1, '.repeat(5000)}1.1.1.1` } },
  ]);
  return out;
}

describe('hostile requests', async () => {
  const { db, make } = await sampleApp();
  const logs: string[] = [];
  const root = join(SAMPLES, '..', '..');
  const assets = pageAssets(join(root, 'src', 'web'), {
    'echarts.min.js': join(root, 'node_modules', 'echarts', 'dist', 'echarts.min.js'),
  });
  const hostile = {
    wecom: { config: WECOM, log: (l: string) => logs.push(l) },
    clientIp: () => '203.0.113.7',
    log: (l: string) => logs.push(l),
    assets,
  };
  // Malformed requests meet the checks, not the rate limit; the flood meets the limit.
  const app = make({ ...hostile, limits: { askPerMinute: 0 } });
  const limited = make({ ...hostile, limits: { askPerMinute: 20 } });
  const snapshot = () =>
    JSON.stringify({
      changes: db.prepare('SELECT total_changes() AS n').get(),
      reports: exportReports(db),
      chunks: db.prepare('SELECT COUNT(*) AS n FROM chunks').get(),
    });

  it('answers none of ≥ 300 hostile requests with a 500 or a stack, and changes nothing', async () => {
    // An ordinary question first reads the corpus, which fills the org names table (schema 15) once.
    expect((await app.request('/api/ask', json('{"question":"花马池镇2021年行政处罚多少件"}'))).status).toBe(200);
    const before = snapshot();
    const requests = hostileRequests();
    // A flood: one client asking and listing far past its budget.
    for (let i = 0; i < 40; i++)
      requests.push(
        [`flood ask ${i}`, '/api/ask', json('{"question":"花马池镇"}')],
        [`flood list ${i}`, '/api/reports?limit=1'],
      );
    expect(requests.length).toBeGreaterThanOrEqual(300);
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    for (const [label, path, init] of requests) {
      const res = await (label.startsWith('flood') ? limited : app).request(path, init);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = await res.text();
      if (res.status >= 500) bad.push(`${label}: ${res.status} ${body.slice(0, 100)}`);
      if (STACK.test(body)) bad.push(`${label}: stack in ${body.slice(0, 200)}`);
      if (body.includes('"name": "govreport-qa"') || body.includes('root:'))
        bad.push(`${label}: served a file outside the page`);
      if (res.headers.get('x-content-type-options') !== 'nosniff' || !res.headers.get('content-security-policy'))
        bad.push(`${label}: no security headers`);
      if (res.status === 429 && !Number(res.headers.get('retry-after'))) bad.push(`${label}: 429 without Retry-After`);
      const isJson = res.headers.get('content-type')?.startsWith('application/json');
      if (res.status >= 400 && !path.startsWith('/wecom/')) {
        if (!isJson) bad.push(`${label}: ${res.status} not JSON`);
        else {
          const error = (JSON.parse(body) as { error?: unknown }).error;
          if (typeof error !== 'string' || !HAN.test(error))
            bad.push(`${label}: error ${JSON.stringify(error)?.slice(0, 80)} is not a Chinese message`);
        }
      }
    }
    expect(bad).toEqual([]);
    // The flood's first 20 questions and 20 listings go through; the rest are 429.
    expect(statuses.get(429)).toBe(40);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(logs.filter((l) => /[\n\r\u2028\u2029]/.test(l))).toEqual([]);
    expect(snapshot()).toBe(before);
    console.log(
      `hostile sweep: ${requests.length} requests in process; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
  });

  it('through a real server: slow clients are cut off, oversized headers and bad request lines refused, nothing changes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'r.db');
    const server = await start(
      { PORT: '0', HOST: '127.0.0.1', DB_PATH: path, ADMIN_TOKEN: 'secret', RATE_LIMIT_PER_MIN: '5' },
      { headersTimeout: 600, requestTimeout: 1200, keepAliveTimeout: 500, connectionsCheckingInterval: 100 },
    );
    const reader = openDatabase(path, { readonly: true });
    const before = JSON.stringify(exportReports(reader));
    const base = `http://127.0.0.1:${server.port}`;
    /** Sends raw bytes, then waits for the server to answer or close; resolves with what came back and when. */
    const raw = (bytes: string, waitMs = 4000) =>
      new Promise<{ text: string; ms: number }>((resolve) => {
        const t0 = performance.now();
        const socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
        let text = '';
        socket.on('data', (d) => (text += d.toString('latin1')));
        const done = () => resolve({ text, ms: performance.now() - t0 });
        socket.on('close', done);
        socket.on('error', done);
        setTimeout(() => socket.destroy(), waitMs);
      });
    try {
      const results = await Promise.all([
        raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '),
        raw(
          'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question":',
        ),
        raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`),
        raw('GARBAGE\r\n\r\n'),
        raw('GET /%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        raw('GET /../package.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        raw('GET /page.e2e.test.ts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]);
      const [slowHeaders, slowBody, bigHeader, garbage, badPath, traversal, testFile] = results;
      // Cut off near the configured limits (plus the check interval), not after Node's 300 s.
      expect(slowHeaders!.ms).toBeLessThan(2500);
      expect(slowHeaders!.text).not.toMatch(/^HTTP\/1\.1 200/);
      expect(slowBody!.ms).toBeLessThan(3500);
      expect(slowBody!.text).not.toMatch(/^HTTP\/1\.1 [25]/);
      expect(bigHeader!.text).toMatch(/^HTTP\/1\.1 431/);
      expect(garbage!.text).toMatch(/^HTTP\/1\.1 400/);
      expect(badPath!.text).toMatch(/^HTTP\/1\.1 400/);
      expect(traversal!.text).toMatch(/^HTTP\/1\.1 404/);
      expect(testFile!.text).toMatch(/^HTTP\/1\.1 404/);
      // Rate limited by the socket's address, whatever X-Forwarded-For claims (the slow POST above was the first question).
      const asks = [];
      for (let i = 0; i < 8; i++)
        asks.push(
          (
            await fetch(`${base}/api/ask`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
              body: '{"question":"花马池镇"}',
            })
          ).status,
        );
      expect(asks).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
      const wrong = await fetch(`${base}/api/ingest`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong', 'content-type': 'multipart/form-data; boundary=x' },
        body: 'x'.repeat(5 << 20),
      }).catch(() => null);
      expect(wrong === null || wrong.status === 401).toBe(true);
      for (const r of results) expect(r.text).not.toMatch(/HTTP\/1\.1 5\d\d|\n\s+at /);
      expect(JSON.stringify(exportReports(reader))).toBe(before);
    } finally {
      reader.close();
      server.close();
    }
  });
});
