/**
 * Runs pdftotext through a long-lived shell instead of spawning it from this process. Node forks
 * itself to spawn, and a fork copies the page tables of a process hundreds of MB large (pdf.js,
 * the index, the database), then write-faults its pages back: about 10 ms of this process's CPU
 * per PDF, with its event loop blocked until the child has started, against well under 1 ms for a
 * small shell's fork. Each shell reads one job at a time (the PDF in a file of its own directory);
 * a caller with a job running gets another shell, and two idle ones are kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { IngestError } from '../../../../ingest/errors.ts';
import { processCpuSeconds } from '../proc-cpu.ts';

export interface PdftotextLimits {
  /** Last page read. */
  lastPage: number;
  timeoutMs: number;
  /** Bytes of output (and of complaint) pdftotext may write: `ulimit -f` (512-byte blocks) stops it past them. */
  maxBytes: number;
}

/** SIGXFSZ (25) killed pdftotext: its output passed the shell's file-size limit. */
const RC_OVER_SIZE = 128 + 25;
const IDLE_KEPT = 2;

// The shell's directory is $1, of this process's making, and a job line holds two numbers: nothing
// from a file reaches the shell. At the end of its input (this thread or process gone, even
// killed) the shell removes the directory.
const SCRIPT = `while read -r last blocks; do
  (ulimit -f "$blocks" && exec pdftotext -tsv -l "$last" "$1/in.pdf" "$1/out.tsv" 2>"$1/err" </dev/null) &
  echo "$!"
  wait "$!"
  echo "$?"
done
rm -rf "$1"`;

class Shell {
  readonly dir = mkdtempSync(join(tmpdir(), 'pdftotext-'));
  private readonly child: ChildProcess;
  private lines: string[] = [];
  private partial = '';
  private waiting: (() => void) | null = null;
  dead: Error | null = null;

  constructor() {
    this.child = spawn('sh', ['-c', SCRIPT, 'sh', this.dir], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => {
      const parts = (this.partial + d).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts);
      this.waiting?.();
    });
    const die = (e: Error) => {
      this.dead ??= e;
      this.waiting?.();
    };
    this.child.on('error', die);
    this.child.on('exit', () => die(new Error('pdftotext shell exited')));
    this.child.stdin!.on('error', die);
    this.idle(true);
  }

  /** An idle shell must not keep the process alive. */
  idle(on: boolean) {
    for (const h of [this.child, this.child.stdin as Socket, this.child.stdout as Socket]) on ? h.unref() : h.ref();
  }

  private async line(): Promise<string> {
    while (this.lines.length === 0) {
      if (this.dead) throw this.dead;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = null;
    }
    return this.lines.shift()!;
  }

  /** pdftotext's exit status and complaint, or an IngestError past the time limit (the shell is then closed). */
  async run(pdf: Uint8Array, limits: PdftotextLimits): Promise<{ rc: number; tsv: string; err: string }> {
    writeFileSync(join(this.dir, 'in.pdf'), pdf);
    this.child.stdin!.write(`${limits.lastPage} ${Math.ceil(limits.maxBytes / 512)}\n`);
    let timer: NodeJS.Timeout | undefined;
    let pid = 0;
    const overtime = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          // It had just ended.
        }
        this.close();
        reject(new IngestError(`pdftotext took longer than ${limits.timeoutMs / 1000} s (limit)`));
      }, limits.timeoutMs);
    });
    try {
      return await Promise.race([
        overtime,
        (async () => {
          pid = Number(await this.line());
          const rc = Number(await this.line());
          const read = (f: string) => readFileSync(join(this.dir, f), 'utf8');
          return { rc, tsv: rc === 0 ? read('out.tsv') : '', err: read('err') };
        })(),
      ]);
    } finally {
      clearTimeout(timer);
      for (const f of ['in.pdf', 'out.tsv', 'err']) rmSync(join(this.dir, f), { force: true });
    }
  }

  close() {
    this.dead ??= new Error('pdftotext shell closed');
    this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** CPU seconds of the shell and the pdftotext runs it has waited for (Linux /proc; 0 elsewhere). */
  cpuSeconds(): number {
    return processCpuSeconds(this.child.pid);
  }
}

const idle: Shell[] = [];
const live = new Set<Shell>();
process.on('exit', () => {
  for (const s of live) s.close();
});

/**
 * `pdftotext -tsv` of a PDF: its output, or an IngestError over a limit, or a plain Error with
 * pdftotext's first line of complaint (so that pdf.js gets a try at a file poppler cannot read).
 */
export async function pdftotextTsv(pdf: Uint8Array, limits: PdftotextLimits): Promise<string> {
  let shell = idle.pop();
  while (shell?.dead) {
    live.delete(shell);
    shell.close();
    shell = idle.pop();
  }
  shell ??= new Shell();
  live.add(shell);
  shell.idle(false);
  let out: Awaited<ReturnType<Shell['run']>>;
  try {
    out = await shell.run(pdf, limits);
  } catch (e) {
    live.delete(shell);
    shell.close();
    throw e;
  }
  shell.idle(true);
  if (idle.length < IDLE_KEPT) idle.push(shell);
  else {
    live.delete(shell);
    shell.close();
  }
  if (out.rc === 0) return out.tsv;
  if (out.rc === RC_OVER_SIZE) throw new IngestError(`pdftotext output more than ${limits.maxBytes} bytes (limit)`);
  throw new Error(`not a readable PDF (pdftotext: ${firstLine(out.err) || `exit status ${out.rc}`})`);
}

export const firstLine = (s: string) =>
  s
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? '';

/** CPU seconds of the pdftotext runs of the shells now alive (a benchmark's accounting). */
export function shellCpuSeconds(): number {
  return [...live].reduce((s, sh) => s + sh.cpuSeconds(), 0);
}
