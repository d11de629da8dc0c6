import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestFiles, listReportFiles } from './ingest-files.ts';
import { ParsePool } from './parse-pool.ts';
import { writeHostileCorpus } from './test-support/hostile.ts';
import { SAMPLES_DIR } from '../../../../ingest/test-support/gold.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
const corpus = writeHostileCorpus(join(dir, 'corpus'));

describe('a folder of hostile files mixed with good reports', () => {
  it('finishes, names each bad file with its reason, and stores every good one', async () => {
    const db = openDatabase(join(dir, 'folder.db'));
    const results = await ingestFiles(db, listReportFiles([join(dir, 'corpus')]), await indexingFromEnv({}));
    for (const bad of corpus.bad) {
      const r = results.find((x) => x.path.endsWith(bad.name))!;
      expect({ file: bad.name, outcome: r.outcome }).toEqual({ file: bad.name, outcome: 'error' });
      expect(r.error, bad.name).toMatch(bad.reason);
    }
    expect(
      results
        .filter((r) => r.outcome === 'added')
        .map((r) => r.path.split('/').at(-1))
        .sort(),
    ).toEqual([...corpus.good].sort());
    expect(db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: corpus.good.length });
    db.close();
  }, 300_000);
});

describe('the sandbox', () => {
  const sample = readFileSync(join(SAMPLES_DIR, '000_02e80cf19b94c8cc.txt'));

  it('fails a file over the time limit with the limit named, and replaces the worker', async () => {
    const pool = new ParsePool({ size: 1, limits: { timeMs: 1, heapMb: 1024, rssGrowthMb: 4096 } });
    const first = await pool.parse('a.txt', sample);
    expect(first).toMatchObject({ ok: false, error: 'parsing took longer than 0.001 s (limit)' });
    const second = await pool.parse('a.txt', sample);
    expect(second).toMatchObject({ ok: false, error: 'parsing took longer than 0.001 s (limit)' });
    await pool.close();
  }, 120_000);

  it('fails a file over the memory limit with the limit named, and goes on', async () => {
    const pool = new ParsePool({ size: 1, limits: { timeMs: 60_000, heapMb: 4, rssGrowthMb: 4096 } });
    expect(await pool.parse('a.txt', sample)).toMatchObject({
      ok: false,
      error: 'parsing needed more than 4 MB of memory (limit)',
    });
    expect(await pool.parse('a.txt', sample)).toMatchObject({
      ok: false,
      error: 'parsing needed more than 4 MB of memory (limit)',
    });
    await pool.close();
  }, 120_000);
});

/** npm start in a child process, on a free port, with uploads enabled. */
async function startServer(db: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DB_PATH: db, PORT: '0', ADMIN_TOKEN: 't' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, base };
}

describe('hostile uploads to the real server', () => {
  let server: { child: ChildProcess; base: string } | null = null;
  afterAll(() => void server?.child.kill('SIGTERM'));

  it('keep /healthz answering within 1 s during every upload, and the process survives', async () => {
    server = await startServer(join(dir, 'server.db'));
    const { base, child } = server;
    const worst: Record<string, number> = {};
    for (const bad of corpus.bad) {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(join(dir, 'corpus', bad.name))]), bad.name);
      let uploading = true;
      const upload = fetch(`${base}/api/ingest`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: form,
      }).finally(() => (uploading = false));
      let max = 0;
      while (uploading) {
        const t0 = performance.now();
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
        expect(res.status).toBe(200);
        max = Math.max(max, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await upload;
      const body = (await res.json()) as { results: { outcome: string; error?: string }[] };
      expect(res.status, bad.name).toBe(400);
      expect(body.results[0]!.error, bad.name).toMatch(bad.reason);
      worst[bad.name] = Math.round(max);
    }
    console.log('slowest /healthz during each hostile upload (ms):', worst);
    expect(Math.max(...Object.values(worst))).toBeLessThan(1000);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 600_000);
});
