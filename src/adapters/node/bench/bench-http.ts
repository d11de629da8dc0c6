/**
 * npm run bench:http -- [--connections 50] [--seconds 30]
 * Starts the real server on 127.0.0.1 (a fresh database with the sample corpus, no rate limit)
 * and loads POST /api/ask with autocannon, cycling through mixed numeric and narrative questions.
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../main.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const QUESTIONS = [
  '花马池镇2021年行政处罚多少件？',
  '哪个镇行政处罚最多',
  '葛寨镇存在哪些主要问题？',
  '花马池镇在平台建设方面做了什么？',
  '2021年各镇新收申请合计多少？',
  '南郊镇收到多少申请',
  '古城镇如何加强监督保障',
  '花马池镇微信公众号公开了多少条信息',
  '大水坑镇2021年收到多少申请',
  '哪些报告是2019版模板',
];

const server = await start({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  DB_PATH: join(mkdtempSync(join(tmpdir(), 'bench-http-')), 'r.db'),
  RATE_LIMIT_PER_MIN: '0',
});
const times: number[] = [];
// The returned instance is both a promise of the result and an emitter of each response.
const instance = autocannon({
  url: `http://127.0.0.1:${server.port}`,
  connections: arg('--connections', 50),
  duration: arg('--seconds', 30),
  requests: QUESTIONS.map((q) => ({
    method: 'POST',
    path: '/api/ask',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: q }),
  })),
}) as unknown as Promise<autocannon.Result> & {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
const result = await instance;
server.close();
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]?.toFixed(1);
const l = result.latency;
console.log(
  `bench:http — ${result.connections} connections, ${result.duration} s, POST /api/ask over ${QUESTIONS.length} mixed questions`,
);
console.log(
  `requests: ${result.requests.total} (${result.requests.average}/s); errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
);
console.log(`latency ms (every response): p50 ${pct(50)}, p95 ${pct(95)}, p99 ${pct(99)}, max ${l.max}`);
process.exitCode = result.errors + result.timeouts + result.non2xx === 0 ? 0 : 1;
