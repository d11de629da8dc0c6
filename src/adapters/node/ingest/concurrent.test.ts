import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { generateCorpus } from '../../../../eval/generator/corpus.ts';
import { indexingFromEnv } from '../indexing.ts';
import { ingestUploads, listReportFiles } from './ingest-files.ts';
import { SAMPLES_DIR } from '../../../../ingest/test-support/gold.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

function cli(db: string, files: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('npx', ['tsx', 'src/adapters/node/ingest/cli.ts', '--db', db, ...files], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('one writer at a time, the others wait', () => {
  it('two bulk CLI loads and uploads into one database all complete, each report stored once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concurrent-'));
    const files: string[] = [];
    for await (const g of generateCorpus({
      seed: 7,
      orgs: 50,
      years: [2020, 2021, 2022, 2023, 2024],
      layouts: ['tabs'],
    })) {
      files.push(join(dir, g.name));
      writeFileSync(files.at(-1)!, g.bytes);
      if (files.length === 250) break;
    }
    const db = join(dir, 'shared.db');
    // Both loads are bulk loads (over 200 files) into an empty database: both may drop the
    // aggregate index; they overlap on 190 files.
    const loads = [cli(db, files.slice(0, 220)), cli(db, files.slice(30))];
    const conn = openDatabase(db);
    const indexing = await indexingFromEnv({});
    const uploads = [];
    for (const f of listReportFiles([SAMPLES_DIR])) {
      await new Promise((r) => setTimeout(r, 1500));
      uploads.push(...(await ingestUploads(conn, [{ name: 'report.txt', bytes: readFileSync(f) }], indexing)));
    }
    const [a, b] = await Promise.all(loads);
    const all = `${a!.out}\n${b!.out}\n${JSON.stringify(uploads)}`;
    expect(all).not.toMatch(/locked|SQLITE_BUSY/i);
    expect([a!.code, b!.code]).toEqual([0, 0]);
    expect(uploads.map((u) => u.outcome)).toEqual(['added', 'added', 'added', 'added', 'added']);
    expect(all).not.toMatch(/^ERROR/m);
    const one = (sql: string) => conn.prepare(sql).get();
    expect(one('SELECT COUNT(*) AS n FROM reports')).toEqual({ n: 255 });
    expect(one('SELECT COUNT(DISTINCT path) AS n FROM reports')).toEqual({ n: 255 });
    expect(one("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'cells_by_key'")).toEqual({
      n: 1,
    });
    expect(one('SELECT COUNT(*) AS n FROM deferred_indexes')).toEqual({ n: 0 });
    expect(one('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    expect(one('SELECT COUNT(*) AS n FROM chunks_fts')).toEqual(one('SELECT COUNT(*) AS n FROM chunks'));
    console.log(`loads: ${a!.out.trim().split('\n').at(-1)} | ${b!.out.trim().split('\n').at(-1)}`);
    conn.close();
  }, 900_000);
});
