import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { REAL_DIR } from '../../../../ingest/test-support/gold.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * Runs the ingest CLI and signals it once `after` files are printed: through `npm run ingest`
 * with SIGINT to the whole process group (Ctrl-C in a terminal), or as node alone with SIGTERM
 * (a supervisor).
 */
function interrupted(
  db: string,
  files: string[],
  after: number,
  signal: 'SIGINT' | 'SIGTERM',
): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; out: string }> {
  return new Promise((done) => {
    const args = ['--db', db, ...files];
    const child =
      signal === 'SIGINT'
        ? spawn('npm', ['run', '--silent', 'ingest', '--', ...args], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
          })
        : spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node/ingest/cli.ts', ...args], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
    let out = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!sent && (out.match(/^added /gm) ?? []).length >= after) {
        sent = true;
        process.kill(signal === 'SIGINT' ? -child.pid! : child.pid!, signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code, killedBy) => done({ code, killedBy, out }));
  });
}

describe('stopping npm run ingest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signals-'));
  const files: string[] = [];
  for await (const g of generateCorpus({
    seed: 11,
    orgs: 60,
    years: [2021, 2022, 2023, 2024, 2025],
    layouts: ['tabs'],
  })) {
    files.push(join(dir, g.name));
    writeFileSync(files.at(-1)!, g.bytes);
    if (files.length === 300) break;
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal === 'SIGINT' ? 'Ctrl-C through npm run ingest' : 'SIGTERM'}: what is printed is what is committed, and nothing is half-written`, async () => {
      const db = join(dir, `${signal}.db`);
      const { code, killedBy, out } = await interrupted(db, files, 40, signal);
      expect(out).toMatch(/stopping after the files in hand/);
      expect(out).toMatch(/^summary: stopped after \d+ of 300 files/m);
      // The CLI exits 130; npm, signalled too, then ends itself by the same signal.
      expect(signal === 'SIGINT' ? killedBy : code).toBe(signal === 'SIGINT' ? 'SIGINT' : 130);
      if (signal === 'SIGINT') expect(out).not.toMatch(/Killed|SIGKILL/);
      const printed = [...out.matchAll(/^added (\S+)/gm)].map((m) => m[1]!).sort();
      const conn = openDatabase(db);
      const stored = (conn.prepare('SELECT path FROM reports ORDER BY path').all() as { path: string }[]).map(
        (r) => r.path,
      );
      expect(stored).toEqual(printed);
      expect(stored.length).toBeGreaterThanOrEqual(40);
      expect(stored.length).toBeLessThan(300);
      expect(conn.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(conn.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'cells_by_key'").get()).toEqual({
        n: 1,
      });
      expect(
        conn.prepare('SELECT COUNT(*) AS n FROM cells WHERE report_id NOT IN (SELECT id FROM reports)').get(),
      ).toEqual({ n: 0 });
      conn.close();
    }, 300_000);
  }
});

describe('stopping npm start', () => {
  it('SIGTERM: the upload in flight completes and is stored, then the process exits 0', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sigterm-server-')), 'server.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/node/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DB_PATH: db, PORT: '0', ADMIN_TOKEN: 't' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const base = await new Promise<string>((ok) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (m) ok(m[1]!);
      });
    });
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(REAL_DIR, 'huaian_2024_szfgs2024.pdf'))]), 'huaian.pdf');
    const t0 = performance.now();
    const upload = fetch(`${base}/api/ingest`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: form,
    }).then(
      (r) => r.json(),
      (e: Error) => ({ error: `${e.message}: ${String(e.cause)}` }),
    );
    // Once the body is sent: the PDF takes longer than this to parse and index.
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    const body = (await upload) as { results: { outcome: string }[] };
    const code = await exited;
    expect({ body, code, out }).toMatchObject({ body: { results: [{ outcome: 'added' }] }, code: 0 });
    expect(performance.now() - t0).toBeGreaterThan(500);
    expect(out).toMatch(/SIGTERM: finishing requests in flight/);
    const conn = openDatabase(db);
    expect(conn.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 6 });
    conn.close();
  }, 300_000);
});
