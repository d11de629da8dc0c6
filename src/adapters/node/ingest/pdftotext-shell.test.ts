import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../../ingest/errors.ts';
import { REAL_DIR } from '../../../../ingest/test-support/gold.ts';
import { pdfTools } from './pdf-tools.ts';
import { pdftotextTsv } from './pdftotext-shell.ts';

const HUAIAN = join(REAL_DIR, 'huaian_2024_szfgs2024.pdf');
const LIMITS = { lastPage: 61, timeoutMs: 30_000, maxBytes: 1 << 24 };
const direct = (pdf: string, last: number) =>
  execFileSync('pdftotext', ['-tsv', '-l', String(last), pdf, '-'], { encoding: 'utf8' });

describe.skipIf(!pdfTools().pdftotext)('pdftotext through a long-lived shell', () => {
  it('outputs what pdftotext run directly does, for calls running at once', async () => {
    const bytes = readFileSync(HUAIAN);
    const got = await Promise.all([1, 3, 6].map((last) => pdftotextTsv(bytes, { ...LIMITS, lastPage: last })));
    expect(got).toEqual([1, 3, 6].map((last) => direct(HUAIAN, last)));
    expect(got[2]!.length).toBeGreaterThan(got[0]!.length);
  });

  it('gives pdftotext’s complaint about a broken PDF as a plain error (pdf.js tries next)', async () => {
    const err = await pdftotextTsv(Buffer.from('%PDF-1.4\nnot really a pdf\n'), LIMITS).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(IngestError);
    expect((err as Error).message).toMatch(/^not a readable PDF \(pdftotext: .+\)$/);
  });

  it('refuses output over the byte limit and a run over the time limit, and works on afterwards', async () => {
    const bytes = readFileSync(HUAIAN);
    await expect(pdftotextTsv(bytes, { ...LIMITS, maxBytes: 4096 })).rejects.toThrow(
      new IngestError('pdftotext output more than 4096 bytes (limit)'),
    );
    await expect(pdftotextTsv(bytes, { ...LIMITS, timeoutMs: 1 })).rejects.toThrow(/longer than 0.001 s \(limit\)/);
    expect(await pdftotextTsv(bytes, LIMITS)).toBe(direct(HUAIAN, 61));
  });

  it('replaces an idle shell that has died', async () => {
    const bytes = readFileSync(HUAIAN);
    await pdftotextTsv(bytes, LIMITS);
    const shells = execFileSync('pgrep', ['-P', String(process.pid), '-x', 'sh'], { encoding: 'utf8' });
    for (const pid of shells.split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect(await pdftotextTsv(bytes, LIMITS)).toBe(direct(HUAIAN, 61));
  });

  const inChild = (tmp: string, end: string) => {
    const script = `import { readFileSync } from 'node:fs';
      import { pdftotextTsv } from ${JSON.stringify(join(import.meta.dirname, 'pdftotext-shell.ts'))};
      const tsv = await pdftotextTsv(readFileSync(${JSON.stringify(HUAIAN)}), ${JSON.stringify(LIMITS)});
      console.log(tsv.split('\\n').length);
      ${end}`;
    return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, TMPDIR: tmp },
    });
  };
  const shellDirs = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('pdftotext-'));

  it('does not keep a process alive once idle, and leaves no files behind', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'shell-test-'));
    try {
      expect(Number(inChild(tmp, '').trim())).toBeGreaterThan(1000);
      expect(shellDirs(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('leaves no files behind when its process is killed', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'shell-test-'));
    try {
      expect(() => inChild(tmp, "process.kill(process.pid, 'SIGKILL');")).toThrow();
      for (let i = 0; i < 50 && shellDirs(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(shellDirs(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
