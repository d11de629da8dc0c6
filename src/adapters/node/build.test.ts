import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The bundles of `npm run build` (what `npm start` and the bench run) find what the TypeScript
 * finds from its own place: the schema, jieba's lists, the web page, the parse workers.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = join(ROOT, 'out', 'build-test');
const DB = join(mkdtempSync(join(tmpdir(), 'build-test-')), 'db.sqlite');

describe('npm run build', () => {
  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    const built = spawnSync(process.execPath, [join(ROOT, 'src/adapters/node/build.mjs'), '--out', OUT], {
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
  }, 60_000);

  it('the server bundle makes a database of the samples, serves the page and answers from the tables', async () => {
    const server = spawn(process.execPath, [join(OUT, 'main.js')], {
      env: { ...process.env, DB_PATH: DB, PORT: '0', HOST: '127.0.0.1', LLM_BASE_URL: '', EMBEDDINGS_BASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise((done) => server.once('exit', done));
    try {
      const port = await new Promise<string>((found, failed) => {
        let out = '';
        server.stdout.on('data', (d) => {
          out += String(d);
          const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
          if (m) found(m[1]!);
        });
        server.once('exit', () => failed(new Error(`the server stopped: ${out}`)));
      });
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: '花马池镇2021年行政处罚多少件？' }),
      });
      const answer = (await res.json()) as { route: string; answer: string };
      expect(answer.route).toBe('sql');
      expect(answer.answer).toContain('1319');
    } finally {
      server.kill('SIGTERM');
      await closed;
    }
  }, 120_000);

  it('the bench bundle times a fresh process to its first answer', () => {
    const run = spawnSync(process.execPath, [join(OUT, 'bench-query.js'), '--first-answer', '--db', DB], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const first = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; route: string };
    expect(first.ms).toBeGreaterThan(0);
    expect(first.route).toMatch(/^(sql|retrieval|none)$/);
  }, 60_000);
});
