/**
 * npm run test:worker — the Worker as wrangler runs it, offline: ingests the sample corpus on
 * Node, exports it (`export:d1`), loads the SQL into local D1 (`wrangler d1 execute --local`),
 * starts `wrangler dev --local --ip 127.0.0.1 --port <free>` over wrangler.toml, asks a numeric
 * and a narrative question (and fetches the page) over HTTP, checks the answers, stops wrangler.
 * Vectorize and Workers AI are remote-only: run with EMBEDDINGS=local-hashed, the Worker finds
 * Vectorize unreachable and answers from D1's FTS5, saying so in a warning. Exits non-zero on
 * any failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, sampleDb } from '../../../../eval/corpora.ts';
import type { Answer } from '../../../domain/types.ts';
import { buildAssets } from '../build-assets.mjs';

const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** Offline: no telemetry, no Request.cf download, no update check. */
const ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_LOG: 'warn',
  NO_UPDATE_NOTIFIER: '1',
  CI: 'true',
};
const READY_MS = 120_000;

/**
 * wrangler.toml with its three relative paths made absolute, written into `dir`: wrangler keeps
 * its scratch files (.wrangler/) beside the config, so they land in the temporary directory and
 * not in the work tree. Bindings and vars are the real file's.
 */
function configIn(dir: string): string {
  let toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const swaps: [RegExp, string][] = [
    [/^main = "([^"]+)"/m, `main = "${join(ROOT, 'src/adapters/cloudflare/worker.ts')}"`],
    [/^directory = "([^"]+)"/m, `directory = "${join(ROOT, 'out/cf-assets')}"`],
    [/^command = "node ([^"]+)"/m, `command = "node ${join(ROOT, 'src/adapters/cloudflare/build-assets.mjs')}"`],
  ];
  for (const [re, line] of swaps) {
    if (!re.test(toml)) throw new Error(`wrangler.toml has no line matching ${re}: update test-worker.ts`);
    toml = toml.replace(re, line);
  }
  const path = join(dir, 'wrangler.toml');
  writeFileSync(path, toml);
  return path;
}

function run(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [cmd, ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', fail);
    p.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${what} exited with ${code}:\n${out.slice(-3000)}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** Stops wrangler and workerd (its own process group): SIGTERM, then SIGKILL. */
async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((done) => p.once('exit', () => done()));
  try {
    process.kill(-p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'govreport-test-worker-'));
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = '') => {
    checks.push({ name, ok, detail });
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  };
  let wrangler: ChildProcess | null = null;
  let log = '';
  try {
    const t0 = performance.now();
    (await sampleDb(dir)).close();
    await run(
      TSX,
      ['src/adapters/cloudflare/export-d1.ts', '--db', join(dir, 'samples.db'), '--out', join(dir, 'd1')],
      'npm run export:d1',
    );
    buildAssets();
    const state = join(dir, 'state');
    const config = configIn(dir);
    await run(
      WRANGLER,
      [
        'd1',
        'execute',
        'govreport-qa',
        '--config',
        config,
        '--local',
        '--persist-to',
        state,
        '--file',
        join(dir, 'd1', 'd1.sql'),
        '--yes',
      ],
      'wrangler d1 execute --local',
    );
    console.log(`exported and loaded into local D1 (${Math.round(performance.now() - t0)} ms)`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    wrangler = spawn(
      process.execPath,
      [
        WRANGLER,
        'dev',
        '--config',
        config,
        '--local',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--persist-to',
        state,
        '--var',
        'EMBEDDINGS:local-hashed',
        '--show-interactive-dev-session=false',
        '--inspector-port',
        String(await freePort()),
      ],
      { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    wrangler.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    wrangler.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const started = performance.now();
    type Health = { ok?: boolean; reports?: number };
    let health: Health | null = null;
    while (performance.now() - started < READY_MS && wrangler.exitCode === null) {
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) {
          health = (await res.json()) as Health;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    check(
      'wrangler dev --local serves /healthz with the 5 sample reports',
      health?.reports === 5,
      health ? JSON.stringify(health) : `not ready after ${READY_MS} ms`,
    );
    if (!health) throw new Error('wrangler dev did not start');

    const ask = async (question: string): Promise<Answer> => {
      const res = await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      if (!res.ok) throw new Error(`/api/ask ${res.status}: ${await res.text()}`);
      return (await res.json()) as Answer;
    };
    const exact = async (a: Answer) => {
      for (const c of a.citations) {
        const t = (await (await fetch(`${base}/api/reports/${c.reportId}/text`)).json()) as { text: string };
        if (t.text.slice(c.start, c.end) !== c.quote) return false;
      }
      return a.citations.length > 0;
    };
    const question = (file: string, id: string) =>
      readFileSync(join(ROOT, 'eval', 'questions', file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(
          (l) =>
            JSON.parse(l) as { id: string; question: string; expected: { numbers?: number[]; keywords?: string[] } },
        )
        .find((q) => q.id === id)!;

    const num = question('numeric.jsonl', 'num-001');
    const a = await ask(num.question);
    check(
      `numeric: ${num.question}`,
      a.route === 'sql' && num.expected.numbers!.every((n) => a.answer.includes(String(n))) && (await exact(a)),
      a.answer.split('\n')[0]!,
    );

    const nar = question('narrative.jsonl', 'nar-002');
    const b = await ask(nar.question);
    const keywords = nar.expected.keywords ?? [];
    check(
      `narrative: ${nar.question}`,
      b.route === 'retrieval' && keywords.every((k) => b.answer.includes(k)) && (await exact(b)),
      `${b.citations.length} citations; ${b.answer.replace(/\s+/g, ' ').slice(0, 80)}…`,
    );
    check(
      'narrative: Vectorize is remote-only, so the answer says it used full-text search only',
      (b.warnings ?? []).some((w) => w.includes('全文检索')),
      (b.warnings ?? []).join(' '),
    );

    const chat = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: num.question }),
    });
    const sse = await chat.text();
    check(
      'POST /api/chat streams SSE to the done event',
      chat.headers.get('content-type')?.includes('text/event-stream') === true && sse.includes('event: done'),
    );
    const page = await fetch(`${base}/`);
    check('GET / serves the page from the assets', page.ok && (await page.text()).includes('年报问答'));
    const echarts = await fetch(`${base}/vendor/echarts.min.js`);
    check('GET /vendor/echarts.min.js', echarts.ok && (await echarts.text()).length > 100_000);
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a.txt');
    const ingest = await fetch(`${base}/api/ingest`, { method: 'POST', body: form });
    check('POST /api/ingest is 501 on Workers', ingest.status === 501);
  } catch (e) {
    check('test:worker ran to the end', false, (e as Error).message);
  } finally {
    if (wrangler) await stop(wrangler);
    rmSync(dir, { recursive: true, force: true });
  }
  const failed = checks.filter((c) => !c.ok).length;
  if (failed && log) console.log(`\nwrangler dev output (last lines):\n${log.slice(-4000)}`);
  console.log(`\ntest:worker: ${checks.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
