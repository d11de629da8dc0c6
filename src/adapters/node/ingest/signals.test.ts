import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * Runs the ingest CLI as `npm run ingest` does (tsx, which relays signals to its node child and
 * kills it unless it answers within ~60 ms) and signals it once `after` files are printed.
 */
function interrupted(db: string, files: string[], after: number, signal: 'SIGINT' | 'SIGTERM', group: boolean): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/adapters/node/ingest/cli.ts', '--db', db, ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!sent && (out.match(/^added /gm) ?? []).length >= after) {
        sent = true;
        // Ctrl-C in a terminal signals the whole process group; `kill` signals tsx alone.
        process.kill(group ? -child.pid! : child.pid!, signal);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('stopping npm run ingest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signals-'));
  const files: string[] = [];
  for await (const g of generateCorpus({ seed: 11, orgs: 60, years: [2021, 2022, 2023, 2024, 2025], layouts: ['tabs'] })) {
    files.push(join(dir, g.name));
    writeFileSync(files.at(-1)!, g.bytes);
    if (files.length === 300) break;
  }

  for (const [signal, group] of [['SIGINT', true], ['SIGTERM', false]] as const) {
    it(`${signal}${group ? ' to the process group (Ctrl-C)' : ' to tsx'}: what is printed is what is committed, and nothing is half-written`, async () => {
      const db = join(dir, `${signal}.db`);
      const { code, out } = await interrupted(db, files, 40, signal, group);
      expect(out).toMatch(/stopping after the files in hand/);
      expect(out).toMatch(/^summary: stopped after \d+ of 300 files/m);
      expect(code).toBe(130);
      const printed = [...out.matchAll(/^added (\S+)/gm)].map((m) => m[1]!).sort();
      const conn = openDatabase(db);
      const stored = (conn.prepare('SELECT path FROM reports ORDER BY path').all() as { path: string }[]).map((r) => r.path);
      expect(stored).toEqual(printed);
      expect(stored.length).toBeGreaterThanOrEqual(40);
      expect(stored.length).toBeLessThan(300);
      expect(conn.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(conn.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'cells_by_key'").get()).toEqual({ n: 1 });
      expect(conn.prepare('SELECT COUNT(*) AS n FROM cells WHERE report_id NOT IN (SELECT id FROM reports)').get()).toEqual({ n: 0 });
      conn.close();
    }, 300_000);
  }
});
